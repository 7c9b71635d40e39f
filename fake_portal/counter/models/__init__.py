from fake_portal.counter.models.fees import FeeReceipt
from fake_portal.counter.models.papers import (
    CopyReuse,
    DigitisedCopy,
    Paper,
    PaperKind,
)
from fake_portal.counter.models.post import PostalItem
from fake_portal.counter.models.walkins import SignedForm, WalkIn

__all__ = [
    "CopyReuse",
    "DigitisedCopy",
    "FeeReceipt",
    "Paper",
    "PaperKind",
    "PostalItem",
    "SignedForm",
    "WalkIn",
]
