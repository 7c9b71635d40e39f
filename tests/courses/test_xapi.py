import socket
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from courses import actions, xapi
from courses.delivery import MAX_ATTEMPTS, backoff, deliver_pending, lrs_config
from courses.models import LearningRecord
from courses.tasks import send_learning_records
from tests.courses.conftest import post_fields, ralph_statement

SITE = "https://sa-ban.example"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return SITE


@pytest.fixture
def no_lrs(settings, monkeypatch):
    settings.XAPI_LRS_URL = ""
    monkeypatch.delenv("XAPI_LRS_URL", raising=False)


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def _learning(commune_officer, enrolled, lessons, quiz, *, right=True):
    actions.view_lesson(lessons[0], actor=commune_officer)
    attempt = actions.start_attempt(quiz, actor=commune_officer)
    return actions.submit_attempt(
        attempt, post_fields(attempt.questions, right=right), actor=commune_officer
    )


def test_the_first_lesson_or_attempt_launches_the_course_once(
    commune_officer, enrolled, lessons, quiz
):
    assert not LearningRecord.objects.exists()  # enrolling is not a learning event
    actions.view_lesson(lessons[0], actor=commune_officer)
    actions.view_lesson(lessons[1], actor=commune_officer)
    actions.start_attempt(quiz, actor=commune_officer)
    launched = LearningRecord.objects.filter(verb="launched").order_by("created_at")
    assert [r.object_id.rsplit("/", 1)[-1] for r in launched] == [
        "khoa-thu",
        "kiem-tra",
    ]


def test_statements_identify_the_learner_by_account_only(
    site, commune_officer, enrolled, lessons, quiz
):
    _learning(commune_officer, enrolled, lessons, quiz)
    records = list(LearningRecord.objects.all())
    assert {r.verb for r in records} == {"launched", "completed", "answered", "passed"}
    for record in records:
        statement = record.statement
        assert statement["id"] == str(record.id)
        assert statement["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": SITE, "name": str(commune_officer.pk)},
        }
        text = str(statement)
        assert "tiepnhan" not in text and "Cán bộ" not in text and "@" not in text
        assert (
            statement["verb"]["id"] == f"http://adlnet.gov/expapi/verbs/{record.verb}"
        )
        assert statement["object"]["id"].startswith(f"{SITE}/xapi/activities/khoa-hoc/")
        assert statement["context"]["registration"] == str(enrolled.registration)
        assert statement["timestamp"].endswith("+00:00")


def test_result_scores_are_scaled_and_say_success(
    site, commune_officer, enrolled, lessons, quiz
):
    _learning(commune_officer, enrolled, lessons, quiz, right=False)
    failed = LearningRecord.objects.get(verb="failed").statement
    assert failed["result"]["success"] is False and failed["result"]["completion"]
    assert failed["result"]["score"] == {
        "scaled": 0.0,
        "raw": 0.0,
        "min": 0,
        "max": 11.0,
    }
    answered = LearningRecord.objects.filter(verb="answered")
    assert answered.count() == 6
    for record in answered:
        result, obj = record.statement["result"], record.statement["object"]
        assert 0 <= result["score"]["scaled"] <= 1
        assert obj["definition"]["type"] == xapi.INTERACTION
        assert obj["definition"]["interactionType"] in set(
            xapi.INTERACTION_TYPES.values()
        )
        assert record.statement["context"]["contextActivities"]["parent"][0][
            "id"
        ].endswith("/kiem-tra")


def test_without_an_lrs_records_are_kept_locally(
    no_lrs, commune_officer, enrolled, lessons, quiz, django_capture_on_commit_callbacks
):
    assert lrs_config() is None
    with django_capture_on_commit_callbacks(execute=True):
        actions.view_lesson(lessons[0], actor=commune_officer)
    assert set(LearningRecord.objects.values_list("status", flat=True)) == {"local"}


def test_an_unreachable_lrs_is_retried_with_backoff_then_given_up(
    settings, commune_officer, enrolled, lessons
):
    actions.view_lesson(lessons[0], actor=commune_officer)  # launched + completed
    settings.XAPI_LRS_URL = f"http://127.0.0.1:{_closed_port()}"
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = deliver_pending(now)
        for record in LearningRecord.objects.all():
            assert record.attempts == attempt
            assert "ConnectError" in record.last_error
        if attempt < MAX_ATTEMPTS:
            assert set(LearningRecord.objects.values_list("status", flat=True)) == {
                "pending"
            }
            assert record.next_attempt_at == now + backoff(attempt)
            assert report.retrying == 2 and report.next_retry == record.next_attempt_at
            assert deliver_pending(now).retrying == 0  # not due yet: nothing sent
            now = record.next_attempt_at
    assert set(LearningRecord.objects.values_list("status", flat=True)) == {"failed"}
    assert report.failed == 2


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(30) == timedelta(hours=6)


def test_lrs_settings_are_read_at_call_time(settings, monkeypatch):
    settings.XAPI_LRS_URL = ""
    monkeypatch.setenv("XAPI_LRS_URL", "http://lrs.local/xAPI/")
    monkeypatch.setenv("XAPI_LRS_USERNAME", "u")
    assert lrs_config().endpoint == "http://lrs.local/xAPI/statements"
    settings.XAPI_LRS_URL = "http://other.local"
    assert lrs_config().endpoint == "http://other.local/xAPI/statements"


# ---------------------------------------------------------------- a real LRS: Ralph


def test_statements_are_accepted_by_a_real_lrs(
    settings, ralph, commune_officer, enrolled, lessons, quiz
):
    settings.XAPI_LRS_URL = ralph["url"]
    settings.XAPI_LRS_USERNAME = ralph["username"]
    settings.XAPI_LRS_PASSWORD = ralph["password"]
    _learning(commune_officer, enrolled, lessons, quiz)
    ids = list(LearningRecord.objects.values_list("id", flat=True))
    assert len(ids) >= 9  # launched ×2, completed lesson, answered ×6, passed

    # One batch through the task, as in production (Ralph's fs backend takes one write).
    result = send_learning_records.enqueue()
    assert result.return_value["sent"] == len(ids), result.return_value

    assert set(LearningRecord.objects.values_list("status", flat=True)) == {"sent"}
    for statement_id in ids:
        status, body = ralph_statement(ralph, statement_id)
        assert status == 200, body
        stored = body["statements"][0] if "statements" in body else body
        assert stored["id"] == str(statement_id)
        record = LearningRecord.objects.get(pk=statement_id)
        assert stored["verb"]["id"] == record.statement["verb"]["id"]
        assert stored["actor"]["account"]["name"] == str(commune_officer.pk)


def test_a_statement_the_lrs_refuses_is_marked_failed_at_once(
    settings, ralph, enrolled
):
    settings.XAPI_LRS_URL = ralph["url"]
    settings.XAPI_LRS_USERNAME = ralph["username"]
    settings.XAPI_LRS_PASSWORD = ralph["password"]
    bad_id = uuid.uuid4()
    LearningRecord.objects.create(
        id=bad_id,
        verb="launched",
        object_id="x",
        statement={"id": str(bad_id), "verb": {"id": "not an iri"}},
    )
    report = deliver_pending()
    record = LearningRecord.objects.get(pk=bad_id)
    assert record.status == "failed" and record.attempts == 1
    assert "422" in record.last_error or "400" in record.last_error
    assert report.failed == 1
    status, body = ralph_statement(ralph, bad_id)
    assert status == 404 or body == {"statements": []}, body


def test_wrong_credentials_are_retried_not_lost(
    settings, ralph, commune_officer, enrolled, lessons
):
    actions.view_lesson(lessons[0], actor=commune_officer)
    settings.XAPI_LRS_URL = ralph["url"]
    settings.XAPI_LRS_USERNAME = ralph["username"]
    settings.XAPI_LRS_PASSWORD = "sai-mat-khau"
    report = deliver_pending()
    for record in LearningRecord.objects.all():
        assert record.status == "pending" and record.attempts == 1
        assert "401" in record.last_error
    assert report.retrying == 2
