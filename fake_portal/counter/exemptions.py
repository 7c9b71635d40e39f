"""Which papers are not digitised (Circular 03/2025/TT-VPCP Art. 5; Circular 01/2023).

Not copied into electronic form: dossiers already filed online, papers only shown for
comparison, verification and appraisal answers, and confidential papers. Papers whose data
already sits in a national (population, civil-status, residence) database are neither
requested nor digitised again, and a paper already digitised for the same citizen is reused,
not digitised a second time (DOMAIN.md, "Channels, counter work and digitisation").
"""

from django.utils.translation import gettext_lazy as _

from fake_portal.counter.models import Paper, PaperKind

CONFIDENTIAL = "confidential"
ONLINE = "online"
SHOWN_ONLY = "shown_only"
VERIFICATION = "verification"
IN_DATABASE = "in_database"
ALREADY_DIGITISED = "already_digitised"

LABELS = {
    CONFIDENTIAL: _("Tài liệu có nội dung thuộc bí mật nhà nước: không số hóa."),
    ONLINE: _("Hồ sơ nộp trực tuyến đã là bản điện tử: không số hóa lại."),
    SHOWN_ONLY: _("Giấy tờ chỉ xuất trình để đối chiếu: không số hóa."),
    VERIFICATION: _("Văn bản trả lời xác minh, thẩm định: không số hóa."),
    IN_DATABASE: _(
        "Dữ liệu của giấy tờ đã có trong cơ sở dữ liệu quốc gia: không yêu cầu, "
        "không số hóa."
    ),
    ALREADY_DIGITISED: _(
        "Giấy tờ đã có bản số hóa còn giá trị của công dân: dùng lại, không số hóa lại."
    ),
}
# Kinds whose data the population or residence database always holds.
DATABASE_KINDS = frozenset(
    {
        PaperKind.IDENTITY_CARD,
        PaperKind.RESIDENCE_BOOK,
        PaperKind.RESIDENCE_CONFIRMATION,
    }
)


def exemption(
    *,
    channel: int,
    handling: str,
    paper_kind: str,
    confidential: bool = False,
    in_database: bool = False,
    has_reusable_copy: bool = False,
) -> str | None:
    """The reason a paper is not digitised, or None when it must be."""
    from fake_portal.models import Channel

    if confidential:
        return CONFIDENTIAL
    if channel == Channel.ONLINE:
        return ONLINE
    if handling == Paper.Status.SHOWN_ONLY:
        return SHOWN_ONLY
    if paper_kind == PaperKind.VERIFICATION:
        return VERIFICATION
    if in_database or paper_kind in DATABASE_KINDS:
        return IN_DATABASE
    if has_reusable_copy:
        return ALREADY_DIGITISED
    return None


def catalogue_document(procedure, key: str):
    """The procedure's component `key`, or None for a paper the catalogue does not list."""
    for document in procedure.required_documents:
        if document.key == key:
            return document
    return None


def in_database(procedure, key: str, paper_kind: str = "") -> bool:
    """Whether the paper's data sits in a national database (never ask for it)."""
    document = catalogue_document(procedure, key)
    if document is not None and document.data_in_national_database:
        return True
    return paper_kind in DATABASE_KINDS


def shown_only_by_rule(procedure, key: str) -> bool:
    """Whether the catalogue says this component is only shown, never kept."""
    document = catalogue_document(procedure, key)
    return document is not None and document.kind == "shown_only"
