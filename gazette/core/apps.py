from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gazette.core"
    label = "core"
    verbose_name = "Gazette core"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image
        from wagtail.admin.widgets.chooser import BaseChooser

        from . import checks  # noqa: F401  (registers the system checks)
        from .wagtail_hooks import render_chooser_without_inline_script

        # Pillow refuses to decode anything larger than twice this: a pixel bomb that slips past
        # the upload form still cannot blow up a rendition worker.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS

        # Wagtail's choosers start themselves with inline scripts, which our CSP forbids.
        BaseChooser.render = render_chooser_without_inline_script
