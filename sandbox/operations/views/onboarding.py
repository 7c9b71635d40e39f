"""Bulk onboarding pages: template, upload, preview, commit with progress, codes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sandbox.models import Province
from sandbox.operations import actions, permissions, progress
from sandbox.operations.forms import CodesForm, CommitForm, UploadForm
from sandbox.operations.models import ImportRecord, OfficialImport
from sandbox.operations.onboarding import codes, sheets
from sandbox.operations.onboarding.columns import COLUMNS, FIELDS
from sandbox.operations.onboarding.problems import FileProblem
from sandbox.operations.onboarding.reasons import describe_all
from sandbox.operations.views.common import import_for, staff_required

PAGE_SIZE = 200
OUTCOMES = ["rejected", "created", "updated", "unchanged"]


def _province_for_upload(request, form) -> Province:
    if "province" in form.fields:
        return form.cleaned_data["province"]
    return permissions.home_province(request.user)


@staff_required
def upload(request):
    """Upload a file: it is read and checked, and the preview shows every row's outcome."""
    choose = permissions.is_administrator(request.user)
    home = permissions.home_province(request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        choose_province=choose,
        initial={"province": home},
    )
    if request.method == "POST" and form.is_valid():
        province = _province_for_upload(request, form)
        upload_file = form.cleaned_data["file"]
        data = upload_file.read(actions.imports.max_bytes() + 1)
        try:
            imp = actions.preview_import(
                province=province,
                data=data,
                file_name=upload_file.name,
                actor=request.user,
            )
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            return redirect("operations:import-detail", pk=imp.pk)
    imports = OfficialImport.objects.recent()
    if not choose:
        imports = imports.for_province(home)
    return render(
        request,
        "operations/import_upload.html",
        {"form": form, "imports": imports[:20], "home": home},
    )


@staff_required
def template_file(request, fmt):
    """The template with Vietnamese headers, an example row and the province's unit codes."""
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    province = permissions.home_province(request.user)
    communes = list(province.communes.order_by("name")) if province else []
    if fmt == "xlsx":
        body = sheets.template_xlsx(
            communes, province_name=province.name if province else ""
        )
        response = HttpResponse(body, content_type=sheets.XLSX_TYPE)
    else:
        response = HttpResponse(
            sheets.template_csv(communes), content_type=sheets.CSV_TYPE
        )
    response["Content-Disposition"] = (
        f'attachment; filename="mau-danh-sach-can-bo.{fmt}"'
    )
    return response


def _change_labels():
    return {
        "full_name": _("họ và tên"),
        "commune": _("đơn vị"),
        "position": _("chức danh"),
        "role": _("vai trò"),
        "email": _("email"),
        "phone": _("số điện thoại"),
    }


def _rows_page(request, imp):
    shown = request.GET.get("ket-qua", "")
    shown = shown if shown in OUTCOMES else ""  # echoed into the pager's links
    rows = imp.rows
    if shown in OUTCOMES:
        rows = [r for r in rows if r["outcome"] == shown]
    else:
        order = {o: i for i, o in enumerate(OUTCOMES)}
        rows = sorted(rows, key=lambda r: (order.get(r["outcome"], 9), r["row"]))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    labels = _change_labels()
    for row in page.object_list:
        row["messages"] = describe_all(row["reasons"])
        row["changes"] = [str(labels.get(c, c)) for c in row["changes"]]
    return shown, page


def _communes_with_new_officials(imp):
    records = (
        ImportRecord.objects.filter(
            official_import=imp, outcome=ImportRecord.Outcome.CREATED
        )
        .values("user__profile__commune_id", "user__profile__commune__name")
        .order_by("user__profile__commune__name")
    )
    counts = {}
    for r in records:
        key = (r["user__profile__commune_id"], r["user__profile__commune__name"])
        counts[key] = counts.get(key, 0) + 1
    return [
        {"code": code, "name": name, "count": n}
        for (code, name), n in counts.items()
        if code
    ]


@staff_required
def detail(request, pk):
    """The preview before commit; the progress while running; the result afterwards."""
    imp = import_for(request, pk)
    shown, page = _rows_page(request, imp)
    context = {
        "imp": imp,
        "page": page,
        "shown": shown,
        "shown_query": urlencode({"ket-qua": shown}) if shown else "",
        "outcomes": OUTCOMES,
        "commit_form": CommitForm(),
        "communes": _communes_with_new_officials(imp)
        if imp.status == OfficialImport.Status.DONE
        else [],
    }
    return render(request, "operations/import_detail.html", context)


@require_POST
@staff_required
def commit(request, pk):
    imp = import_for(request, pk)
    form = CommitForm(request.POST)
    send = form.is_valid() and form.cleaned_data["send_activation"]
    try:
        actions.queue_import(imp, actor=request.user, send_activation=send)
    except actions.ImportStale as exc:
        messages.error(request, str(exc))
    return redirect("operations:import-detail", pk=imp.pk)


@require_POST
@staff_required
def discard(request, pk):
    imp = import_for(request, pk)
    if imp.status == OfficialImport.Status.PREVIEWED:
        actions.discard_import(imp, actor=request.user)
        messages.info(request, _("Đã hủy lần nhập; không có thay đổi nào."))
    return redirect("operations:import-upload")


@never_cache
@staff_required
def progress_json(request, pk):
    """Polled by the progress bar while the worker writes the file."""
    imp = import_for(request, pk, with_rows=False)
    done = imp.progress
    if imp.status == OfficialImport.Status.RUNNING:
        live = progress.read(imp.pk)
        done = live["done"] if live else done
    elif imp.status == OfficialImport.Status.DONE:
        done = imp.total
    return JsonResponse(
        {
            "status": imp.status,
            "status_label": imp.get_status_display(),
            "done": done,
            "total": imp.total,
            "finished": imp.status
            in {OfficialImport.Status.DONE, OfficialImport.Status.FAILED},
        }
    )


@staff_required
def rows_csv(request, pk):
    """Every row with its outcome and reasons, to fix the file (formulas neutralised)."""
    imp = import_for(request, pk)
    header = [_("Dòng"), *[c.header for c in COLUMNS], _("Kết quả"), _("Lý do")]
    labels = dict(ImportRecord.Outcome.choices) | {"rejected": _("Bị từ chối")}
    rows = (
        [
            r["row"],
            *[r["cells"].get(f, "") for f in FIELDS],
            str(labels.get(r["outcome"], r["outcome"])),
            " ".join(describe_all(r["reasons"])),
        ]
        for r in imp.rows
    )
    response = HttpResponse(
        sheets.csv_bytes(header, rows), content_type=sheets.CSV_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-kiem-tra-{imp.pk}.csv"'
    )
    return response


def _same_site(request, url):
    """`url` if it stays on this site, else the officials' list (no open redirect)."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("operations:official-list")


@require_POST
@staff_required
def codes_pdf(request):
    """A printable sheet of first-login codes for one commune (new codes replace old ones)."""
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu in mã không hợp lệ."))
        return redirect("operations:official-list")
    commune = form.cleaned_data["commune"]
    imp = form.cleaned_data["official_import"]
    permissions.require(permissions.may_import_into(request.user, commune.province))
    users = codes.officials_awaiting_codes(commune, imp)
    issued = actions.issue_first_login_codes(users, actor=request.user)
    if not issued:
        messages.info(
            request, _("Không còn cán bộ nào của đơn vị này cần mã đăng nhập lần đầu.")
        )
        return redirect(_same_site(request, request.POST.get("next")))
    pdf = codes.render_codes_pdf(commune, issued, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="ma-dang-nhap-{commune.code_str}.pdf"'
    )
    return response
