from django.core.management.base import BaseCommand

from gazette.demo.loader import (
    DEMO_EDITOR_PASSWORD,
    DEMO_EDITOR_USERNAME,
    create_demo_editor,
    load_demo_newsroom,
)


class Command(BaseCommand):
    help = (
        "Load the demo newsroom, The Meridian Ledger (safe to run again: it only adds what is "
        "missing), and create a demo superuser when the site has none."
    )

    def handle(self, *args, **options):
        created = load_demo_newsroom()
        self.stdout.write(
            "Demo newsroom ready: created {images} images, {authors} authors, {sections} sections, "
            "{articles} articles.".format(**created)
        )
        if create_demo_editor():
            self.stdout.write(
                self.style.WARNING(
                    f"Demo login created for the admin at /admin/: username "
                    f"'{DEMO_EDITOR_USERNAME}', password '{DEMO_EDITOR_PASSWORD}'. "
                    "This is for the demo only: never keep it on a public site."
                )
            )
