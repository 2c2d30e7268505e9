from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "gazette.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .caching import bump_listing_version

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_listing_version, dispatch_uid=f"articles-listing-{signal}")
        post_delete.connect(bump_listing_version, dispatch_uid="articles-listing-delete")
