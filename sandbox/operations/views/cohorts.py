"""Coordinators' cohorts: list, create, edit (rule or hand-picked members), delete."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sandbox.operations import actions, permissions
from sandbox.operations.forms import CohortForm
from sandbox.operations.models import Cohort
from sandbox.operations.views.common import staff_required
from sandbox.params import row_id


def _province(request):
    province = permissions.home_province(request.user)
    permissions.require(province is not None)
    return province


def _cohort(request, pk) -> Cohort:
    cohort = get_object_or_404(Cohort, pk=pk)
    permissions.require(permissions.may_import_into(request.user, cohort.province))
    return cohort


def _find_members(cohort, keys):
    users = get_user_model().objects.filter(profile__province_id=cohort.province_id)
    found, missing = [], []
    for key in keys:
        match = users.filter(
            Q(username=key) | Q(email__iexact=key) | Q(profile__phone=key)
        ).first()
        (found if match else missing).append(match or key)
    return found, missing


def _save(request, form, cohort):
    found, missing = _find_members(cohort, form.member_keys())
    remove = []
    if cohort.pk:
        ids = [row_id(value) for value in request.POST.getlist("bo")]
        remove = list(cohort.members_picked.filter(pk__in=[i for i in ids if i]))
    actions.save_cohort(
        form.instance, actor=request.user, add_members=found, remove_members=remove
    )
    if missing:
        messages.warning(
            request,
            _("Không tìm thấy cán bộ trong tỉnh: %(keys)s")
            % {"keys": ", ".join(missing[:20])},
        )
    messages.success(request, _("Đã lưu nhóm “%(name)s”.") % {"name": cohort.name})


@staff_required
def cohort_list(request):
    province = _province(request)
    form = CohortForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        _save(request, form, form.instance)
        return redirect("operations:cohort-detail", pk=form.instance.pk)
    cohorts = Cohort.objects.in_province(province).select_related(
        "commune", "source_import"
    )
    return render(
        request,
        "operations/cohort_list.html",
        {"form": form, "cohorts": cohorts, "province": province},
    )


@staff_required
def cohort_detail(request, pk):
    cohort = _cohort(request, pk)
    form = CohortForm(request.POST or None, instance=cohort, province=cohort.province)
    if request.method == "POST" and form.is_valid():
        _save(request, form, cohort)
        return redirect("operations:cohort-detail", pk=cohort.pk)
    members = Paginator(cohort.members(), 100).get_page(request.GET.get("trang"))
    return render(
        request,
        "operations/cohort_detail.html",
        {"cohort": cohort, "form": form, "members": members},
    )


@require_POST
@staff_required
def cohort_delete(request, pk):
    cohort = _cohort(request, pk)
    name = cohort.name
    actions.delete_cohort(cohort, actor=request.user)
    messages.success(request, _("Đã xóa nhóm “%(name)s”.") % {"name": name})
    return redirect("operations:cohort-list")
