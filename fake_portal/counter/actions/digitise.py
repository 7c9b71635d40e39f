"""Digitisation (Circular 01/2023): scan, confirm the data, sign personally, store, attach."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fake_portal.actions._core import record
from fake_portal.actions.documents import attach_document
from fake_portal.counter.actions._common import (
    local_day,
    officer_name,
    require_receiving_officer,
)
from fake_portal.counter.actions.papers import (
    generate_scan,
    locked_paper,
    paper_exemption,
)
from fake_portal.counter.codes import result_code
from fake_portal.counter.models import DigitisedCopy, Paper, PaperKind
from fake_portal.counter.papers.labels import differing_fields
from fake_portal.counter.papers.render import image_to_pdf
from fake_portal.counter.scans import read_scan
from fake_portal.errors import InvalidInput
from sandbox.models import Sandbox


def _scan_pdf(paper: Paper, upload) -> tuple[bytes, bytes, int, str]:
    """(scan as stored, PDF to sign, pages, source) from an upload or the generated scan."""
    if upload is not None:
        scan = read_scan(upload)
        data, content_type, pages, source = (
            scan.data,
            scan.content_type,
            scan.pages,
            "upload",
        )
    else:
        generate_scan(paper)
        with paper.file.open("rb") as handle:
            data = handle.read()
        content_type, source = paper.content_type, "generated"
        pages = paper.pages_present
    pdf = (
        data
        if content_type == "application/pdf"
        else image_to_pdf(data, title=paper.title)
    )
    return data, pdf, pages, source


def _confirmed(paper: Paper, fields: dict) -> dict:
    """The extracted data as the officer confirmed it; every printed field must be kept."""
    printed = paper.readable_fields()
    confirmed = {
        name: str(fields.get(name, "")).strip() for name in paper.field_values()
    }
    blank = [name for name, value in printed.items() if value and not confirmed[name]]
    if blank:
        from fake_portal.counter.papers.labels import label

        raise InvalidInput(
            _("Chưa xác nhận dữ liệu trích xuất: %(fields)s.")
            % {"fields": ", ".join(str(label(n)) for n in blank)}
        )
    return confirmed


def _check_digitisable(paper: Paper, target) -> None:
    if paper.status != Paper.Status.RECEIVED_COPY:
        raise InvalidInput(
            _(
                "Chỉ số hóa giấy tờ đã được nhận bản lưu; giấy tờ này đang ở tình trạng “%(s)s”."
            )
            % {"s": paper.get_status_display()}
        )
    existing = DigitisedCopy.objects.filter(paper=paper).first()
    if existing is not None:
        raise InvalidInput(
            _(
                "Giấy tờ này đã được số hóa (mã kết quả %(code)s); không số hóa lần thứ hai."
            )
            % {"code": existing.result_code}
        )
    if paper.owner_id != target.pk:
        raise InvalidInput(
            _(
                "Giấy tờ này là của công dân %(owner)s (số định danh %(number)s), không "
                "phải của %(target)s. Không lưu bản số hóa vào kho dữ liệu của %(target)s; "
                "hãy trả lại giấy tờ cho đúng người."
            )
            % {
                "owner": paper.owner.full_name,
                "number": paper.owner.id_number,
                "target": target.full_name,
            }
        )


def _next_result_code(sandbox: Sandbox, now) -> str:
    from fake_portal.codes import commune_agency_code

    commune = sandbox.commune
    agency = commune_agency_code(commune.code, commune.province_id)
    day = local_day(now)
    prefix = f"{agency}.{day:%y%m%d}."
    taken = DigitisedCopy.objects.filter(
        sandbox=sandbox, result_code__startswith=prefix
    ).count()
    return result_code(agency, day, taken + 1)


def digitise_paper(paper: Paper, *, actor, pin: str, fields: dict, upload=None):
    """Scan, confirm the data, sign personally (stamp top left of page 1), store, attach.

    Signing happens outside the storing transaction (the signature app keeps a failed
    attempt on record); the store re-checks under lock, so a double submit stores once.
    """
    from fake_portal.signatures.signing import TOP_LEFT, sign_pdf

    require_receiving_officer(actor, paper.sandbox)
    paper = Paper.objects.select_related(
        "sandbox__commune", "dossier__applicant", "owner"
    ).get(pk=paper.pk)
    dossier = paper.dossier
    if dossier is None:
        raise InvalidInput(_("Hãy tạo hồ sơ điện tử trước khi số hóa giấy tờ."))
    _check_digitisable(paper, dossier.applicant)
    confirmed = _confirmed(paper, fields)
    scan, pdf, pages, source = _scan_pdf(paper, upload)
    signed = sign_pdf(
        pdf,
        signer=actor,
        method="token",
        pin=pin,
        sandbox=paper.sandbox,
        reason=_("Số hóa giấy tờ: %(title)s") % {"title": paper.title},
        location=paper.sandbox.commune.name,
        stamp=TOP_LEFT,
        field_name=f"SoHoa{paper.pk}",
    )
    return store_copy(
        paper,
        actor=actor,
        confirmed=confirmed,
        scan=scan,
        signed=signed,
        pages=pages,
        source=source,
    )


@transaction.atomic
def store_copy(
    paper, *, actor, confirmed, scan, signed, pages, source, is_result=False
):
    """Write the digitised copy, its dossier document and its events (one transaction)."""
    locked = locked_paper(paper)
    dossier = locked.dossier
    _check_digitisable(locked, dossier.applicant)
    sandbox = Sandbox.objects.select_for_update().get(pk=locked.sandbox_id)
    now = sandbox.now()
    exemption = None if is_result else paper_exemption(locked, dossier)
    code = _next_result_code(sandbox, now)
    copy = DigitisedCopy(
        sandbox=sandbox,
        paper=locked,
        citizen=dossier.applicant,
        dossier=dossier,
        kind=locked.kind,
        title=locked.title,
        result_code=code,
        extracted=confirmed,
        differs_from_database=differing_fields(
            confirmed, dossier.applicant, local_day(now)
        ),
        pages=pages,
        source=source,
        is_result=is_result,
        exemption=exemption or "",
        signed_by=actor,
        signed_at=now,
    )
    copy.scan.save(f"ban-quet-{locked.pk}", ContentFile(scan), save=False)
    copy.signed_file.save(f"so-hoa-{code}.pdf", ContentFile(signed), save=False)
    copy.save()
    _attach(dossier, copy, signed, is_result=is_result)
    _record_digitised(dossier, copy, locked, actor, exemption)
    return copy


def _attach(dossier, copy: DigitisedCopy, signed: bytes, *, is_result: bool) -> None:
    # A digitised result stays out of the dossier's documents: it is not the leader's
    # signed result, and return_result must not mistake it for one.
    if is_result:
        return
    attach_document(
        dossier,
        key=copy.paper.key or copy.kind,
        name=_("%(title)s (bản số hóa %(code)s)")
        % {"title": copy.title, "code": copy.result_code},
        content=signed,
        filename=f"so-hoa-{copy.result_code}.pdf",
        signed=True,
    )


def _record_digitised(dossier, copy, paper, actor, exemption) -> None:
    action = "result.digitised" if copy.is_result else "paper.digitised"
    record(
        dossier,
        action,
        actor=actor,
        data={
            "paper": paper.pk,
            "copy": copy.pk,
            "result_code": copy.result_code,
            "kind": copy.kind,
            "key": paper.key,
            "title": copy.title,
            "pages": copy.pages,
            "pages_declared": paper.pages,
            "missing_pages": paper.missing_pages,
            "source": copy.source,
            "signed_by": officer_name(actor),
            "differs_from_database": copy.differs_from_database,
            "exemption": exemption,
        },
    )
    if exemption:
        record(
            dossier,
            "paper.exempt_digitised",
            actor=actor,
            data={
                "paper": paper.pk,
                "key": paper.key,
                "title": paper.title,
                "reason": exemption,
            },
        )


def digitise_result(dossier, *, actor, pin: str) -> DigitisedCopy:
    """A result issued on paper is digitised too, into the citizen's e-data store."""
    from fake_portal.actions import has_signed_result
    from fake_portal.documents import render_result
    from fake_portal.models import Status
    from fake_portal.signatures.signing import TOP_LEFT, sign_pdf

    require_receiving_officer(actor, dossier.sandbox)
    if dossier.status not in (Status.DONE, Status.RETURNED):
        raise InvalidInput(_("Hồ sơ chưa có kết quả để số hóa."))
    if has_signed_result(dossier):
        raise InvalidInput(
            _("Kết quả đã là bản điện tử có chữ ký số của lãnh đạo; không cần số hóa.")
        )
    paper = _result_paper(dossier)
    _check_digitisable(paper, dossier.applicant)
    pdf = render_result(dossier, signer_name=_("(bản giấy đã ký, đóng dấu)"))
    signed = sign_pdf(
        pdf,
        signer=actor,
        method="token",
        pin=pin,
        sandbox=dossier.sandbox,
        reason=_("Số hóa kết quả giải quyết hồ sơ %(code)s") % {"code": dossier.code},
        location=dossier.sandbox.commune.name,
        stamp=TOP_LEFT,
        field_name=f"SoHoaKQ{paper.pk}",
    )
    return store_copy(
        paper,
        actor=actor,
        confirmed=paper.field_values(),
        scan=pdf,
        signed=signed,
        pages=1,
        source="generated",
        is_result=True,
    )


@transaction.atomic
def _result_paper(dossier) -> Paper:
    existing = Paper.objects.filter(dossier=dossier, kind=PaperKind.RESULT).first()
    if existing is not None:
        return existing
    procedure = dossier.procedure
    applicant = dossier.form_data.get("applicant", {})
    return Paper.objects.create(
        sandbox=dossier.sandbox,
        dossier=dossier,
        owner=dossier.applicant,
        kind=PaperKind.RESULT,
        key="result",
        title=procedure.result.name_vi,
        fields=[
            ["full_name", applicant.get("full_name", dossier.applicant.full_name)],
            ["id_number", applicant.get("id_number", dossier.applicant.id_number)],
            ["content", procedure.result.name_vi],
        ],
        issued_on=local_day(dossier.finished_at or dossier.sandbox.now()),
        status=Paper.Status.RECEIVED_COPY,
    )
