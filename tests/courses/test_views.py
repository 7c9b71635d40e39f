import re

import pytest
from django.urls import reverse

from courses import actions
from courses.answers import answer_digest
from courses.models import (
    Enrolment,
    LessonProgress,
    Question,
    QuestionCategory,
    QuizAttempt,
)
from tests.courses.conftest import as_post_data, post_fields


@pytest.fixture
def learner_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


def _attempt_url(attempt):
    return reverse("courses:attempt", args=[attempt.pk])


def _review_url(attempt):
    return reverse("courses:review", args=[attempt.pk])


# ---------------------------------------------------------------- enrolment and lessons


def test_self_enrolment_leads_to_the_first_lesson(
    learner_client, commune_officer, course
):
    response = learner_client.post(reverse("courses:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert response["Location"] == course.lessons().first().url
    assert Enrolment.objects.filter(user=commune_officer, course=course).exists()
    # Enrolling twice is harmless.
    learner_client.post(reverse("courses:enrol", args=[course.pk]))
    assert Enrolment.objects.filter(user=commune_officer).count() == 1


def test_enrolment_needs_a_login_and_a_post(client, course):
    url = reverse("courses:enrol", args=[course.pk])
    assert client.post(url).status_code == 302  # to the login page
    assert not Enrolment.objects.exists()


def test_course_page_offers_enrolment_then_resume(learner_client, course, lessons):
    page = learner_client.get(course.url).content.decode()
    assert "Ghi danh khóa học" in page
    learner_client.post(reverse("courses:enrol", args=[course.pk]))
    learner_client.get(lessons[0].url)
    page = learner_client.get(course.url).content.decode()
    assert "Tiếp tục học" in page
    assert f'href="{lessons[1].url}">Tiếp tục học' in page
    assert "Tiến độ: 33 %" in page


def test_reading_a_lesson_marks_it_viewed_only_for_enrolled_learners(
    learner_client, commune_officer, course, lessons
):
    learner_client.get(lessons[0].url)
    assert not LessonProgress.objects.exists()
    actions.enrol(course, commune_officer, actor=commune_officer)
    learner_client.get(lessons[0].url)
    learner_client.get(lessons[0].url)
    assert LessonProgress.objects.filter(user=commune_officer).count() == 1


def test_lesson_renders_blocks_with_previous_next_and_practise_links(
    learner_client, lessons, quiz
):
    first = learner_client.get(lessons[0].url).content.decode()
    assert "<strong>bài một</strong>" in first
    assert 'href="/mot-cua/thuc-hanh/"' in first
    assert lessons[1].url in first
    second = learner_client.get(lessons[1].url).content.decode()
    assert 'href="/kich-ban/khai-sinh-co-ban/bat-dau/"' in second
    assert "Nghị định 118." in second and "Một cửa" in second
    assert quiz.url in second and lessons[0].url in second


def test_video_is_a_link_and_transcript_until_asked_for(learner_client, lessons):
    page = learner_client.get(lessons[0].url).content.decode()
    assert "<iframe" not in page and "<video" not in page
    assert "Lời thoại của video giới thiệu." in page
    block_id = lessons[0].body[1].id
    shown = learner_client.get(lessons[0].url, {"video": block_id}).content.decode()
    assert '<iframe src="https://example.org/sa-ban/video/gioi-thieu"' in shown


# ---------------------------------------------------------------- attempts


@pytest.fixture
def attempt(learner_client, enrolled, quiz):
    response = learner_client.post(reverse("courses:start-attempt", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get()
    assert response["Location"] == _attempt_url(attempt)
    return attempt


def test_the_answer_key_is_not_in_the_attempt_page(learner_client, attempt):
    page = learner_client.get(_attempt_url(attempt)).content.decode()
    assert page.count("<fieldset") == 6 and page.count("<legend") == 6
    for question in Question.objects.all():
        assert question.feedback not in page
        for option in question.data.get("options", []):
            assert option["feedback"] not in page
    assert "mười hai" not in page  # an accepted short answer
    assert "correct" not in page.lower()
    assert "Đáp án" not in page
    ordering = next(q for q in attempt.questions if q["type"] == "ordering")
    shown = [page.index(item["text"]) for item in ordering["data"]["items"]]
    assert shown != sorted(shown)  # items are not listed in their correct order


def test_review_is_not_available_before_submitting(learner_client, attempt):
    response = learner_client.get(_review_url(attempt))
    assert response.status_code == 302 and response["Location"] == _attempt_url(attempt)


def test_submitting_shows_the_review_with_answers_and_feedback(learner_client, attempt):
    data = as_post_data(post_fields(attempt.questions, right=False))
    response = learner_client.post(_attempt_url(attempt), data, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == _review_url(attempt)
    assert "Chưa đạt" in page and "Điểm: 0 %" in page
    assert "Đáp án đúng" in page
    assert "Sai: Mẫu 02" in page  # the feedback of the option chosen
    assert "Mẫu 01 là giấy tiếp nhận." in page  # the question's feedback
    assert "mười hai" in page


def test_saving_keeps_answers_for_later(learner_client, attempt):
    single = next(q for q in attempt.questions if q["type"] == "single")
    option = single["data"]["options"][0]["id"]
    data = {f"q-{single['id']}": option, "action": "save"}
    response = learner_client.post(_attempt_url(attempt), data)
    assert response["Location"] == _attempt_url(attempt)
    page = learner_client.get(_attempt_url(attempt)).content.decode()
    assert f'value="{option}" checked' in page
    attempt.refresh_from_db()
    assert attempt.is_open


def test_a_double_submission_shows_the_same_result(learner_client, attempt):
    right = as_post_data(post_fields(attempt.questions))
    wrong = as_post_data(post_fields(attempt.questions, right=False))
    learner_client.post(_attempt_url(attempt), right)
    second = learner_client.post(_attempt_url(attempt), wrong, follow=True)
    assert "Điểm: 100 %" in second.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 100


def test_a_tampered_post_is_rejected_with_a_message_and_no_score(
    learner_client, attempt
):
    data = as_post_data(post_fields(attempt.questions))
    data["q-987654"] = "a"
    response = learner_client.post(_attempt_url(attempt), data, follow=True)
    page = response.content.decode()
    assert "không khớp với đề" in page
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.score is None


def test_one_position_for_every_ordering_item_is_refused_at_that_question(
    learner_client, attempt
):
    ordering = next(q for q in attempt.questions if q["type"] == "ordering")
    single = next(q for q in attempt.questions if q["type"] == "single")
    option = single["data"]["options"][0]["id"]
    data = {
        f"q-{ordering['id']}-{item['id']}": "1" for item in ordering["data"]["items"]
    }
    data.update({f"q-{single['id']}": option, "action": "save"})
    response = learner_client.post(_attempt_url(attempt), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Đã lưu câu trả lời" not in page
    number = attempt.questions.index(ordering) + 1
    at_question = page.split(f'id="cau-{number}"')[1].split("</fieldset>")[0]
    assert "Mỗi thứ tự chỉ được chọn cho một mục." in at_question
    assert f'value="{option}" checked' in page  # the rest of the post is kept on screen
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.answers == {}


def test_another_learners_attempt_and_review_are_not_found(
    client, other_officer, attempt, learner_client
):
    learner_client.post(
        _attempt_url(attempt), as_post_data(post_fields(attempt.questions))
    )
    client.force_login(other_officer)
    assert client.get(_attempt_url(attempt)).status_code == 404
    assert client.get(_review_url(attempt)).status_code == 404
    data = as_post_data(post_fields(attempt.questions, right=False))
    assert client.post(_attempt_url(attempt), data).status_code == 404


def test_quiz_page_states_the_grading_rules_and_attempts_left(
    learner_client, attempt, quiz
):
    learner_client.post(
        _attempt_url(attempt), as_post_data(post_fields(attempt.questions))
    )
    page = learner_client.get(quiz.url).content.decode()
    assert "mỗi phương án sai được chọn trừ 1/k" in page
    assert "số mục đặt đúng vị trí" in page
    assert "30 giây" in page
    assert "còn 2 lần" in page
    assert "Làm lại bài kiểm tra" in page


# ---------------------------------------------------------------- dashboard panels


def test_the_learner_dashboard_lists_courses_with_progress(
    learner_client, enrolled, lessons, course
):
    learner_client.get(lessons[0].url)
    page = learner_client.get(reverse("dashboard")).content.decode()
    assert course.title in page and "Tiến độ: 33 %" in page


def test_the_learner_dashboard_without_courses_links_to_the_catalogue(
    learner_client, course
):
    page = learner_client.get(reverse("dashboard")).content.decode()
    assert "Bạn chưa ghi danh khóa học nào." in page
    assert 'href="/hoc-tap/khoa-hoc/"' in page


def test_the_trainer_dashboard_links_to_reports(client, trainer):
    client.force_login(trainer)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("courses:reports") in page
    assert reverse("courses:enrol-communes") in page


def test_the_panel_providers_fill_the_courses_and_reports_panels(
    commune_officer, trainer, enrolled, course
):
    from courses.panels import courses_panel, reports_panel
    from sandbox.panels import Panel

    panel = courses_panel(
        commune_officer, commune_officer.profile, Panel("courses", "", "")
    )
    assert panel.template == "courses/includes/panel_courses.html"
    assert [e.course.pk for e in panel.context["entries"]] == [course.pk]
    assert panel.context["catalogue_url"] == "/hoc-tap/khoa-hoc/"
    panel = reports_panel(trainer, trainer.profile, Panel("reports", "", ""))
    assert [href for href, _label in panel.links] == [
        reverse("courses:reports"),
        reverse("courses:enrol-communes"),
    ]


def test_enrolling_from_a_lesson_stays_on_that_lesson(
    learner_client, commune_officer, course, lessons
):
    page = learner_client.get(lessons[1].url).content.decode()
    assert "Bạn đang đọc thử" in page and "Ghi danh khóa học" in page
    response = learner_client.post(
        reverse("courses:enrol", args=[course.pk]), {"next": lessons[1].url}
    )
    assert response["Location"] == lessons[1].url
    evil = learner_client.post(
        reverse("courses:enrol", args=[course.pk]), {"next": "https://evil.example/"}
    )
    assert evil["Location"] == lessons[0].url


def _of(attempt, kind):
    return next(q for q in attempt.questions if q["type"] == kind)


def _seen_in(page):
    """The seen-<id> fields of an attempt page, as its form would post them."""
    return dict(re.findall(r'name="(seen-\d+)" value="([0-9a-f]+)"', page))


def test_authored_ids_in_the_correct_order_are_not_in_the_attempt_page(
    learner_client, enrolled, course, quiz
):
    # Ids as a trainer types them in the admin: in the correct order.
    steps = ["Tiếp nhận", "Thẩm định", "Phê duyệt", "Trả kết quả"]
    Question.objects.update(active=False)
    Question.objects.create(
        course=course,
        category=QuestionCategory.objects.filter(course=course).first(),
        key="gv-thu-tu",
        type="ordering",
        text="Sắp xếp các bước.",
        data={"items": [{"id": f"buoc{n}", "text": t} for n, t in enumerate(steps)]},
    )
    learner_client.post(reverse("courses:start-attempt", args=[quiz.pk]))
    attempt = QuizAttempt.objects.get()
    page = learner_client.get(_attempt_url(attempt)).content.decode()
    assert all(step in page for step in steps)
    assert "buoc" not in page
    data = as_post_data(post_fields(attempt.questions))
    response = learner_client.post(_attempt_url(attempt), data, follow=True)
    assert "Điểm: 100 %" in response.content.decode()


# ---------------------------------------------------------------- interruptions


def _autosave(client, attempt, data):
    return client.post(_attempt_url(attempt), {**data, "action": "save", "autosave": 1})


def test_autosave_keeps_the_answers_and_says_what_is_saved(learner_client, attempt):
    page = learner_client.get(_attempt_url(attempt)).content.decode()
    single = _of(attempt, "single")
    option = single["data"]["options"][0]["id"]
    response = _autosave(
        learner_client, attempt, {f"q-{single['id']}": option, **_seen_in(page)}
    )
    reply = response.json()
    assert response.status_code == 200 and reply["saved"] and not reply["elsewhere"]
    assert reply["seen"][str(single["id"])] == answer_digest(single, option)
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.answers[str(single["id"])] == option
    # The page reloaded after a closed tab shows it, with the new digest.
    page = learner_client.get(_attempt_url(attempt)).content.decode()
    assert f'value="{option}" checked' in page
    assert _seen_in(page)[f"seen-{single['id']}"] == reply["seen"][str(single["id"])]


def test_a_second_tab_left_open_does_not_wipe_the_first_tabs_answers(
    learner_client, attempt
):
    tab_b = _seen_in(learner_client.get(_attempt_url(attempt)).content.decode())
    tab_a = _seen_in(learner_client.get(_attempt_url(attempt)).content.decode())
    right = as_post_data(post_fields(attempt.questions), action="save")
    learner_client.post(_attempt_url(attempt), {**right, **tab_a})
    # Tab B, which still shows nothing answered, saves in the background, then submits.
    single = _of(attempt, "single")
    wrong = next(o["id"] for o in single["data"]["options"] if not o["correct"])
    reply = _autosave(learner_client, attempt, {f"q-{single['id']}": wrong, **tab_b})
    assert reply.json()["elsewhere"]  # tab B is told to reload to see the rest
    tab_b.update({f"seen-{k}": v for k, v in reply.json()["seen"].items()})
    data = {f"q-{single['id']}": wrong, "action": "submit", **tab_b}
    response = learner_client.post(_attempt_url(attempt), data, follow=True)
    assert response.redirect_chain[-1][0] == _review_url(attempt)
    # Graded on tab A's answers, bar the one tab B changed (1 point of 11).
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(100 * 10 / 11, abs=0.01)


def test_autosave_refuses_a_repeated_position_and_saves_nothing(
    learner_client, attempt
):
    ordering = _of(attempt, "ordering")
    data = {f"q-{ordering['id']}-{i['id']}": "1" for i in ordering["data"]["items"]}
    response = _autosave(learner_client, attempt, data)
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "message": "Chưa lưu được bài làm: hãy sửa các câu được đánh dấu rồi lưu lại.",
    }
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_autosave_after_the_deadline_closes_the_attempt_and_points_to_the_result(
    learner_client, attempt, clock
):
    clock.advance(minutes=11)
    response = _autosave(learner_client, attempt, {})
    assert response.json() == {
        "saved": False,
        "closed": True,
        "url": _review_url(attempt),
    }
    attempt.refresh_from_db()
    assert attempt.status == QuizAttempt.Status.EXPIRED


def test_the_result_stays_reviewable_after_the_quiz_is_unpublished(
    learner_client, attempt, quiz
):
    quiz.unpublish()
    page = learner_client.get(_attempt_url(attempt)).content.decode()
    assert "Bạn vẫn lưu và nộp được lượt làm đang dở." in page
    data = as_post_data(post_fields(attempt.questions))
    response = learner_client.post(_attempt_url(attempt), data, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "Điểm: 100 %" in page
    assert "Kết quả của bạn vẫn được giữ nguyên." in page
    assert f'href="{quiz.url}"' not in page  # no link to a page that is gone


def test_the_progress_is_read_out_once(learner_client, course, lessons):
    learner_client.post(reverse("courses:enrol", args=[course.pk]))
    learner_client.get(lessons[0].url)
    page = learner_client.get(course.url).content.decode()
    assert page.count("Tiến độ: 33 %") == 1 and "Tiến độ 33 %" not in page
    assert '<div class="progress" aria-hidden="true">' in page


def test_the_review_says_which_questions_were_left_unanswered(learner_client, attempt):
    fields = post_fields(attempt.questions, skip={"t-single", "t-matching"})
    response = learner_client.post(
        _attempt_url(attempt), as_post_data(fields), follow=True
    )
    page = response.content.decode()
    assert page.count("Bạn chưa trả lời câu này.") == 2


def test_the_right_or_wrong_mark_in_english_is_not_the_true_false_answer(
    learner_client, attempt, settings
):
    # "Đúng"/"Sai" are also the choices of a true/false question ("True"/"False"): the
    # mark of a matching or ordering row must not read "False" for a wrong row.
    fields = post_fields(attempt.questions, right=False)
    learner_client.post(_attempt_url(attempt), as_post_data(fields))
    learner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = learner_client.get(_review_url(attempt)).content.decode()
    marks = re.findall(r'<span class="badge badge-wrong">([^<]*)</span>', page)
    assert marks  # the wrong matching and ordering rows
    assert "False" not in marks and "True" not in marks


def test_the_course_page_names_the_procedures_it_covers(learner_client, course):
    page = learner_client.get(course.url).content.decode()
    assert "Đăng ký khai sinh" in page and "(mã 1.001193)" in page


def test_the_quiz_page_counts_the_questions_an_attempt_really_draws(
    learner_client, quiz
):
    bank = Question.objects.for_course(quiz.get_parent().specific).active().count()
    quiz.questions_per_attempt = bank + 4  # more than the bank holds
    quiz.save_revision().publish()
    page = learner_client.get(quiz.url).content.decode()
    assert f"<dt>Số câu hỏi</dt><dd>{bank}</dd>" in page
