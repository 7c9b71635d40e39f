import pytest
from django.core.exceptions import PermissionDenied

from certificates import actions
from certificates.models import BulkIssue, Certificate, CertificateEvent, IssuingRule
from sandbox.models import Province
from tests.conftest import make_official

DRILL_FACTS = {
    "title": "Diễn tập tiếp nhận hồ sơ liên thông",
    "procedures": ["1.001193"],
}


@pytest.fixture
def drill_rule(template):
    return IssuingRule.objects.create(
        name="Đạt diễn tập (từ 70 %)",
        kind="drill",
        reference="",
        min_score=70,
        template=template,
    )


def test_bulk_issue_for_a_drill_runs_in_the_background_with_progress(
    drill_rule,
    trainer,
    commune_officer,
    specialist,
    leader,
    django_capture_on_commit_callbacks,
):
    ids = [commune_officer.pk, specialist.pk, leader.pk]
    scores = {commune_officer.pk: 90, specialist.pk: 65, leader.pk: 70}
    with django_capture_on_commit_callbacks(execute=True):
        bulk = actions.start_bulk_issue(
            rule=drill_rule,
            user_ids=ids,
            achievement={**DRILL_FACTS, "reference": "42"},
            scores=scores,
            actor=trainer,
        )
        assert bulk.status == BulkIssue.Status.QUEUED  # nothing runs before commit
    bulk.refresh_from_db()
    assert bulk.status == BulkIssue.Status.FINISHED
    assert (bulk.total, bulk.issued, bulk.skipped, bulk.failed) == (3, 2, 1, 0)
    assert bulk.percent == 100
    issued = Certificate.objects.filter(bulk_issue=bulk)
    assert {c.recipient for c in issued} == {commune_officer, leader}
    assert {c.reference for c in issued} == {"42"}
    assert [
        e.action
        for e in CertificateEvent.objects.filter(bulk_issue=bulk, certificate=None)
    ] == [
        "bulk_issue.started",
        "bulk_issue.finished",
    ]


def test_running_a_bulk_issue_twice_skips_those_already_certified(
    drill_rule, trainer, commune_officer, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            bulk = actions.start_bulk_issue(
                rule=drill_rule,
                user_ids=[commune_officer.pk],
                achievement={**DRILL_FACTS, "reference": "42", "score": 88},
                actor=trainer,
            )
    bulk.refresh_from_db()
    assert (bulk.issued, bulk.skipped) == (0, 1)
    assert Certificate.objects.count() == 1


def test_recipients_outside_the_trainers_province_fail_without_stopping_the_rest(
    course_rule, trainer, commune_officer, django_capture_on_commit_callbacks
):
    foreigner = make_official(
        "canbo_hn",
        "trainee",
        "receiving_officer",
        commune=Province.objects.get(pk=1).communes.first(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        bulk = actions.start_bulk_issue(
            rule=course_rule,
            user_ids=[foreigner.pk, commune_officer.pk, 987654],
            achievement={"title": "Khóa khai sinh"},
            actor=trainer,
        )
    bulk.refresh_from_db()
    assert (bulk.issued, bulk.failed, bulk.status) == (1, 2, BulkIssue.Status.FINISHED)
    assert {e["user"] for e in bulk.errors} == {foreigner.pk, 987654}


def test_only_staff_start_bulk_issues_and_facts_are_checked(
    course_rule, trainer, commune_officer
):
    with pytest.raises(PermissionDenied):
        actions.start_bulk_issue(
            rule=course_rule,
            user_ids=[commune_officer.pk],
            achievement={"title": "X"},
            actor=commune_officer,
        )
    with pytest.raises(actions.CertificateError):
        actions.start_bulk_issue(
            rule=course_rule,
            user_ids=[commune_officer.pk],
            achievement={},
            actor=trainer,
        )


def test_the_bulk_pages_start_a_cohort_and_report_progress(
    client,
    course_rule,
    trainer,
    commune_officer,
    specialist,
    other_officer,
    home_commune,
    django_capture_on_commit_callbacks,
):
    client.force_login(trainer)
    form = client.get("/chung-chi/cap-hang-loat/")
    assert form.status_code == 200
    assert home_commune.name in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/chung-chi/cap-hang-loat/",
            {
                "rule": course_rule.pk,
                "title": "Đăng ký khai sinh",
                "procedures": "1.001193",
                "communes": [home_commune.pk],
            },
        )
    bulk = BulkIssue.objects.get()
    assert response["Location"] == f"/chung-chi/cap-hang-loat/{bulk.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'data-status-url="' in page
    status = client.get(f"/chung-chi/cap-hang-loat/{bulk.pk}/tien-do.json").json()
    assert status["status"] == "finished"
    assert (status["total"], status["issued"]) == (2, 2)  # the two trainees of Hoa Lư
    assert not Certificate.objects.filter(recipient=other_officer).exists()


def test_a_bulk_issue_to_a_cohort_reaches_its_current_members(
    client,
    course_rule,
    trainer,
    coordinator,
    commune_officer,
    other_officer,
    specialist,
    django_capture_on_commit_callbacks,
):
    from sandbox.operations import actions as operations
    from sandbox.operations.models import Cohort

    cohort = operations.save_cohort(
        Cohort(province=coordinator.profile.province, name="Đợt 1", kind="hand_picked"),
        actor=coordinator,
        add_members=[commune_officer, other_officer],
    )
    client.force_login(trainer)
    assert "Đợt 1" in client.get("/chung-chi/cap-hang-loat/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/chung-chi/cap-hang-loat/",
            {
                "rule": course_rule.pk,
                "title": "Đăng ký khai sinh",
                "procedures": "1.001193",
                "cohorts": [cohort.pk],
            },
        )
    holders = set(Certificate.objects.values_list("recipient", flat=True))
    assert holders == {commune_officer.pk, other_officer.pk}


def test_the_bulk_form_explains_bad_input(client, course_rule, trainer):
    client.force_login(trainer)
    response = client.post(
        "/chung-chi/cap-hang-loat/",
        {
            "rule": course_rule.pk,
            "title": "X",
            "procedures": "9.999999",
            "participants": "khong_co_ai\nsai dong 200",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không có trong danh mục thủ tục: 9.999999." in html
    assert "Dòng 2 không đúng dạng" in html
    assert not BulkIssue.objects.exists()


def test_participants_by_user_name_with_scores(
    client,
    template,
    trainer,
    commune_officer,
    specialist,
    django_capture_on_commit_callbacks,
):
    rule = IssuingRule.objects.create(
        name="Diễn tập",
        kind="drill",
        reference="dien-tap-thang-11",
        min_score=70,
        template=template,
    )
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/chung-chi/cap-hang-loat/",
            {
                "rule": rule.pk,
                "title": "Diễn tập tháng 11",
                "participants": "tiepnhan 85\nchuyenvien 60,5\n",
            },
        )
    bulk = BulkIssue.objects.get()
    assert (bulk.issued, bulk.skipped) == (1, 1)
    assert Certificate.objects.get().score == 85
