"""Who is in the lobby before the start: a team is ready once one of its members has entered
the lobby (taken a ticket). The start is refused while no team is ready, and needs the
coordinator's confirmation while some are not (actions.start_drill)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from scenarios.drills.models import DrillTeam

SHOWN_IN_MESSAGE = 10  # communes named in a refusal; the control room lists them all


def team_ready(joined: int) -> bool:
    """The one rule, shared with the live dashboard's totals."""
    return joined > 0


@dataclass(frozen=True)
class TeamAttendance:
    id: int
    commune: str
    members: int
    joined: int

    @property
    def ready(self) -> bool:
        return team_ready(self.joined)

    @property
    def reason(self) -> str:
        if not self.members:
            return _("chưa có thành viên")
        return _("chưa ai vào phòng chờ (0/%(members)d người)") % {
            "members": self.members
        }


@dataclass(frozen=True)
class Attendance:
    teams: list[TeamAttendance]

    @property
    def not_ready(self) -> list[TeamAttendance]:
        return [t for t in self.teams if not t.ready]

    @property
    def ready_count(self) -> int:
        return len(self.teams) - len(self.not_ready)

    @property
    def members(self) -> int:
        return sum(t.members for t in self.teams)

    @property
    def joined(self) -> int:
        return sum(t.joined for t in self.teams)

    def missing(self) -> str | None:
        """Why the drill cannot start at all (no team ready), or None."""
        if not self.teams:
            return _(
                "Chưa thể bắt đầu: buổi diễn tập chưa có đội nào. "
                "Xin thêm đội của các xã, phường trước."
            )
        if not self.members:
            return _(
                "Chưa thể bắt đầu: chưa đội nào có thành viên. "
                "Xin đưa cán bộ vào các đội trước."
            )
        if not self.ready_count:
            return _(
                "Chưa thể bắt đầu: chưa có người tham gia nào vào phòng chờ "
                "(0/%(members)d người), nên chưa đội nào sẵn sàng."
            ) % {"members": self.members}
        return None

    def unconfirmed(self, start_without) -> list[TeamAttendance]:
        """The teams not ready that the coordinator has not agreed to start without."""
        agreed = {int(pk) for pk in start_without}
        return [t for t in self.not_ready if t.id not in agreed]

    def confirmation_needed(self) -> str:
        """The refusal of a start that would leave teams behind unconfirmed."""
        teams = self.not_ready
        names = ", ".join(t.commune for t in teams[:SHOWN_IN_MESSAGE])
        if len(teams) > SHOWN_IN_MESSAGE:
            names += " " + _("và %(more)d xã, phường khác") % {
                "more": len(teams) - SHOWN_IN_MESSAGE
            }
        return _(
            "Buổi diễn tập chưa bắt đầu: còn %(count)d/%(total)d đội chưa sẵn sàng "
            "(%(communes)s). "
            "Nếu vẫn bắt đầu mà không chờ các đội này, xin đánh dấu ô xác nhận "
            "rồi bấm “Bắt đầu diễn tập”."
        ) % {
            "count": len(teams),
            "total": len(self.teams),
            "communes": names,
        }


def attendance(drill) -> Attendance:
    """Every team of the drill with how many members it has and how many have joined."""
    rows = DrillTeam.objects.of(drill).with_attendance().order_by("commune__name", "pk")
    return Attendance(
        [
            TeamAttendance(r["pk"], r["commune__name"], r["members"], r["joined"])
            for r in rows.values("pk", "commune__name", "members", "joined")
        ]
    )
