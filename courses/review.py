"""What a learner may see when reviewing a closed attempt: pure, over plain values.

Each quiz says, for three parts of the review, when the learner sees them (as Moodle's
review options do): right/wrong and the marks, the correct answers, the trainer's
feedback. "After the attempts" means the learner has no attempt open and none left that
could still count: they have passed, or used every attempt allowed. Trainers' reports
are not concerned: they always show everything.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReviewWhen(models.TextChoices):
    IMMEDIATELY = "immediately", _("Ngay sau khi nộp bài")
    AFTER_ATTEMPTS = (
        "after_attempts",
        _("Sau khi hết lượt làm bài (đã đạt hoặc đã dùng hết số lần làm bài)"),
    )
    NEVER = "never", _("Không bao giờ")


@dataclass(frozen=True)
class Shown:
    """Which parts of the review the learner sees now."""

    marks: bool = True  # right/wrong per question, the marks, the score, pass or fail
    correct: bool = True  # the correct answers
    feedback: bool = True  # the question's feedback and that of the options chosen


EVERYTHING = Shown()


@dataclass(frozen=True)
class ReviewOptions:
    marks: str = ReviewWhen.IMMEDIATELY
    correct: str = ReviewWhen.IMMEDIATELY
    feedback: str = ReviewWhen.IMMEDIATELY

    @property
    def waits_for_attempts(self) -> bool:
        """Whether what is shown depends on the learner's attempts (worth a query)."""
        return ReviewWhen.AFTER_ATTEMPTS in (self.marks, self.correct, self.feedback)


def attempts_over(*, used: int, open_: int, passed: bool, allowed: int | None) -> bool:
    """No attempt in progress, and the learner has passed or used every one allowed."""
    if open_:
        return False
    return passed or (allowed is not None and used >= allowed)


@dataclass(frozen=True)
class NewAttempt:
    """Whether the learner may start a new attempt, and why not."""

    may_start: bool
    ended_by_passing: bool = False  # passing ended the attempts (see new_attempt)
    reason: str = ""


def new_attempt(
    options: ReviewOptions, *, used: int, passed: bool, allowed: int | None
) -> NewAttempt:
    """The one rule for retakes, for the quiz page and for starting an attempt.

    Where the review waits for the attempts to be over, passing is what ends them: a
    retake would otherwise be taken with the answer key just revealed."""
    if passed and options.waits_for_attempts:
        return NewAttempt(
            False,
            ended_by_passing=True,
            reason=gettext(
                "Bạn đã đạt bài kiểm tra này. Với bài kiểm tra này, đạt là hết lượt "
                "làm bài: bạn xem lại được các bài đã làm nhưng không làm lại được nữa."
            ),
        )
    if allowed is not None and used >= allowed:
        return NewAttempt(
            False,
            reason=gettext("Bạn đã dùng hết %(count)s lần làm bài được phép.")
            % {"count": allowed},
        )
    return NewAttempt(True)


def _visible(when: str, over: bool) -> bool:
    return when == ReviewWhen.IMMEDIATELY or (
        when == ReviewWhen.AFTER_ATTEMPTS and over
    )


def shown(options: ReviewOptions, *, over: bool) -> Shown:
    """What the learner sees of a closed attempt, given whether their attempts are over."""
    return Shown(
        marks=_visible(options.marks, over),
        correct=_visible(options.correct, over),
        feedback=_visible(options.feedback, over),
    )


def _hidden_notes() -> dict[tuple[str, str], str]:
    later, never = ReviewWhen.AFTER_ATTEMPTS, ReviewWhen.NEVER
    return {
        ("marks", later): gettext(
            "Điểm và kết quả đúng/sai của từng câu sẽ được hiển thị khi bạn hết lượt "
            "làm bài (đã đạt, hoặc đã dùng hết số lần được làm)."
        ),
        ("marks", never): gettext(
            "Bài kiểm tra này không hiển thị điểm và kết quả đúng/sai cho học viên."
        ),
        ("correct", later): gettext(
            "Đáp án đúng sẽ được hiển thị khi bạn hết lượt làm bài (đã đạt, hoặc đã "
            "dùng hết số lần được làm)."
        ),
        ("correct", never): gettext(
            "Bài kiểm tra này không hiển thị đáp án đúng cho học viên."
        ),
        ("feedback", later): gettext(
            "Nhận xét của giảng viên sẽ được hiển thị khi bạn hết lượt làm bài (đã "
            "đạt, hoặc đã dùng hết số lần được làm)."
        ),
        ("feedback", never): gettext(
            "Bài kiểm tra này không hiển thị nhận xét của giảng viên cho học viên."
        ),
    }


def hidden_notes(options: ReviewOptions, show: Shown) -> list[str]:
    """One sentence for each part of the review the learner cannot see now, and why."""
    notes = _hidden_notes()
    parts = [
        ("marks", options.marks, show.marks),
        ("correct", options.correct, show.correct),
        ("feedback", options.feedback, show.feedback),
    ]
    return [notes[(part, when)] for part, when, visible in parts if not visible]
