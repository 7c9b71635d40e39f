"""Papers at the counter: kept or only shown, scanned, reused (digitisation: digitise.py)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fake_portal.actions._core import record
from fake_portal.actions.documents import attach_document
from fake_portal.counter import exemptions
from fake_portal.counter.actions._common import require_receiving_officer
from fake_portal.counter.models import CopyReuse, DigitisedCopy, Paper
from fake_portal.counter.papers.kinds import is_reusable
from fake_portal.counter.papers.render import render_paper
from fake_portal.errors import InvalidInput


def reusable_copy(dossier, kind: str, *, exclude_paper=None):
    """The applicant's earlier digitised copy of this kind, if the store holds one."""
    if not is_reusable(kind):
        return None
    copies = (
        DigitisedCopy.objects.for_sandbox(dossier.sandbox)
        .of_citizen(dossier.applicant)
        .papers()
        .filter(kind=kind)
        .exclude(dossier=dossier)
    )
    if exclude_paper is not None:
        copies = copies.exclude(paper=exclude_paper)
    return copies.order_by("-pk").first()


def paper_exemption(paper: Paper, dossier) -> str | None:
    """Why this paper is not to be digitised for `dossier`, or None."""
    procedure = dossier.procedure
    return exemptions.exemption(
        channel=dossier.channel,
        handling=paper.status,
        paper_kind=paper.kind,
        confidential=paper.confidential,
        in_database=exemptions.in_database(procedure, paper.key, paper.kind),
        has_reusable_copy=reusable_copy(dossier, paper.kind, exclude_paper=paper)
        is not None,
    )


def locked_paper(paper: Paper) -> Paper:
    return (
        Paper.objects.select_for_update(of=("self",))
        .select_related(
            "sandbox__commune",
            "dossier__sandbox",
            "dossier__applicant__permanent_commune__province",
            "owner",
        )
        .get(pk=paper.pk)
    )


@transaction.atomic
def mark_paper(paper: Paper, *, handling: str, actor) -> Paper:
    """Keep a copy of the paper, only look at it, or hand it back."""
    require_receiving_officer(actor, paper.sandbox)
    locked = locked_paper(paper)
    dossier = locked.dossier
    if dossier is None:
        raise InvalidInput(_("Hãy tạo hồ sơ điện tử trước khi tiếp nhận giấy tờ."))
    if locked.status == handling:
        return locked  # a double click
    if handling not in Paper.TRANSITIONS.get(locked.status, ()):
        raise InvalidInput(_("Cách tiếp nhận giấy tờ không hợp lệ."))
    if hasattr(locked, "digitised_copy"):
        raise InvalidInput(
            _("Giấy tờ đã được số hóa (mã %(code)s); không đổi cách tiếp nhận được.")
            % {"code": locked.digitised_copy.result_code}
        )
    locked.status, locked.marked_at = handling, locked.sandbox.now()
    locked.save(update_fields=["status", "marked_at"])
    record(dossier, "dossier.paper_marked", actor=actor, data=_paper_data(locked))
    if handling == Paper.Status.RECEIVED_COPY:
        _judge_request(dossier, locked, actor)
    return locked


def _paper_data(paper: Paper, **extra) -> dict:
    return {
        "paper": paper.pk,
        "kind": paper.kind,
        "key": paper.key,
        "title": paper.title,
        "handling": paper.status,
        "belongs_to_applicant": paper.owner_id == paper.dossier.applicant_id
        if paper.dossier_id
        else None,
        **extra,
    }


def _judge_request(dossier, paper: Paper, actor) -> None:
    """Keeping a copy asks the citizen for it: wrong when the state already holds the data."""
    if exemptions.in_database(dossier.procedure, paper.key, paper.kind):
        record(
            dossier,
            "paper.requested_but_in_database",
            actor=actor,
            data=_paper_data(paper, via="kept_copy"),
        )
    earlier = reusable_copy(dossier, paper.kind, exclude_paper=paper)
    if earlier is not None:
        record(
            dossier,
            "paper.requested_again",
            actor=actor,
            data=_paper_data(paper, via="kept_copy", copy=earlier.result_code),
        )


def generate_scan(paper: Paper) -> Paper:
    """Render the paper's scan once and keep it (the bundle's own 'scanned' file)."""
    if paper.file:
        return paper
    data, content_type, extension = render_paper(paper)
    paper.file.save(f"giay-to-{paper.pk}.{extension}", ContentFile(data), save=False)
    paper.content_type = content_type
    Paper.objects.filter(pk=paper.pk).update(
        file=paper.file.name, content_type=content_type
    )
    return paper


@transaction.atomic
def reuse_copy(dossier, copy: DigitisedCopy, *, key: str, actor) -> CopyReuse:
    """Take the citizen's digitised copy into this dossier instead of asking again."""
    require_receiving_officer(actor, dossier.sandbox)
    if copy.sandbox_id != dossier.sandbox_id or copy.citizen_id != dossier.applicant_id:
        raise InvalidInput(
            _("Bản số hóa này không thuộc kho dữ liệu của người nộp hồ sơ.")
        )
    existing = CopyReuse.objects.filter(copy=copy, dossier=dossier).first()
    if existing is not None:
        return existing
    reuse = CopyReuse.objects.create(
        sandbox=dossier.sandbox,
        copy=copy,
        dossier=dossier,
        key=key,
        reused_by=actor,
        reused_at=dossier.sandbox.now(),
    )
    with copy.signed_file.open("rb") as handle:
        signed = handle.read()
    attach_document(
        dossier,
        key=key or copy.kind,
        name=_("%(title)s (dùng lại bản số hóa %(code)s)")
        % {"title": copy.title, "code": copy.result_code},
        content=signed,
        filename=f"so-hoa-{copy.result_code}.pdf",
        signed=True,
    )
    record(
        dossier,
        "paper.reused",
        actor=actor,
        data={
            "copy": copy.pk,
            "result_code": copy.result_code,
            "kind": copy.kind,
            "key": key,
            "from_dossier": copy.dossier.code if copy.dossier_id else "",
        },
    )
    return reuse
