"""The pieces an article body is made of."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words as said or written, without quotation marks.")
    attribution = blocks.CharBlock(max_length=200, help_text="Who said it, e.g. 'Col. Ana Reyes'.")
    role = blocks.CharBlock(
        max_length=200, required=False, help_text="Their role, e.g. 'army spokeswoman'."
    )
    source = blocks.CharBlock(
        max_length=200, required=False, help_text="Where, e.g. 'in a televised briefing'."
    )

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(max_length=500, required=False)
    credit = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "image"
        template = "articles/blocks/image.html"


class MapBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="The map as an image; readers can open it full size.")
    caption = blocks.CharBlock(max_length=500)
    alt = blocks.CharBlock(
        max_length=500, help_text="What the map shows, for readers who cannot see it."
    )
    credit = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "site"
        template = "articles/blocks/map.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "h2", "h3", "ol", "ul"],
        template="articles/blocks/paragraph.html",
    )
    quote = QuoteBlock()
    image = ImageBlock()
    map = MapBlock()
    embed = EmbedBlock(max_width=800, template="articles/blocks/embed.html")
