from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from sandbox.operations import permissions
from sandbox.operations.models import OfficialImport
from sandbox.params import row_id


def staff_required(view):
    """Coordinators and administrators only (others get the Vietnamese 403 page)."""

    @login_required
    def wrapper(request, *args, **kwargs):
        permissions.require(permissions.manages_officials(request.user))
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def import_for(request, pk, *, with_rows=True) -> OfficialImport:
    imports = OfficialImport.objects.select_related("province")
    imp = get_object_or_404(imports if with_rows else imports.defer("rows"), pk=pk)
    permissions.require(permissions.may_import_into(request.user, imp.province))
    return imp


def managed_province(request):
    """The province whose officials the page lists: the coordinator's own, or the admin's
    choice (?tinh=CODE), or None for all provinces."""
    if permissions.is_administrator(request.user):
        if (code := row_id(request.GET.get("tinh"))) is not None:
            from sandbox.models import Province

            return Province.objects.filter(pk=code).first()
        return None
    return permissions.home_province(request.user)
