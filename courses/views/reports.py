"""Trainers' and coordinators' pages: enrolling communes, progress and item reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from courses import actions
from courses.exports import export_response
from courses.forms import EnrolCommunesForm
from courses.models import CoursePage, Enrolment
from courses.reports import (
    item_rows,
    progress_by_commune,
    progress_by_person,
    province_total,
)

EXPORTS = {"csv", "xlsx"}
# Fewer graded attempts than this make a discrimination index unreliable (with two it is
# always 1 or −1): the report marks it.
FEW_ATTEMPTS = 10
PEOPLE_PER_PAGE = 100


@login_required
def enrol_communes(request):
    province = actions.staff_province(request.user)
    form = EnrolCommunesForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        course = form.cleaned_data["course"]
        new = actions.enrol_communes(
            course, list(form.cleaned_data["communes"]), actor=request.user
        ) + actions.enrol_cohorts(
            course, list(form.cleaned_data["cohorts"]), actor=request.user
        )
        if new:
            messages.success(
                request,
                _("Đã ghi danh thêm %(count)s cán bộ vào khóa “%(title)s”.")
                % {"count": len(new), "title": course.title},
            )
        else:
            messages.info(
                request,
                _(
                    "Không ghi danh thêm ai: mọi cán bộ đã chọn đều đã ghi danh khóa "
                    "“%(title)s” từ trước."
                )
                % {"title": course.title},
            )
        return redirect("courses:report-progress", course_id=course.pk)
    return render(
        request, "courses/enrol_communes.html", {"form": form, "province": province}
    )


@login_required
def reports(request):
    province = actions.staff_province(request.user)
    courses = CoursePage.objects.live().order_by("path")
    counts = Enrolment.objects.in_province(province).counts_by_course()
    rows = [(course, *counts.get(course.pk, (0, 0))) for course in courses]
    return render(request, "courses/reports.html", {"rows": rows, "province": province})


def _person_cells(row):
    return [
        row.full_name,
        row.username,
        row.commune,
        row.lessons_viewed,
        row.lessons_total,
        row.attempts,
        row.best_score,
        _("Đạt") if row.quiz_passed else _("Chưa đạt"),
        row.percent,
        row.completed_at,
    ]


def _person_header():
    return [
        _("Họ và tên"),
        _("Tên đăng nhập"),
        _("Xã, phường"),
        _("Bài đã xem"),
        _("Tổng số bài"),
        _("Số lần làm bài"),
        _("Điểm cao nhất (%)"),
        _("Bài kiểm tra"),
        _("Tiến độ (%)"),
        _("Hoàn thành lúc"),
    ]


def _commune_export(rows):
    header = [
        _("Xã, phường"),
        _("Số cán bộ ghi danh"),
        _("Đã hoàn thành"),
        _("Đạt bài kiểm tra"),
        _("Tiến độ trung bình (%)"),
    ]
    cells = [
        [r.commune, r.enrolled, r.completed, r.quiz_passed, r.average_percent]
        for r in rows
    ]
    return header, cells


@login_required
def report_progress(request, course_id):
    province = actions.staff_province(request.user)
    course = get_object_or_404(CoursePage, pk=course_id)
    people = progress_by_person(course, province)
    communes = progress_by_commune(people)
    export = request.GET.get("xuat")
    if export in EXPORTS:
        if request.GET.get("theo") == "xa":
            header, cells = _commune_export(communes)
            return export_response(
                export, f"tien-do-theo-xa-{course.slug}", header, cells
            )
        cells = [_person_cells(r) for r in people]
        return export_response(
            export, f"tien-do-{course.slug}", _person_header(), cells
        )
    return render(
        request,
        "courses/report_progress.html",
        {
            "course": course,
            "province": province,
            "page": Paginator(people, PEOPLE_PER_PAGE).get_page(
                request.GET.get("trang")
            ),
            "communes": communes,
            "total": province_total(people),
        },
    )


def _item_cells(row):
    discrimination = (
        None if row.discrimination is None else round(row.discrimination, 3)
    )
    return [
        row.key,
        row.text,
        row.type_label,
        row.points,
        row.attempts,
        round(row.facility, 3),
        discrimination,
    ]


@login_required
def report_items(request, course_id):
    province = actions.staff_province(request.user)
    course = get_object_or_404(CoursePage, pk=course_id)
    rows = item_rows(course, province)
    export = request.GET.get("xuat")
    if export in EXPORTS:
        header = [
            _("Mã câu hỏi"),
            _("Câu hỏi"),
            _("Loại"),
            _("Điểm"),
            _("Số bài làm có câu này"),
            _("Độ dễ"),
            _("Độ phân biệt"),
        ]
        cells = [_item_cells(r) for r in rows]
        return export_response(export, f"thong-ke-cau-hoi-{course.slug}", header, cells)
    return render(
        request,
        "courses/report_items.html",
        {
            "course": course,
            "province": province,
            "rows": rows,
            "few": FEW_ATTEMPTS,
        },
    )
