from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "gazette.moderation"
    label = "moderation"
    verbose_name = "Moderation"
