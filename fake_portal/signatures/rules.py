"""Who signs which document, and where the stamp goes (DOMAIN.md, "Digital signatures").

The dossier workflow enforces these; they live here so that every caller reads one table.
"""

from fake_portal.signatures.pdfsign import BOTTOM_RIGHT, TOP_LEFT
from sandbox.models import Position

RESULT = "result"  # the result of a procedure: the commune leader signs
RECEIPT = "receipt"  # the receipt and appointment slip: the receiving officer signs
DIGITISED_COPY = "digitised_copy"  # a scanned paper: the receiving officer, personally
FORM = "form"  # a standard slip (supplement request, refusal…): the officer handling it

SIGNERS = {
    RESULT: {Position.LEADER},
    RECEIPT: {Position.RECEIVING_OFFICER},
    DIGITISED_COPY: {Position.RECEIVING_OFFICER},
    FORM: {Position.RECEIVING_OFFICER, Position.SPECIALIST, Position.LEADER},
}

# Circular 01/2023/TT-VPCP: a digitised copy carries the signer's name, the time and the
# signature at the top left of its first page; results and forms are signed at the foot.
PLACEMENTS = {DIGITISED_COPY: TOP_LEFT}


def may_sign(user, kind: str) -> bool:
    """Whether `user`'s position lets them sign a document of `kind`."""
    profile = getattr(user, "profile", None)
    return bool(profile) and profile.position in SIGNERS[kind]


def placement_for(kind: str) -> str:
    return PLACEMENTS.get(kind, BOTTOM_RIGHT)
