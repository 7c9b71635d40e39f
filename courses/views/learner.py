"""Learners' views outside Wagtail's page tree: enrolment, quiz attempts, review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses import actions
from courses.answers import digests, parse_answers
from courses.models import CoursePage, QuizAttempt, QuizPage
from courses.presenters import attempt_view, review_view
from courses.progress import review_shown
from courses.review import hidden_notes


@login_required
@require_POST
def enrol(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    actions.enrol(course, request.user, actor=request.user)
    messages.success(
        request, _("Bạn đã ghi danh khóa học “%(title)s”.") % {"title": course.title}
    )
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}):
        return redirect(wanted)  # enrolling from a lesson stays on that lesson
    first = course.lessons().first()
    return redirect(first.url if first else course.url)


@login_required
@require_POST
def start_attempt(request, quiz_id):
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    try:
        attempt = actions.start_attempt(quiz, actor=request.user)
    except actions.QuizError as exc:
        messages.error(request, str(exc))
        return redirect(quiz.url)
    return redirect("courses:attempt", attempt_id=attempt.pk)


def _own_attempt(request, attempt_id):
    # Another learner's attempt does not exist, as far as this learner can tell.
    attempts = QuizAttempt.objects.for_user(request.user).select_related("quiz")
    return get_object_or_404(attempts, pk=attempt_id)


def _post_fields(request):
    return [(name, request.POST.getlist(name)) for name in request.POST]


def _autosave(request, attempt):
    """The attempt page's background save: a JSON reply for its script, no redirect."""
    fields = _post_fields(request)
    try:
        attempt = actions.save_answers(attempt, fields, actor=request.user)
    except actions.QuizError as exc:
        return JsonResponse({"saved": False, "message": str(exc)}, status=400)
    if not attempt.is_open:
        url = reverse("courses:review", args=[attempt.pk])
        return JsonResponse({"saved": False, "closed": True, "url": url})
    # The page now holds as saved what it sent; where the server kept another tab's
    # answer instead, the page is told to reload to see it.
    sent = digests(attempt.questions, parse_answers(attempt.questions, fields))
    kept = digests(attempt.questions, attempt.answers)
    at = timezone.localtime(attempt.answers_saved_at).strftime("%H:%M")
    return JsonResponse(
        {"saved": True, "seen": sent, "at": at, "elsewhere": sent != kept}
    )


def _handle_post(request, attempt):
    if request.POST.get("autosave"):
        return _autosave(request, attempt)
    submitting = request.POST.get("action") == "submit"
    act = actions.submit_attempt if submitting else actions.save_answers
    try:
        attempt = act(attempt, _post_fields(request), actor=request.user)
    except actions.AnswerMistakeError as exc:
        # Shown back as sent, marked at each question; nothing was saved.
        messages.error(request, str(exc))
        return _attempt_page(request, attempt, exc.answers, exc.errors, status=400)
    except actions.QuizError as exc:
        messages.error(request, str(exc))
        return redirect("courses:attempt", attempt_id=attempt.pk)
    if attempt.status == QuizAttempt.Status.EXPIRED:
        messages.warning(
            request,
            _(
                "Đã hết thời gian làm bài. Bài được chấm theo các câu trả lời đã lưu "
                "trước khi hết giờ."
            ),
        )
    elif not attempt.is_open:
        messages.success(request, _("Bài làm đã được nộp và chấm điểm."))
    else:
        messages.success(request, _("Đã lưu câu trả lời. Bạn có thể làm tiếp."))
        return redirect("courses:attempt", attempt_id=attempt.pk)
    return redirect("courses:review", attempt_id=attempt.pk)


@never_cache
@login_required
def attempt(request, attempt_id):
    attempt = actions.expire_if_overdue(_own_attempt(request, attempt_id))
    if request.method == "POST":
        return _handle_post(request, attempt)
    if not attempt.is_open:
        return redirect("courses:review", attempt_id=attempt.pk)
    return _attempt_page(request, attempt, attempt.answers)


def _attempt_page(request, attempt, answers, errors=None, status=200):
    quiz = attempt.quiz
    return render(
        request,
        "courses/attempt.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "course": quiz.get_parent().specific,
            "questions": attempt_view(
                attempt.questions, answers, errors, saved=attempt.answers
            ),
            "seconds_left": attempt.seconds_left(timezone.now()),
        },
        status=status,
    )


@never_cache
@login_required
def review(request, attempt_id):
    attempt = actions.expire_if_overdue(_own_attempt(request, attempt_id))
    if attempt.is_open:
        # No answer key before the attempt is closed.
        return redirect("courses:attempt", attempt_id=attempt.pk)
    # A quiz unpublished since stays reviewable: the result is the learner's own.
    quiz = attempt.quiz
    # Another attempt left open past its deadline is over: it must not keep the review
    # options' "after the attempts" from applying.
    actions.expire_overdue_attempts(quiz, request.user)
    show = review_shown(request.user, quiz)
    return render(
        request,
        "courses/review.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "course": quiz.get_parent().specific,
            "show": show,
            "hidden_notes": hidden_notes(quiz.review_options, show),
            "questions": review_view(
                attempt.questions, attempt.answers, attempt.results, show
            ),
        },
    )
