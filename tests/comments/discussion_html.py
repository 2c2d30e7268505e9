"""Reading the discussion's HTML in tests: the comments shown and their tree attributes."""

import lxml.html

HX = {"HX-Request": "true"}


def parse(response):
    return lxml.html.fromstring(response.content.decode())


def text(element) -> str:
    return " ".join(element.text_content().split())


def comments_on(document) -> list:
    """The comments shown, in page order, as (id, depth, parent) from their attributes."""
    return [
        (
            int(element.get("id").removeprefix("comment-")),
            int(element.get("data-depth")),
            int(element.get("data-parent")) if element.get("data-parent") else None,
        )
        for element in document.xpath("//article[contains(@class, 'comment ')]")
    ]


def comment_element(document, comment):
    (element,) = document.xpath(f"//article[@id='comment-{comment.pk}']")
    return element


def textarea_values(document) -> list[str]:
    """What each textarea holds, as a browser reads it (the newline after the tag is dropped)."""
    return [(area.text or "").removeprefix("\n") for area in document.xpath("//textarea")]
