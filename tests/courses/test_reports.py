import csv
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from courses import actions
from courses.exports import csv_bytes, neutralise, xlsx_bytes
from courses.loader import load_course_content
from courses.models import Enrolment
from courses.reports import item_rows, progress_by_commune, progress_by_person
from courses.stats import item_statistics, pearson
from sandbox.models import Commune
from tests.conftest import FOREIGN_COMMUNE, make_official
from tests.courses.conftest import post_fields, tiny_course, write_course

# ---------------------------------------------------------------- item statistics


def test_facility_and_discrimination_on_a_known_dataset():
    # Four attempts, three items of one point. Item 1 is answered right by the two
    # strongest learners only (discriminates well); item 3 by everyone (no spread).
    attempts = [
        [(1, 1.0, 1), (2, 1.0, 1), (3, 1.0, 1)],
        [(1, 1.0, 1), (2, 0.0, 1), (3, 1.0, 1)],
        [(1, 0.0, 1), (2, 1.0, 1), (3, 1.0, 1)],
        [(1, 0.0, 1), (2, 0.0, 1), (3, 1.0, 1)],
    ]
    stats = {s.question_id: s for s in item_statistics(attempts)}
    assert stats[1].facility == 0.5 and stats[2].facility == 0.5
    assert stats[3].facility == 1.0 and stats[3].discrimination is None
    # Item 1 against the rest (items 2 and 3): rest = [1, .5, 1, .5] vs item [1, 1, 0, 0]
    assert stats[1].discrimination == pytest.approx(0.0)
    # Item 2 against the rest: rest = [1, 1, .5, .5] vs item [1, 0, 1, 0]
    assert stats[2].discrimination == pytest.approx(0.0)
    assert all(s.attempts == 4 for s in stats.values())


def test_discrimination_is_positive_when_strong_learners_get_the_item_right():
    attempts = [
        [(1, 1.0, 1), (2, 1.0, 1), (3, 1.0, 1)],
        [(1, 1.0, 1), (2, 1.0, 1), (3, 0.0, 1)],
        [(1, 0.0, 1), (2, 0.0, 1), (3, 1.0, 1)],
        [(1, 0.0, 1), (2, 0.0, 1), (3, 0.0, 1)],
    ]
    stats = {s.question_id: s for s in item_statistics(attempts)}
    # item 1's rest: [1, .5, .5, 0]; item values [1, 1, 0, 0]
    assert stats[1].discrimination == pytest.approx(
        pearson([1, 1, 0, 0], [1, 0.5, 0.5, 0])
    )
    assert stats[1].discrimination == pytest.approx(0.7071, abs=1e-4)
    assert stats[3].discrimination == pytest.approx(0.0)


def test_pearson_needs_two_values_and_some_spread():
    assert pearson([1.0], [1.0]) is None
    assert pearson([1, 1, 1], [0, 1, 0]) is None
    assert pearson([0, 1], [0, 1]) == pytest.approx(1.0)


# ---------------------------------------------------------------- report rows


@pytest.fixture
def results(course, quiz, lessons, commune_officer, specialist, other_officer):
    """commune_officer completes; specialist fails once; other_officer only enrols."""
    for user in (commune_officer, specialist, other_officer):
        actions.enrol(course, user, actor=user)
    for lesson in lessons:
        actions.view_lesson(lesson, actor=commune_officer)
    actions.view_lesson(lessons[0], actor=specialist)
    for user, right in ((commune_officer, True), (specialist, False)):
        attempt = actions.start_attempt(quiz, actor=user)
        actions.submit_attempt(
            attempt, post_fields(attempt.questions, right=right), actor=user
        )


def test_progress_by_person_and_by_commune(results, course, province):
    people = {p.username: p for p in progress_by_person(course, province)}
    assert set(people) == {"tiepnhan", "chuyenvien", "tiepnhan_khac"}
    done = people["tiepnhan"]
    assert (done.lessons_viewed, done.attempts, done.best_score, done.quiz_passed) == (
        2,
        1,
        100,
        True,
    )
    assert done.percent == 100 and done.completed_at is not None
    failing = people["chuyenvien"]
    assert (failing.lessons_viewed, failing.best_score, failing.quiz_passed) == (
        1,
        0,
        False,
    )
    assert failing.percent == 33
    assert people["tiepnhan_khac"].percent == 0
    communes = {c.commune: c for c in progress_by_commune(list(people.values()))}
    home = communes["Phường Hoa Lư"]
    assert (home.enrolled, home.completed, home.quiz_passed, home.average_percent) == (
        2,
        1,
        1,
        66,
    )
    assert communes["Xã Gia Viễn"].enrolled == 1


def test_item_rows_cover_every_question_answered(results, course, province):
    rows = item_rows(course, province)
    assert len(rows) == 6
    assert all(r.attempts == 2 and r.facility == 0.5 for r in rows)


def test_reports_only_count_the_viewers_province(results, course, quiz, province):
    foreign = make_official(
        "hanoi", "trainee", commune=Commune.objects.get(pk=FOREIGN_COMMUNE)
    )
    actions.enrol(course, foreign, actor=foreign)
    attempt = actions.start_attempt(quiz, actor=foreign)
    actions.submit_attempt(attempt, post_fields(attempt.questions), actor=foreign)
    usernames = {p.username for p in progress_by_person(course, province)}
    assert "hanoi" not in usernames
    assert all(r.attempts == 2 for r in item_rows(course, province))


# ---------------------------------------------------------------- permissions


@pytest.mark.parametrize(
    "name, args",
    [
        ("courses:reports", []),
        ("courses:report-progress", ["course"]),
        ("courses:report-items", ["course"]),
        ("courses:enrol-communes", []),
    ],
)
def test_trainees_cannot_open_reports(client, commune_officer, course, name, args):
    client.force_login(commune_officer)
    url = reverse(name, args=[course.pk for _ in args])
    response = client.get(url)
    assert response.status_code == 403
    assert "giảng viên" in response.content.decode()


def test_a_coordinator_sees_only_their_province(
    client, coordinator, results, course, quiz
):
    foreign = make_official(
        "hanoi", "trainee", commune=Commune.objects.get(pk=FOREIGN_COMMUNE)
    )
    foreign.profile.full_name = "Người Hà Nội"
    foreign.profile.save()
    actions.enrol(course, foreign, actor=foreign)
    client.force_login(coordinator)
    page = client.get(
        reverse("courses:report-progress", args=[course.pk])
    ).content.decode()
    assert "Cán bộ tiepnhan" in page and "Cán bộ chuyenvien" in page
    assert "Người Hà Nội" not in page and "Phường Hoàn Kiếm" not in page
    summary = client.get(reverse("courses:reports")).content.decode()
    assert "<td>3</td>" in summary  # three enrolled in Ninh Bình, not four


def test_a_trainer_sees_item_statistics(client, trainer, results, course):
    client.force_login(trainer)
    page = client.get(
        reverse("courses:report-items", args=[course.pk])
    ).content.decode()
    assert "t-matching" in page and "Độ phân biệt" in page
    assert "Số bài làm có câu này" in page
    # Two attempts (one right, one wrong): every index is ±1, marked as not yet reliable.
    assert 'aria-label="Ít bài làm, chưa tin cậy"' in page
    assert "* Dưới 10 bài làm" in page


# ---------------------------------------------------------------- enrolling communes


def test_a_trainer_enrols_every_trainee_of_chosen_communes(
    client, trainer, course, commune_officer, specialist, other_officer, home_commune
):
    client.force_login(trainer)
    page = client.get(reverse("courses:enrol-communes")).content.decode()
    assert "Phường Hoa Lư" in page and "Xã Gia Viễn" in page
    response = client.post(
        reverse("courses:enrol-communes"),
        {"course": course.pk, "communes": [home_commune.pk]},
    )
    assert response.status_code == 302
    enrolled = set(Enrolment.objects.values_list("user__username", flat=True))
    assert enrolled == {"tiepnhan", "chuyenvien"}
    assert set(Enrolment.objects.values_list("enrolled_by", flat=True)) == {trainer.pk}
    # Doing it again enrols nobody twice.
    again = client.post(
        reverse("courses:enrol-communes"),
        {"course": course.pk, "communes": [home_commune.pk]},
        follow=True,
    )
    assert Enrolment.objects.count() == 2
    page = again.content.decode()
    assert "Đã ghi danh thêm 0 cán bộ" not in page
    assert "mọi cán bộ đã chọn đều đã ghi danh khóa" in page


def test_a_commune_of_another_province_cannot_be_enrolled(client, coordinator, course):
    foreign_commune = Commune.objects.get(pk=FOREIGN_COMMUNE)
    make_official("hanoi", "trainee", commune=foreign_commune)
    client.force_login(coordinator)
    response = client.post(
        reverse("courses:enrol-communes"),
        {"course": course.pk, "communes": [foreign_commune.pk]},
    )
    assert response.status_code == 200
    assert (
        "Hãy chọn" in response.content.decode() or "hợp lệ" in response.content.decode()
    )
    assert not Enrolment.objects.exists()


def test_the_action_refuses_foreign_communes_too(coordinator, course):
    foreign_commune = Commune.objects.get(pk=FOREIGN_COMMUNE)
    with pytest.raises(PermissionDenied):
        actions.enrol_communes(course, [foreign_commune], actor=coordinator)


def test_a_trainer_enrols_the_members_of_a_cohort(
    client, trainer, course, commune_officer, specialist, other_officer, coordinator
):
    from sandbox.operations import actions as operations
    from sandbox.operations.models import Cohort

    cohort = operations.save_cohort(
        Cohort(
            province=coordinator.profile.province, name="Tiếp nhận", kind="hand_picked"
        ),
        actor=coordinator,
        add_members=[commune_officer, other_officer],
    )
    client.force_login(trainer)
    page = client.get(reverse("courses:enrol-communes")).content.decode()
    assert "Tiếp nhận" in page
    empty = client.post(reverse("courses:enrol-communes"), {"course": course.pk})
    assert "Hãy chọn ít nhất một xã, phường hoặc một nhóm" in empty.content.decode()
    client.post(
        reverse("courses:enrol-communes"), {"course": course.pk, "cohorts": [cohort.pk]}
    )
    enrolled = set(Enrolment.objects.values_list("user", flat=True))
    assert enrolled == {commune_officer.pk, other_officer.pk}


# ---------------------------------------------------------------- exports


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+84 912", "'+84 912"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        (-1, -1),
        (None, None),
    ],
)
def test_cells_that_could_be_formulas_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_and_xlsx_keep_formulas_as_text():
    header, rows = ["Họ và tên", "Điểm"], [["=1+1", 80], ["Trần Văn Hùng", 40.5]]
    text = csv_bytes(header, rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["Họ và tên", "Điểm"],
        ["'=1+1", "80"],
        ["Trần Văn Hùng", "40.5"],
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes("Báo cáo", header, rows))).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B3"].value == 40.5


@pytest.fixture
def formula_learner(course, home_commune):
    user = make_official("congthuc", "trainee", commune=home_commune)
    user.profile.full_name = '=HYPERLINK("http://evil.example","bấm")'
    user.profile.save()
    actions.enrol(course, user, actor=user)
    return user


def test_progress_exports_as_csv_and_xlsx(client, trainer, course, formula_learner):
    client.force_login(trainer)
    url = reverse("courses:report-progress", args=[course.pk])
    response = client.get(url, {"xuat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="tien-do-khoa-thu.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "Họ và tên" in text
    response = client.get(url, {"xuat": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Họ và tên"
    assert sheet["A2"].value.startswith("'=HYPERLINK") and sheet["A2"].data_type == "s"
    by_commune = client.get(url, {"xuat": "csv", "theo": "xa"}).content.decode(
        "utf-8-sig"
    )
    assert "Phường Hoa Lư,1,0,0,0" in by_commune


def test_item_statistics_export(client, trainer, results, course):
    client.force_login(trainer)
    url = reverse("courses:report-items", args=[course.pk])
    sheet = load_workbook(io.BytesIO(client.get(url, {"xuat": "xlsx"}).content)).active
    assert [c.value for c in sheet[1]][:2] == ["Mã câu hỏi", "Câu hỏi"]
    assert sheet.max_row == 7


@pytest.mark.parametrize("required", [[], ["khai-sinh-co-ban", "ket-hon"]])
def test_the_progress_report_costs_the_same_queries_for_more_learners(
    client, trainer, course, home_commune, required
):
    # Required scenarios are asked of the scenarios app once for all the learners.
    course.required_scenarios = required
    course.save_revision().publish()
    client.force_login(trainer)
    url = reverse("courses:report-progress", args=[course.pk])
    user = make_official("hocvien0", "trainee", commune=home_commune)
    actions.enrol(course, user, actor=user)
    _queries(client, url)  # the first request also fills the user's cache entry
    one = _queries(client, url)
    for n in range(1, 6):
        user = make_official(f"hocvien{n}", "trainee", commune=home_commune)
        actions.enrol(course, user, actor=user)
    assert _queries(client, url) == one


def _queries(client, url):
    """How many queries one request for `url` makes."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_an_export_of_a_course_with_a_vietnamese_slug_is_named_right(
    client, trainer, course, formula_learner
):
    # Wagtail keeps Vietnamese letters in slugs typed in the admin.
    course.slug = "khóa-học-mới"
    course.save_revision().publish()
    client.force_login(trainer)
    url = reverse("courses:report-progress", args=[course.pk])
    response = client.get(url, {"xuat": "csv"})
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''tien-do-kh%C3%B3a-h%E1%BB%8Dc-m%E1%BB%9Bi.csv"
    )
    response = client.get(url, {"xuat": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


def test_the_progress_report_pages_its_learners_and_totals_the_province(
    client, trainer, results, course, province, monkeypatch
):
    from courses.views import reports

    monkeypatch.setattr(reports, "PEOPLE_PER_PAGE", 2)
    actions.enrol(course, trainer, actor=trainer)  # a learner with no commune
    client.force_login(trainer)
    url = reverse("courses:report-progress", args=[course.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"trang": 2}).content.decode()
    assert "Trang 1/2" in first and "cán bộ 1–2 trên 4" in first
    people = ["tiepnhan", "chuyenvien", "tiepnhan_khac", "giangvien"]
    people = [f"Cán bộ {name}" for name in people]
    assert sum(first.count(f"<td>{name}</td>") for name in people) == 2
    assert sum(second.count(f"<td>{name}</td>") for name in people) == 2
    assert "(Chưa gắn xã, phường)" in first
    # The province's line: 4 enrolled, 1 completed, 1 passed, (100 + 33 + 0 + 0) / 4.
    total = first.split("Toàn tỉnh</th>")[1].split("</tr>")[0]
    assert total == "<td>4</td><td>1</td><td>1</td><td>33</td>"
    # The file has every learner, whatever the page.
    rows = list(
        csv.reader(
            io.StringIO(client.get(url, {"xuat": "csv"}).content.decode("utf-8-sig"))
        )
    )
    assert len(rows) == 1 + 4


def test_reports_with_no_learner_say_so_and_count_zero(client, trainer, course):
    client.force_login(trainer)
    summary = client.get(reverse("courses:reports")).content.decode()
    assert f"<td>{course.title}</td><td>0</td><td>0</td>" in summary
    page = client.get(reverse("courses:report-progress", args=[course.pk]))
    assert "Chưa có cán bộ nào của tỉnh ghi danh khóa học này." in page.content.decode()
    assert "Toàn tỉnh" not in page.content.decode()
    items = client.get(reverse("courses:report-items", args=[course.pk]))
    assert "Chưa có bài làm nào của tỉnh." in items.content.decode()


def test_the_progress_report_queries_stay_bounded_for_learners_who_did_things(
    client, trainer, course, quiz, lessons, home_commune, django_assert_max_num_queries
):
    def learner(n):
        user = make_official(f"hocvien{n}", "trainee", commune=home_commune)
        actions.enrol(course, user, actor=user)
        actions.view_lesson(lessons[n % 2], actor=user)
        attempt = actions.start_attempt(quiz, actor=user)
        actions.submit_attempt(attempt, post_fields(attempt.questions), actor=user)

    learner(0)
    client.force_login(trainer)
    url = reverse("courses:report-progress", args=[course.pk])
    _queries(client, url)  # the first request also fills the user's cache entry
    one = _queries(client, url)
    for n in range(1, 12):
        learner(n)
    with django_assert_max_num_queries(one):
        assert client.get(url).status_code == 200


def test_the_summary_costs_the_same_queries_for_more_courses(
    client, trainer, course, tmp_path
):
    client.force_login(trainer)
    url = reverse("courses:reports")
    _queries(client, url)  # the first request also fills the user's cache entry
    one = _queries(client, url)
    data = tiny_course(slug="khoa-hai", title="Khóa học thứ hai")
    load_course_content(write_course(tmp_path, data, "khoa-hai.yaml"))
    assert "Khóa học thứ hai" in client.get(url).content.decode()
    assert _queries(client, url) == one


def test_enrolling_a_commune_costs_the_same_queries_for_more_trainees(
    client, trainer, course, home_commune, other_commune
):
    for n in range(2):
        make_official(f"hoalu{n}", "trainee", commune=home_commune)
    for n in range(9):
        make_official(f"giavien{n}", "trainee", commune=other_commune)
    client.force_login(trainer)
    url = reverse("courses:enrol-communes")
    client.get(url)  # the first request also fills the signed-in user's cache entry

    def enrol(commune):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"course": course.pk, "communes": [commune.pk]})
        assert response.status_code == 302
        return len(queries)

    assert enrol(home_commune) == enrol(other_commune)
    assert Enrolment.objects.filter(enrolled_by=trainer).count() == 11
    assert "Đã ghi danh thêm 9 cán bộ" in client.get(url).content.decode()


def test_the_completion_time_in_a_csv_export_is_a_plain_date_and_time(
    client, trainer, results, course
):
    client.force_login(trainer)
    url = reverse("courses:report-progress", args=[course.pk])
    text = client.get(url, {"xuat": "csv"}).content.decode("utf-8-sig")
    rows = {row["Tên đăng nhập"]: row for row in csv.DictReader(io.StringIO(text))}
    completed = rows["tiepnhan"]["Hoàn thành lúc"]
    # Local time to the second, which spreadsheets read as a date: no microseconds.
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", completed), completed
