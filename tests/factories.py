"""factory_boy factories for Gazette's models.

Wagtail pages live in a tree, so the page factories insert them under a parent with
`add_child` and then publish a revision the way an editor would; `publish=False` leaves a draft.
"""

from io import BytesIO

import factory
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.rich_text import RichText

from gazette.articles.models import ArticlePage, Author, SectionPage


def png_bytes(width: int = 64, height: int = 48, color: str = "navy") -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def site_home():
    return Site.objects.get(is_default_site=True).root_page.specific


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    class Params:
        width = 64
        height = 48

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.LazyAttributeSequence(
        lambda o, n: ImageFile(BytesIO(png_bytes(o.width, o.height)), name=f"image-{n}.png")
    )


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    role = "Correspondent"


class PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under `parent` and, unless `publish=False`, publishes it as an editor would."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, tags=(), **kwargs):
        parent = parent if parent is not None else cls._default_parent()
        page = model_class(*args, live=False, **kwargs)
        parent.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    @classmethod
    def _default_parent(cls):
        return site_home()


class SectionPageFactory(PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"Section {n}")
    intro = "Reporting from the region."


class ArticlePageFactory(PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article headline number {n}")
    standfirst = factory.LazyAttribute(lambda o: f"What happened in {o.title.lower()} and why.")
    dateline_place = "KARVENO"
    author = factory.SubFactory(AuthorFactory)
    body = factory.LazyFunction(
        lambda: [("paragraph", RichText("<p>The first paragraph of the report.</p>"))]
    )

    @classmethod
    def _default_parent(cls):
        return SectionPageFactory()


class ReaderFactory(factory.django.DjangoModelFactory):
    """A signed-up reader with a display name; the password is "password"."""

    class Meta:
        model = "accounts.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"reader{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    password = factory.django.Password("password")


def form_shown_a_minute_ago() -> str:
    """The signed `shown_at` of a comment form a person filled in for a minute."""
    import time

    from django.core import signing

    from gazette.comments.forms import FORM_SALT

    return signing.dumps(round(time.time() - 60, 1), salt=FORM_SALT)
