"""Who is in the lobby before the start: a team is ready once one of its members has entered
the lobby (taken a ticket). The start is refused while no team is ready, and needs the
coordinator's confirmation while some are not (actions.start_drill)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sandbox.collation import vietnamese
from scenarios.drills.models import DrillTeam

SHOWN_IN_MESSAGE = 10  # communes named in a refusal; the control room lists them all

# Why the drill cannot start at all, and why a team is not ready: codes, so that the live
# control room words them in its viewer's language (live_texts).
NO_TEAMS, NO_MEMBERS, NONE_JOINED = "no_teams", "no_members", "none_joined"
EMPTY, ABSENT = "empty", "absent"


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
    def why(self) -> str:
        return ABSENT if self.members else EMPTY

    @property
    def reason(self) -> str:
        return _reasons()[self.why] % {"members": self.members}


@dataclass(frozen=True)
class Attendance:
    teams: list[TeamAttendance]

    @classmethod
    def from_rows(cls, rows) -> "Attendance":
        """From the live dashboard's rows (dashboard.compute), kept in their order."""
        return cls(
            [
                TeamAttendance(
                    r["id"], r["commune"], r.get("members") or 0, r.get("joined") or 0
                )
                for r in rows
            ]
        )

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

    def blocker(self) -> str | None:
        """Why the drill cannot start at all (no team ready), as a code, or None."""
        if not self.teams:
            return NO_TEAMS
        if not self.members:
            return NO_MEMBERS
        if not self.ready_count:
            return NONE_JOINED
        return None

    def missing(self) -> str | None:
        """Why the drill cannot start at all (no team ready), or None."""
        code = self.blocker()
        return _blockers()[code] % {"members": self.members} if code else None

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

    def live(self) -> dict:
        """What the control room redraws as the live dashboard's readings come (codes, not
        words: one reading serves viewers of every language)."""
        return {
            "teams": len(self.teams),
            "ready": self.ready_count,
            "members": self.members,
            "joined": self.joined,
            "blocker": self.blocker(),
            "not_ready": [
                {"id": t.id, "commune": t.commune, "members": t.members, "why": t.why}
                for t in self.not_ready
            ],
        }


def _reasons() -> dict:
    return {
        EMPTY: _("chưa có thành viên"),
        ABSENT: _("chưa ai vào phòng chờ (0/%(members)d người)"),
    }


def _blockers() -> dict:
    return {
        NO_TEAMS: _(
            "Chưa thể bắt đầu: buổi diễn tập chưa có đội nào. "
            "Xin thêm đội của các xã, phường trước."
        ),
        NO_MEMBERS: _(
            "Chưa thể bắt đầu: chưa đội nào có thành viên. "
            "Xin đưa cán bộ vào các đội trước."
        ),
        NONE_JOINED: _(
            "Chưa thể bắt đầu: chưa có người tham gia nào vào phòng chờ "
            "(0/%(members)d người), nên chưa đội nào sẵn sàng."
        ),
    }


def live_texts() -> dict:
    """The words the page fills in from a live reading (Attendance.live), in the language
    of the request; placeholders as in the catalogue, %(name)s or %(name)d."""
    return {
        "summary": _(
            "Đội sẵn sàng (có người đã vào phòng chờ): %(ready)s/%(total)s; "
            "người đã vào phòng chờ: %(joined)s/%(members)s."
        ),
        "count": _("Đội chưa sẵn sàng: %(count)s/%(total)s."),
        "reasons": _reasons(),
        "blockers": _blockers(),
        "became_ready": _("Vừa sẵn sàng: %(communes)s."),
        "added": _("Thêm đội chưa sẵn sàng: %(communes)s."),
        "all_ready": _("Mọi đội đã sẵn sàng."),
        "more": _("và %(more)d xã, phường khác"),
    }


def attendance(drill) -> Attendance:
    """Every team of the drill with how many members it has and how many have joined."""
    rows = (
        DrillTeam.objects.of(drill)
        .with_attendance()
        .order_by(vietnamese("commune__name"), "pk")
    )
    return Attendance(
        [
            TeamAttendance(r["pk"], r["commune__name"], r["members"], r["joined"])
            for r in rows.values("pk", "commune__name", "members", "joined")
        ]
    )
