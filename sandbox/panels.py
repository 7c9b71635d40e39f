"""What each role's dashboard shows. Later apps fill the panels; until then they say so."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sandbox.collation import vietnamese
from sandbox.models import Role


@dataclass
class Panel:
    key: str
    title: str
    empty: str
    links: list = field(default_factory=list)  # (href, label) pairs
    template: str = ""  # an include that renders the panel's body instead of the links
    context: dict = field(default_factory=dict)


def _trainee_panels(profile):
    return [
        Panel("courses", _("Khóa học của tôi"), _("Bạn chưa ghi danh khóa học nào.")),
        Panel("practice", _("Thực hành trên sa bàn"), _("Chưa có lượt thực hành nào.")),
        Panel(
            "drills",
            # Past drills stay: their links lead to the participant's results.
            _("Diễn tập của tôi"),
            _("Bạn chưa được xếp vào buổi diễn tập nào."),
        ),
        Panel("certificates", _("Chứng chỉ"), _("Bạn chưa có chứng chỉ nào.")),
    ]


def _unit_links(profile):
    if profile.commune_id:
        commune = profile.commune
        return [(reverse("commune-detail", args=[commune.pk]), commune.name)]
    return []


def _trainer_panels(profile):
    return [
        Panel("scenarios", _("Kịch bản của tôi"), _("Chưa có kịch bản nào."), []),
        Panel("reports", _("Báo cáo học tập"), _("Chưa có học viên nào.")),
        Panel(
            "authoring",
            _("Soạn bài"),
            "",
            [(reverse("wagtailadmin_home"), _("Trang quản trị nội dung"))],
        ),
    ]


def _coordinator_panels(profile):
    communes = profile.province.communes.order_by(vietnamese("name"))[:12]
    return [
        Panel("drills", _("Diễn tập cấp tỉnh"), _("Chưa có buổi diễn tập nào.")),
        Panel("officials", _("Cán bộ của tỉnh"), _("Chưa nhập danh sách cán bộ.")),
        Panel("reports", _("Báo cáo học tập"), _("Chưa có học viên nào.")),
        Panel(
            "communes",
            _("Xã, phường trong tỉnh"),
            "",
            [(reverse("commune-detail", args=[c.pk]), c.name) for c in communes],
        ),
    ]


def _administrator_panels(profile):
    return [
        Panel(
            "admin",
            _("Quản trị"),
            "",
            [
                (reverse("admin:index"), _("Quản trị Django")),
                (reverse("wagtailadmin_home"), _("Quản trị nội dung")),
            ],
        )
    ]


_BY_ROLE = {
    Role.TRAINEE: _trainee_panels,
    Role.TRAINER: _trainer_panels,
    Role.COORDINATOR: _coordinator_panels,
    Role.ADMINISTRATOR: _administrator_panels,
}


# Later apps fill a panel by key from their AppConfig.ready(): provide("courses", fn), where
# fn(user, profile, panel) returns the panel to show (or None to hide it). The core never
# imports them, so dependencies keep pointing one way.
_PROVIDERS = {}


def provide(key, fn):
    _PROVIDERS[key] = fn


def _filled(user, profile, panels):
    shown = []
    for panel in panels:
        provider = _PROVIDERS.get(panel.key)
        panel = provider(user, profile, panel) if provider else panel
        if panel is not None:
            shown.append(panel)
    return shown


def panels_for(user, profile):
    if profile is None:
        return _administrator_panels(None) if user.is_superuser else []
    panels = _filled(user, profile, _BY_ROLE[profile.role](profile))
    unit = _unit_links(profile)
    if unit:
        panels.insert(0, Panel("unit", _("Đơn vị của tôi"), "", unit))
    return panels
