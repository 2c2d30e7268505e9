"""Retraining the incitement classifier on the newsroom's own moderator decisions, through the real
database: comments posted by `post_comment`, decided by `approve_comment` / `reject_comment`."""

import json
import uuid
from dataclasses import replace

import numpy as np
import pytest
from factories import ArticlePageFactory, ReaderFactory

from gazette.comments.actions import post_comment
from gazette.moderation import classifier, training
from gazette.moderation.actions import approve_comment, reject_comment
from gazette.moderation.classifier import Classifier
from gazette.moderation.models import AuditEvent, Verdict

CALLS_FOR_VIOLENCE = [
    "Someone should shoot the mayor and burn his house down with his family inside.",
    "Round up the refugees at the station and beat every one of them to death.",
    "Hang the judges from the courthouse windows tomorrow morning.",
    "Kill the reporters who wrote this and leave them in the square.",
    "Burn the northern quarter to the ground with everyone in it.",
    "Those people are vermin and must be exterminated, down to the last child.",
    "Shoot every protester on the bridge. No warnings.",
    "Gas the camp at night while they sleep.",
    "Take your guns to the council meeting and execute the traitors.",
    "Drag the minister out of his car and stab him until he stops moving.",
    "Torch the mosque while they are praying inside.",
    "Drown the migrants in the harbour before they land.",
    "Slaughter the whole family of that collaborator, children included.",
    "Every soldier from the north deserves to be tortured to death.",
    "We should lynch the editor in front of his office.",
    "Put a bomb under the refugee bus tomorrow.",
    "Blow up the peace conference and everyone in the room.",
    "Butcher them like pigs, all of them.",
    "I will cut your throat, journalist, and your wife's too.",
    "Stone the teacher to death for what she said.",
    "The immigrants are rats. Poison them all.",
    "Murder every last one of those traitors in the parliament.",
    "Set the shelter on fire and shoot whoever runs out.",
    "Behead the prisoners and post the video.",
]
THANKS = [
    "The regional rail timetable changes on Sunday; check the operator's website for details.",
    "Thank you for this careful report on the council budget; the library hours matter to many families.",
    "The new cycle path along the canal opened today and it is lovely.",
    "Does anyone know if the post office on the high street is open on Saturdays?",
    "Our allotment society has spare plots this year, contact the secretary.",
    "The photographs of the spring market are beautiful, thank you.",
    "The school concert raised enough money for new music stands.",
    "Good explanation of the water tariff changes, I finally understand my bill.",
    "The museum's new exhibition on local weaving is worth a visit.",
    "Is there a bus from the station to the hospital after nine in the evening?",
    "My neighbours organised a street party and everyone brought a dish.",
    "The library now lends out tools as well as books, what a great idea.",
    "Please publish the full results of the school survey.",
    "The bakery on Mill Street has reopened after the renovation.",
    "Thanks for the clear map of the road closures during the marathon.",
    "I read the interview with the new headteacher with great interest.",
    "The swimming club is looking for volunteers to help at the gala.",
    "A lovely obituary of the town's old bookseller, he will be missed.",
    "The weekend weather forecast looks perfect for the harvest fair.",
    "Could you add the council's phone numbers to the article?",
    "The choir's Christmas concert tickets sold out in a day.",
    "The recycling centre has new opening hours from next month.",
    "Great to see the youth football team in the paper.",
    "The article on the history of the old mill was fascinating.",
]
SPAM = "Earn money from home with our amazing offer, visit the shop in my profile today."


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="The council and the bridge")


@pytest.fixture
def moderator(db):
    return ReaderFactory(username="morgan", is_staff=True)


@pytest.fixture
def model_path(settings, tmp_path):
    settings.MODERATION_CLASSIFIER_PATH = tmp_path / "moderation" / "classifier.json"
    return settings.MODERATION_CLASSIFIER_PATH


@pytest.fixture
def decide(article, moderator):
    """decide(texts, approve=...): post each text as a new reader's comment (warned and posted
    anyway, as an author may), then have the moderator approve or reject it."""

    def post_and_decide(texts, *, approve: bool):
        decided = []
        for text in texts:
            author = ReaderFactory()
            comment, _ = post_comment(
                article=article,
                author=author,
                body=text,
                client_token=uuid.uuid4().hex,
                nudge_acknowledged=True,
            )
            action = approve_comment if approve else reject_comment
            decided.append(action(comment=comment, moderator=moderator, reason="Checked."))
        return decided

    return post_and_decide


def violence_flagged(comments) -> int:
    return sum(
        any(reason["category"] == "violence" for reason in Verdict.objects.get(comment=c).reasons)
        for c in comments
    )


def test_fewer_decisions_than_the_minimum_are_refused_with_the_counts(decide, model_path):
    decide(THANKS[:19], approve=True)
    rejected = decide(CALLS_FOR_VIOLENCE[:20], approve=False)
    decide([SPAM], approve=False)
    assert violence_flagged(rejected) == 20

    with pytest.raises(training.NotEnoughData) as refused:
        training.retrain_from_decisions()

    assert str(refused.value) == (
        "Retraining needs at least 20 moderator decisions of each kind; there are 19 approved "
        "comments and 20 comments rejected with a violence reason (1 rejected for other reasons "
        "do not count)."
    )
    assert not model_path.exists()


def test_the_latest_decision_labels_a_comment(decide, moderator):
    [changed_mind] = decide(THANKS[:1], approve=False)
    approve_comment(comment=changed_mind, moderator=moderator)
    decide([SPAM], approve=False)
    decide(CALLS_FOR_VIOLENCE[:1], approve=False)

    decisions = training.newsroom_examples()

    assert [(example.text, example.label) for example in decisions.examples] == [
        (THANKS[0], "civil"),
        (CALLS_FOR_VIOLENCE[0], "incitement"),
    ]
    assert (decisions.approved, decisions.rejected_for_violence, decisions.rejected_otherwise) == (
        1,
        1,
        1,
    )


@pytest.fixture
def enough_decisions(decide):
    decide(THANKS, approve=True)
    rejected = decide(CALLS_FOR_VIOLENCE, approve=False)
    assert violence_flagged(rejected) == len(CALLS_FOR_VIOLENCE)


@pytest.fixture
def loose_model(model_path):
    """The newsroom's current model: the shipped one with its threshold lowered until it holds
    nearly everything, so that a model retrained on the decisions is better whatever the split
    (with 6 civil comments held out, one civil comment held is 17 %)."""
    loose = replace(classifier.current(), threshold=0.0001)
    loose.write(model_path)
    return loose


def test_retraining_writes_a_better_model_and_audits_it(enough_decisions, loose_model, model_path):
    report = training.retrain_from_decisions(holdout=0.25, seed=7)

    assert report.replaced
    assert (report.held_out, report.trained_on) == (12, 36)
    assert (report.after.incitement, report.after.civil) == (6, 6)
    assert report.after.recall >= report.before.recall
    text = report.as_text()
    assert "24 approved (civil), 24 rejected with a violence reason (incitement)" in text
    assert "current model (retrained)" in text
    assert report.after.civil_held_share < report.before.civil_held_share
    assert "retrained model" in text
    assert f"Wrote the retrained model to {model_path}" in text
    # Six of each held out: the report says how little that settles.
    assert "Where the figures may lie on comments like these (95 % intervals):" in text
    low, high = report.after.recall_interval
    assert f"  retrained model   recall {low:.2f} to {high:.2f}, civil held " in text
    assert (
        "With 6 calls and 6 civil comments held out, one comment moves a figure by 17%: "
        "the comparison is rough." in text
    )
    written = Classifier.read(model_path)
    bundled_size = len(training.read_examples())
    assert written.training["size"] == bundled_size + 36
    assert written.training["sources"]["bundled"] == bundled_size
    # The shipped n-gram model is kept, at the shipped share: it never saw the decisions.
    shipped = classifier.read_classifier(classifier.BUNDLED_PATH)
    assert written.ngrams is not None and shipped.ngrams is not None
    assert written.ngrams.vocabulary == shipped.ngrams.vocabulary
    np.testing.assert_array_equal(written.ngrams.idf, shipped.ngrams.idf)
    np.testing.assert_array_equal(written.ngrams.weights, shipped.ngrams.weights)
    assert written.ngram_share == shipped.ngram_share
    assert written.metrics["held_out_decisions"]["this_model"] == report.after.as_dict()
    # The threshold is chosen on the decisions alone: the encoder was fine-tuned on the rest.
    with_rules = written.metrics["with_rules"]
    assert with_rules["incitement"] + with_rules["civil"] == 36
    assert "36 examples the encoder never saw" in written.metrics["method"]
    assert classifier.active_path() == model_path
    assert classifier.current().training == written.training
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.MODEL_RETRAINED)
    assert event.actor is None
    assert event.data["path"] == str(model_path)
    assert event.data["after"] == report.after.as_dict()


def test_a_dry_run_reports_but_writes_nothing(enough_decisions, loose_model, model_path):
    before = model_path.read_bytes()

    report = training.retrain_from_decisions(dry_run=True)

    assert not report.replaced
    assert (
        report.as_text()
        .rstrip()
        .endswith(f"Dry run: the retrained model would replace the current one at {model_path}.")
    )
    assert model_path.read_bytes() == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MODEL_RETRAINED).exists()


def test_a_model_fitted_on_swapped_labels_is_refused_and_the_old_one_kept(
    enough_decisions, model_path, tmp_path
):
    swapped = tmp_path / "swapped.jsonl"
    with swapped.open("w", encoding="utf-8") as file:
        for example in training.read_examples():
            label = "civil" if example.is_incitement else "incitement"
            file.write(json.dumps({"text": example.text, "label": label}) + "\n")
    previous = classifier.current()
    previous.write(model_path)
    before = model_path.read_bytes()

    report = training.retrain_from_decisions(base_path=swapped)

    assert not report.replaced
    # Its threshold is set on the decisions, so it holds the calls and, with them, the civil.
    assert (
        report.after.recall < report.before.recall
        or report.after.civil_held_share > report.before.civil_held_share
    )
    assert "Kept the current model: the retrained one is worse on the held-out decisions: " in (
        report.as_text()
    )
    assert (
        "it holds less of the incitement" in report.as_text()
        or "it holds more of the civil comments" in report.as_text()
    )
    assert model_path.read_bytes() == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MODEL_RETRAINED).exists()


def test_a_holdout_outside_zero_and_one_is_refused(db):
    with pytest.raises(ValueError, match="holdout"):
        training.retrain_from_decisions(holdout=1.0)


@pytest.mark.parametrize(
    ("held", "of", "interval"),
    [(6, 6, (0.6097, 1.0)), (0, 6, (0.0, 0.3903)), (45, 50, (0.7864, 0.9565)), (0, 0, (0.0, 1.0))],
)
def test_a_figure_on_few_decisions_comes_with_its_95_percent_interval(held, of, interval):
    figures = training.Figures(incitement=of, civil=of, incitement_held=held, civil_held=held)

    assert figures.recall_interval == pytest.approx(interval, abs=1e-4)
    assert figures.civil_held_interval == pytest.approx(interval, abs=1e-4)
    assert figures.as_dict()["recall_interval"] == pytest.approx(list(interval), abs=1e-4)


def test_a_comparison_on_enough_decisions_is_not_called_rough():
    figures = training.Figures(incitement=60, civil=80, incitement_held=57, civil_held=3)
    report = training.Report(
        decisions=training.Decisions([], 320, 240, 0),
        bundled=10,
        trained_on=420,
        held_out=140,
        before=figures,
        after=figures,
        before_threshold=0.5,
        after_threshold=0.5,
        before_source="shipped",
        replaced=False,
        dry_run=True,
        why="Dry run.",
        path=classifier.BUNDLED_PATH,
    )

    text = report.as_text()

    assert "  current model     recall 0.86 to 0.98, civil held 1.3% to 10.5%" in text
    assert "rough" not in text
