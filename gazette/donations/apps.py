from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "gazette.donations"
    label = "donations"
    verbose_name = "Donations"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Donation
        from .queries import forget_progress_of_deleted_donation

        # An editor deleting an offline gift in the admin must not leave the bar showing it.
        post_delete.connect(
            forget_progress_of_deleted_donation,
            sender=Donation,
            dispatch_uid="donations-forget-progress-on-delete",
        )
