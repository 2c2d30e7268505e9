from django.core.management.base import BaseCommand

from gazette.demo.discussion import DEMO_READER_PASSWORD, READERS
from gazette.demo.loader import (
    DEMO_EDITOR_PASSWORD,
    DEMO_EDITOR_USERNAME,
    create_demo_editor,
    load_demo_newsroom,
)


class Command(BaseCommand):
    help = (
        "Load the demo newsroom, The Meridian Ledger, with its demo readers and the war report's "
        "discussion (safe to run again: it only adds what is missing), and create a demo "
        "superuser when the site has none."
    )

    def handle(self, *args, **options):
        created = load_demo_newsroom()
        self.stdout.write(
            "Demo newsroom ready: created {images} images, {authors} authors, {sections} sections, "
            "{articles} articles, {readers} readers, {comments} comments.".format(**created)
        )
        if create_demo_editor():
            self.stdout.write(
                self.style.WARNING(
                    f"Demo login created for the admin at /admin/: username "
                    f"'{DEMO_EDITOR_USERNAME}', password '{DEMO_EDITOR_PASSWORD}'. "
                    "This is for the demo only: never keep it on a public site."
                )
            )
        if created["readers"]:
            emails = ", ".join(f"'{reader.email}'" for reader in READERS)
            self.stdout.write(
                self.style.WARNING(
                    f"Demo reader logins at /accounts/login/ for the discussion: email {emails}, "
                    f"each with password '{DEMO_READER_PASSWORD}'. "
                    "For the demo only, like the editor login."
                )
            )
