"""The personal-data audit: every look by staff at another person's profile or results.

Other apps call `log_staff_view(request, subject_user, what)` in their views, or decorate a
view with `@logs_staff_view(what, subject=lambda request, **kwargs: user)`. `what` is a
`StaffView.What` (add a member there for a new kind of look): the log keeps its code and
every page shows its label in the reader's language. Any other text is kept as written and
shown untranslated, as the rows written before the codes are.
"""

import logging
from functools import wraps

from sandbox.operations.models import StaffView

log = logging.getLogger(__name__)


def log_staff_view(request, subject_user, what: str) -> StaffView | None:
    """Record that the requesting staff member viewed `subject_user`'s `what`."""
    viewer = getattr(request, "user", None)
    if (
        subject_user is None
        or viewer is None
        or not viewer.is_authenticated
        or viewer.pk == subject_user.pk
    ):
        return None
    return StaffView.objects.create(
        viewer=viewer,
        subject=subject_user,
        what=_code(what),
        path=request.get_full_path()[:300],
    )


def _code(what) -> str:
    code = str(what)
    if code not in StaffView.What.values:
        log.warning("staff view %r is not a StaffView.What: shown untranslated", code)
    return code[:100]


def logs_staff_view(what: str, *, subject):
    """Decorator: log the view's subject (subject(request, **kwargs)) once it answered 200."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                log_staff_view(request, subject(request, **kwargs), what)
            return response

        return wrapper

    return decorate
