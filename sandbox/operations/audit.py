"""The personal-data audit: every look by staff at another person's profile or results.

Other apps call `log_staff_view(request, subject_user, what)` in their views, or decorate a
view with `@logs_staff_view(what, subject=lambda request, **kwargs: user)`.
"""

from functools import wraps

from sandbox.operations.models import StaffView


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
        what=str(what)[:100],
        path=request.get_full_path()[:300],
    )


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
