"""The dossier's components against what is on the counter: what to ask, keep, reuse, digitise.

`checklist()` is pure (plain rows in, rows out); `checklist_for(dossier)` reads them.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from fake_portal.counter.papers.kinds import is_reusable, kind_of

IN_DATABASE = "in_database"
REUSED = "reused"
REUSABLE = "reusable"
DIGITISED = "digitised"
KEPT = "kept"
SHOWN = "shown"
BROUGHT = "brought"
MISSING = "missing"
ABSENT = "absent"

MESSAGES = {
    IN_DATABASE: _("Không yêu cầu: dữ liệu đã có trong CSDL quốc gia."),
    REUSED: _("Đã dùng lại bản số hóa trong kho dữ liệu của công dân."),
    REUSABLE: _("Đã có bản số hóa – không yêu cầu lại."),
    DIGITISED: _("Đã nhận và số hóa."),
    KEPT: _("Đã nhận bản lưu, chưa số hóa."),
    SHOWN: _("Đã xuất trình để đối chiếu."),
    BROUGHT: _("Công dân có mang theo; chưa tiếp nhận."),
    MISSING: _("Thiếu: giấy tờ bắt buộc chưa có."),
    ABSENT: _("Không có (không bắt buộc)."),
}


@dataclass
class PaperRow:
    pk: int
    key: str
    kind: str
    status: str
    digitised: bool


@dataclass
class Line:
    key: str
    name: str
    required: bool
    shown_only: bool
    status: str
    papers: list = field(default_factory=list)
    copy: object = None

    @property
    def message(self):
        return MESSAGES[self.status]

    @property
    def needs_action(self) -> bool:
        return self.status in (KEPT, BROUGHT, MISSING, REUSABLE)


def _status(doc, papers, reused: bool, reusable) -> str:
    if doc.data_in_national_database:
        return IN_DATABASE
    if reused:
        return REUSED
    statuses = {p.status for p in papers}
    if any(p.digitised for p in papers):
        return DIGITISED
    if "received_copy" in statuses:
        return KEPT
    if "shown_only" in statuses:
        return SHOWN
    if reusable is not None:
        return REUSABLE
    if "brought" in statuses:
        return BROUGHT
    return MISSING if doc.required else ABSENT


def checklist(
    procedure, papers: list[PaperRow], *, reused_keys, reusable_by_kind
) -> list[Line]:
    """One line per catalogue component, saying where it stands at the counter."""
    lines = []
    for doc in procedure.required_documents:
        kind = kind_of(doc.key, doc.kind)
        mine = [p for p in papers if p.key == doc.key]
        reusable = reusable_by_kind.get(kind) if is_reusable(kind) else None
        lines.append(
            Line(
                key=doc.key,
                name=doc.name_vi,
                required=doc.required,
                shown_only=doc.kind == "shown_only",
                status=_status(doc, mine, doc.key in reused_keys, reusable),
                papers=mine,
                copy=reusable,
            )
        )
    return lines


def checklist_for(dossier) -> list[Line]:
    from fake_portal.counter.actions.papers import reusable_copy
    from fake_portal.counter.models import CopyReuse, Paper

    papers = [
        PaperRow(p.pk, p.key, p.kind, p.status, hasattr(p, "digitised_copy"))
        for p in Paper.objects.filter(dossier=dossier).select_related("digitised_copy")
    ]
    procedure = dossier.procedure
    kinds = {kind_of(d.key, d.kind) for d in procedure.required_documents}
    return checklist(
        procedure,
        papers,
        reused_keys=set(
            CopyReuse.objects.filter(dossier=dossier).values_list("key", flat=True)
        ),
        reusable_by_kind={k: c for k in kinds if (c := reusable_copy(dossier, k))},
    )
