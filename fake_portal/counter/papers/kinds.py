"""Which kind of paper each component of the catalogue is, and which kinds are reusable.

The catalogue names components per procedure (`giay_to_dat`, `giay_chung_nhan_tai_san`…);
the citizen's papers are the same few kinds whatever the procedure. A digitised copy is
reused by kind: the land certificate digitised for one procedure serves the next.
"""

from fake_portal.counter.models import PaperKind

_EXACT = {
    "giay_chung_sinh": PaperKind.BIRTH_CERTIFICATE,
    "giay_chung_nhan_ket_hon_cha_me": PaperKind.MARRIAGE_CERTIFICATE,
    "ban_sao_giay_khai_sinh": PaperKind.BIRTH_EXTRACT,
    "ban_chinh_giay_khai_sinh": PaperKind.BIRTH_EXTRACT,
    "so_ho_khau": PaperKind.RESIDENCE_BOOK,
    "giay_bao_tu": PaperKind.DEATH_NOTICE,
    "trich_luc_khai_tu": PaperKind.DEATH_NOTICE,
    "van_ban_uy_quyen": PaperKind.AUTHORISATION,
    "giay_to_dat": PaperKind.LAND_CERTIFICATE,
    "giay_chung_nhan_tai_san": PaperKind.LAND_CERTIFICATE,
    "giay_to_quyen_su_dung_dat": PaperKind.LAND_CERTIFICATE,
    "giay_chung_nhan_da_cap": PaperKind.LAND_CERTIFICATE,
    "giay_to_nguon_goc_dat": PaperKind.LAND_CERTIFICATE,
}
_PREFIXES = (
    ("can_cuoc", PaperKind.IDENTITY_CARD),
    ("xac_nhan_cu_tru", PaperKind.RESIDENCE_CONFIRMATION),
    ("to_khai", PaperKind.DECLARATION),
    ("don_", PaperKind.DECLARATION),
    ("giay_de_nghi", PaperKind.DECLARATION),
)
# Papers about the citizen that stay true from one dossier to the next.
REUSABLE = frozenset(
    {
        PaperKind.BIRTH_EXTRACT,
        PaperKind.MARRIAGE_CERTIFICATE,
        PaperKind.BIRTH_CERTIFICATE,
        PaperKind.DEATH_NOTICE,
        PaperKind.LAND_CERTIFICATE,
        PaperKind.IDENTITY_CARD,
    }
)


def kind_of(key: str, document_kind: str = "") -> str:
    """The paper kind of catalogue component `key` (its `kind` breaks ties for forms)."""
    if key in _EXACT:
        return _EXACT[key]
    for prefix, kind in _PREFIXES:
        if key.startswith(prefix):
            return kind
    if document_kind == "form":
        return PaperKind.DECLARATION
    return PaperKind.OTHER


def is_reusable(kind: str) -> bool:
    return kind in REUSABLE
