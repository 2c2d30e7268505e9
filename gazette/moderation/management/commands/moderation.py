"""`gazette moderation check` and `gazette moderation retrain`.

check    reads comments as JSON lines on stdin ({"text": ...} and optionally "article" (page id),
         "author" (user id or e-mail), "ip") and writes one JSON line per comment with the
         decision (publish, hold, reject) and the reasons, under the site's current policy.
         Nothing is stored and no rate limit is counted.
retrain  refits the incitement classifier on the newsroom's own moderator decisions (approved
         and rejected comments) added to the bundled examples, prints precision and recall
         before and after on a held-out part, and keeps the old model when the new one is worse.
"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Site

from gazette.moderation import pipeline, queries
from gazette.moderation.models import ModerationSettings
from gazette.moderation.policies import policy_for, policy_from_settings
from gazette.moderation.text import normalise


class Command(BaseCommand):
    help = __doc__
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("check", help="Score JSON lines from stdin under the site's policy.")
        retrain = commands.add_parser(
            "retrain", help="Refit the classifier on moderator decisions."
        )
        retrain.add_argument("--holdout", type=float, default=0.25)
        retrain.add_argument("--seed", type=int, default=7)
        retrain.add_argument(
            "--dry-run", action="store_true", help="Report, but keep the current model."
        )

    def handle(self, *args, action, **options):
        if action == "check":
            self.check_lines(options.get("stdin") or sys.stdin, self.stdout)
        else:
            self.retrain(options)

    def check_lines(self, lines, out) -> None:
        site = Site.objects.filter(is_default_site=True).first()
        site_settings = ModerationSettings.objects.filter(site=site).first() if site else None
        site_policy = policy_from_settings(site_settings)
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    raise ValueError('each line must be an object with a "text" string')
                result = self.score(item, site_policy)
            except (ValueError, LookupError) as error:
                result = {"line": number, "error": str(error)}
            out.write(json.dumps(result, ensure_ascii=False))

    def score(self, item: dict, site_policy) -> dict:
        from gazette.articles.models import ArticlePage

        policy, article, author = site_policy, None, None
        if item.get("article") is not None:
            article = ArticlePage.objects.filter(pk=item["article"]).first()
            if article is None:
                raise LookupError(f"no article with id {item['article']}")
            policy = policy_for(article)
        if item.get("author") is not None:
            users = get_user_model().objects
            found = str(item["author"])
            author = (
                users.filter(pk=int(found))
                if found.isdigit()
                else users.filter(email__iexact=found)
            ).first()
            if author is None:
                raise LookupError(f"no reader {found}")
        now = timezone.now()
        draft = pipeline.Draft(
            text=item["text"],
            normalised=normalise(item["text"]),
            policy=policy,
            now=now,
            author=author,
            article=article,
            ip_address=item.get("ip"),
            history=queries.author_history(author, policy, now),
        )
        verdict = pipeline.evaluate(draft)
        result = {key: item[key] for key in ("id",) if key in item}
        result["decision"] = verdict.decision.label
        result["nudge"] = verdict.is_incitement and policy.nudge
        result["reasons"] = [reason.as_dict() for reason in verdict.reasons]
        return result

    def retrain(self, options) -> None:
        from gazette.moderation import training

        try:
            report = training.retrain_from_decisions(
                holdout=options["holdout"], seed=options["seed"], dry_run=options["dry_run"]
            )
        except training.NotEnoughData as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.as_text())
