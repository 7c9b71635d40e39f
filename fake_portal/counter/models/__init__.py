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
    "Paper",
    "PaperKind",
    "PostalItem",
    "SignedForm",
    "WalkIn",
]
