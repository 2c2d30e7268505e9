"""What moderation stores: the policy editors set, the verdict on every comment, readers' flags,
bans and the audit log. Comments themselves belong to the comments app; moderation changes their
status only through `gazette.comments.actions`."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .policies import Mode, ProfanityMode


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


MODE_CHOICES = [
    (Mode.POST.value, "Post-moderation: publish at once unless a check holds the comment"),
    (Mode.PRE.value, "Pre-moderation: hold every comment for a moderator"),
    (Mode.PRE_NEW.value, "Pre-moderate new commenters until they have enough approved comments"),
]
PROFANITY_CHOICES = [
    (ProfanityMode.MASK.value, "Publish with the words masked"),
    (ProfanityMode.HOLD.value, "Hold for review"),
    (ProfanityMode.ALLOW.value, "Allow"),
]


@register_setting(icon="shield")
class ModerationSettings(BaseSiteSetting):
    """The site's moderation policy. Sections and articles may override parts of it."""

    mode = models.CharField(max_length=10, choices=MODE_CHOICES, default=Mode.POST.value)
    new_commenter_approved = models.PositiveSmallIntegerField(
        default=3,
        help_text="With pre-moderation of new commenters: approved comments before a reader's "
        "comments are published at once.",
    )
    banned_words = models.TextField(
        blank=True, help_text="One word or phrase per line; end with * for a prefix. Rejected."
    )
    watched_words = models.TextField(
        blank=True, help_text="One word or phrase per line; end with * for a prefix. Held."
    )
    new_account_days = models.PositiveSmallIntegerField(
        default=3, help_text="Accounts younger than this are new accounts."
    )
    new_account_link_limit = models.PositiveSmallIntegerField(
        default=2, help_text="Links a new account may post in one comment before it is held."
    )
    link_limit = models.PositiveSmallIntegerField(
        default=10, help_text="Links anyone may post in one comment before it is held."
    )
    profanity = models.CharField(
        max_length=8, choices=PROFANITY_CHOICES, default=ProfanityMode.MASK.value
    )
    nudge = models.BooleanField(
        default=True,
        help_text="Warn the author once, before storing it, that a comment looks like a call "
        "for violence and may be held.",
    )
    trust_approved = models.PositiveSmallIntegerField(
        default=5,
        help_text="Approved comments (and no recent rejection) that make a reader trusted.",
    )
    trust_rejection_percent = models.PositiveSmallIntegerField(
        default=30,
        help_text="A reader whose recent comments are rejected at this rate or more goes back "
        "to pre-moderation.",
    )
    trust_window_days = models.PositiveSmallIntegerField(default=7)
    close_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Days after an article's first publication that its discussion closes; 0: "
        "never. Empty: the server's default (COMMENTS_CLOSE_AFTER_DAYS).",
    )
    flag_hide_weight = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=3,
        help_text="Weighted reader flags that hide a comment until a moderator decides "
        "(a trusted reader's flag counts 2, a new account's 0, others 1).",
    )

    panels = [
        FieldPanel("mode"),
        FieldPanel("new_commenter_approved"),
        FieldPanel("close_after_days"),
        MultiFieldPanel([FieldPanel("banned_words"), FieldPanel("watched_words")], "Words"),
        MultiFieldPanel(
            [
                FieldPanel("new_account_days"),
                FieldPanel("new_account_link_limit"),
                FieldPanel("link_limit"),
            ],
            "New accounts and links",
        ),
        FieldPanel("profanity"),
        FieldPanel("nudge"),
        MultiFieldPanel(
            [
                FieldPanel("trust_approved"),
                FieldPanel("trust_rejection_percent"),
                FieldPanel("trust_window_days"),
                FieldPanel("flag_hide_weight"),
            ],
            "Trust and flags",
        ),
    ]

    class Meta:
        verbose_name = "Moderation policy"


class PolicyOverride(models.Model):
    """A section's or an article's changes to the site policy. Empty fields inherit; the
    article's override wins over its section's."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="moderation_override"
    )
    mode = models.CharField(max_length=10, choices=MODE_CHOICES, blank=True)
    extra_banned_words = models.TextField(blank=True, help_text="Added to the site's list.")
    extra_watched_words = models.TextField(blank=True, help_text="Added to the site's list.")
    new_account_link_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    new_commenter_approved = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="With pre-moderation of new commenters: approved comments before a reader's "
        "comments are published at once. Empty: the site's.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Days after first publication that the discussion closes; 0: never. Empty: "
        "the site's.",
    )
    discussions_closed = models.BooleanField(
        default=False,
        help_text="Close the discussion now (of the article, or of every article in the "
        "section). Comments already posted stay.",
    )

    panels = [
        PageChooserPanel("page", ["articles.SectionPage", "articles.ArticlePage"]),
        FieldPanel("mode"),
        FieldPanel("extra_banned_words"),
        FieldPanel("extra_watched_words"),
        FieldPanel("new_account_link_limit"),
        FieldPanel("new_commenter_approved"),
        FieldPanel("close_after_days"),
        FieldPanel("discussions_closed"),
    ]

    class Meta:
        verbose_name = "moderation rules for a section or article"
        verbose_name_plural = "moderation rules for sections and articles"

    def __str__(self) -> str:
        return f"Moderation rules for {self.page.title}"


class Verdict(models.Model):
    """The pipeline's decision on a comment, the reasons for it and the reader flags since."""

    class Decision(models.TextChoices):
        PUBLISH = "publish", "Published"
        HOLD = "hold", "Held"
        REJECT = "reject", "Rejected"

    comment = models.OneToOneField(
        "comments.Comment", on_delete=models.CASCADE, primary_key=True, related_name="verdict"
    )
    decision = models.CharField(max_length=8, choices=Decision.choices)
    reasons = models.JSONField(default=list, help_text="The phases' reasons, as dictionaries.")
    severity = models.PositiveSmallIntegerField(default=0)
    top_category = models.CharField(max_length=12, blank=True)
    nudge_ignored = models.BooleanField(
        default=False, help_text="The author was warned before posting and posted anyway."
    )
    flag_count = models.PositiveIntegerField(default=0)
    flag_weight = models.FloatField(default=0.0)
    is_reported = models.BooleanField(
        default=False, help_text="Hidden by reader flags until a moderator decides."
    )
    awaiting_review = models.BooleanField(default=False, db_index=True)
    created = models.DateTimeField()
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["awaiting_review", "-created"], name="verdict_queue_newest"),
            models.Index(fields=["awaiting_review", "-flag_weight"], name="verdict_queue_flags"),
            models.Index(fields=["awaiting_review", "-severity"], name="verdict_queue_urgent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: comment {self.comment_id}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        ABUSIVE = "abusive", "Abusive"
        VIOLENCE = "violence", "Calls for violence"
        SPAM = "spam", "Spam"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Other"

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_flags"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    weight = models.FloatField()
    created = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="flag_once_per_reader"),
        ]
        indexes = [models.Index(fields=["reporter", "-created"], name="flag_by_reporter")]

    def __str__(self) -> str:
        return f"Flag ({self.reason}) on comment {self.comment_id}"


class Ban(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_bans"
    )
    until = models.DateTimeField(null=True, blank=True, help_text="Empty: for good.")
    reason = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "lifted"], name="ban_active")]

    def __str__(self) -> str:
        return f"Ban of {self.user_id}"


class AuditEvent(models.Model):
    """Who did what, when and why: every moderator decision and every automatic action."""

    class Action(models.TextChoices):
        COMMENT_PUBLISHED = "comment_published", "Published automatically"
        COMMENT_HELD = "comment_held", "Held automatically"
        COMMENT_REJECTED_AUTOMATICALLY = "comment_auto_rejected", "Rejected automatically"
        COMMENT_HIDDEN_BY_FLAGS = "comment_hidden_by_flags", "Hidden by reader flags"
        COMMENT_FLAGGED = "comment_flagged", "Flagged by a reader"
        COMMENT_APPROVED = "comment_approved", "Approved"
        COMMENT_REJECTED = "comment_rejected", "Rejected"
        COMMENT_EDIT_HELD = "comment_edit_held", "Held after an edit"
        AUTHOR_BANNED = "author_banned", "Author banned"
        BAN_LIFTED = "ban_lifted", "Ban lifted"
        POSTING_THROTTLED = "posting_throttled", "Posting refused by a rate limit"
        MODEL_RETRAINED = "model_retrained", "Model retrained"

    created = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for Gazette's own automatic actions.",
    )
    action = models.CharField(max_length=24, choices=Action.choices, db_index=True)
    comment = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The reader the action was about.",
    )
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.created:%Y-%m-%d %H:%M}"
