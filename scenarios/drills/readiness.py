"""A commune's go-live readiness, in the groups of the Decision 766 index the data supports.

Pure function of the commune's drill figures. Weights are the index's (late 2025): processing
progress 20, online service 22 (of which online dossiers 12 — the only part a drill measures),
satisfaction 18, digitisation 22. Full marks, per the unofficial description of the formula
(DOMAIN.md): on time ≥ 90 % (ours), online ≥ 50 %, digitisation ≥ 80 %, satisfaction ≥ 90 %.
Groups without data are left out and the index is rescaled to 100 over those present. The
online share alone gives no index: it comes from how the scenario's citizens filed, not
from anything the team did, so rescaled alone it would rate a team that processed nothing.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sandbox.numbers import amount

READY, CONSOLIDATE, NOT_READY = "ready", "consolidate", "not_ready"
# The groups that measure the team's own work; without one of them there is no index.
TEAM_WORK = {"on_time", "satisfaction", "digitisation"}
# group key: (weight, full-marks share)
GROUPS = {
    "on_time": (20, 0.90),
    "online": (12, 0.50),
    "satisfaction": (18, 0.90),
    "digitisation": (22, 0.80),
}


@dataclass
class Readiness:
    rating: str
    index: float | None
    reasons: list = field(default_factory=list)
    groups: dict = field(default_factory=dict)  # key -> points out of 100 (rescaled)


def _label(key: str) -> str:
    return {
        "on_time": _("Tiến độ giải quyết (tỷ lệ đúng hạn)"),
        "online": _("Dịch vụ trực tuyến (tỷ lệ hồ sơ trực tuyến)"),
        "satisfaction": _("Mức độ hài lòng"),
        "digitisation": _("Số hóa hồ sơ"),
    }[key]


def _points(share: float, full: float) -> float:
    return min(1.0, share / full) if full else 1.0


def _percent(value: float) -> str:
    return f"{round(100 * value)} %"


def _reason(key: str, share: float, full: float) -> str:
    return _("%(group)s: %(value)s (đạt điểm tối đa từ %(target)s).") % {
        "group": _label(key),
        "value": _percent(share),
        "target": _percent(full),
    }


def assess(
    shares: dict, *, score_percent: float | None, passed: bool | None
) -> Readiness:
    """Rate a commune from its shares (0–1 or None when the drill has no data for a group)
    and its scenario result. Ready: index ≥ 80 and the scenario passed; consolidate: index
    ≥ 50; otherwise not ready. The reasons name every group below full marks."""
    present = {k: v for k, v in shares.items() if k in GROUPS and v is not None}
    weight = sum(GROUPS[k][0] for k in present)
    groups, reasons = {}, []
    for key, share in present.items():
        full_weight, full = GROUPS[key]
        groups[key] = round(100 * full_weight / weight * _points(share, full), 1)
        if share < full:
            reasons.append(_reason(key, share, full))
    for key in GROUPS:
        if key not in present:
            reasons.append(
                _("%(group)s: chưa có dữ liệu trong buổi diễn tập.")
                % {"group": _label(key)}
            )
    index = round(sum(groups.values()), 1) if TEAM_WORK & present.keys() else None
    if index is None and present:
        reasons.insert(
            0,
            _(
                "Chưa tính được chỉ số: buổi diễn tập chưa có số liệu về việc đội xử lý "
                "hồ sơ (đúng hạn, số hóa, mức độ hài lòng)."
            ),
        )
    if passed is False:
        reasons.insert(
            0,
            _("Điểm kịch bản %(score)s %% chưa đạt yêu cầu.")
            % {"score": amount(score_percent or 0)},
        )
    rating = _rating(index, passed)
    return Readiness(rating=rating, index=index, reasons=reasons, groups=groups)


def _rating(index: float | None, passed: bool | None) -> str:
    if index is None:
        return NOT_READY
    if index >= 80 and passed is not False:
        return READY
    return CONSOLIDATE if index >= 50 else NOT_READY


def rating_label(rating: str) -> str:
    return {
        READY: _("Sẵn sàng vận hành"),
        CONSOLIDATE: _("Cần củng cố"),
        NOT_READY: _("Chưa sẵn sàng"),
    }[rating]
