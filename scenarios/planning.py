"""From a scenario and a trainee to a concrete plan: world, unit, applicants, timeline.

The plan is what a preview shows and what starting an attempt schedules; making it reads
the database (citizens) but writes nothing. Applicants are chosen deterministically from
the scenario, so every attempt of one version on one world meets the same people.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.cache import cache
from django.utils.translation import gettext as _

from fake_portal import deadlines
from fake_portal.actions.reception import RESIDENCE_BOUND_SECTORS
from fake_portal.catalogue import load_catalogue
from fake_portal.population.models import Citizen
from sandbox.models import Commune, World
from scenarios.spec.spans import parse_span

DEFAULT_WORLD = {"seed": 2025, "citizens": 2000}
DEFAULT_CLOCK = {"start": "next working day 07:30", "speed": 60}
DEFAULT_DURATION = "1 working day"
CHANNELS = {"online": 2, "counter": 1, "post": 3}
POSITIONS = ["receiving_officer", "specialist", "leader"]


class PlanError(ValueError):
    """The scenario cannot be played here (no world, unknown unit…); message in Vietnamese."""


@dataclass
class PlannedDossier:
    key: str
    procedure: str
    procedure_name: str
    channel: int
    arrive_at: datetime | None
    applicant_id: int | None
    applicant_name: str = ""
    applicant_commune: str = ""
    defects: list = field(default_factory=list)
    warning: str = ""


@dataclass
class PlannedInject:
    at: datetime
    kind: str
    params: dict
    message: str


@dataclass
class Plan:
    world: World
    unit: Commune
    start: datetime
    speed: float
    ends_at: datetime
    roles: list
    dossiers: list
    injects: list

    def timeline(self) -> list[tuple[datetime, str, str]]:
        """(time, kind, text) of every arrival and inject, in order (for the preview)."""
        rows = [
            (
                d.arrive_at,
                "dossier",
                f"{d.key}: {d.procedure_name} – {d.applicant_name}",
            )
            for d in self.dossiers
            if d.arrive_at
        ]
        rows += [(i.at, i.kind, i.message) for i in self.injects]
        rows.append((self.ends_at, "end", _("Hết giờ làm bài")))
        return sorted(rows, key=lambda r: r[0])


# --- world, unit, clock ------------------------------------------------------------------


def world_recipe(spec: dict, profile) -> tuple[int, int, int]:
    """(province, seed, citizens) of the world this scenario runs on for this official."""
    wanted = {**DEFAULT_WORLD, **spec.get("world", {})}
    province = wanted.get("province", "trainee")
    if province == "trainee":
        if profile is None:
            raise PlanError(_("Tài khoản chưa có hồ sơ cán bộ (tỉnh, xã)."))
        province = profile.province_id
    return int(province), int(wanted["seed"]), int(wanted["citizens"])


def find_world(recipe) -> World | None:
    province, seed, citizens = recipe
    return World.objects.filter(
        province_id=province, seed=seed, citizens=citizens, status=World.Status.READY
    ).first()


def resolve_unit(spec: dict, profile) -> Commune:
    unit = spec.get("unit", "trainee")
    if unit == "trainee":
        if profile is None or profile.commune_id is None:
            raise PlanError(
                _(
                    "Kịch bản này diễn tập tại xã của học viên; tài khoản không thuộc xã nào."
                )
            )
        return profile.commune
    commune = Commune.objects.select_related("province").filter(pk=unit).first()
    if commune is None:
        raise PlanError(_("Không có xã, phường mã %(code)s.") % {"code": unit})
    return commune


def clock_start(text: str, now: datetime) -> datetime:
    """When the scenario's clock starts: "next working day 07:30", "now" or an ISO time."""
    text = (text or DEFAULT_CLOCK["start"]).strip()
    if text == "now":
        return deadlines.next_opening(now)
    if text.startswith("next working day"):
        hour = text.removeprefix("next working day").strip() or "07:30"
        day = deadlines.next_working_day(now.astimezone(deadlines.VIETNAM).date())
        return datetime.combine(day, time.fromisoformat(hour), tzinfo=deadlines.VIETNAM)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=deadlines.VIETNAM)


# --- applicants --------------------------------------------------------------------------


def _years_ago(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _pool(world, unit, wants: dict, today: date, steps: set):
    people = Citizen.objects.for_world(world).filter(
        alive=True, duplicate_of__isnull=True
    )
    if "age" in steps and wants.get("age"):
        low, high = wants["age"]
        people = people.filter(
            birth_date__gt=_years_ago(today, high + 1),
            birth_date__lte=_years_ago(today, low),
        )
    if "sex" in steps and wants.get("sex"):
        people = people.filter(sex=wants["sex"])
    residence = wants.get("residence", "unit")
    if "residence" in steps and residence == "unit":
        people = people.filter(permanent_commune=unit)
    elif "residence" in steps and residence == "elsewhere":
        people = people.exclude(permanent_commune=unit)
    defect = wants.get("defect")
    if "defect" in steps and defect == "none":
        people = people.filter(defects__isnull=True)
    elif "defect" in steps and defect:
        people = people.filter(defects__kind=defect)
    return people


def _wants(dossier: dict) -> dict:
    wants = {"age": [18, 70], **dossier.get("applicant", {})}
    if "outside_residence" in dossier.get("defects", []):
        wants["residence"] = "elsewhere"
    if "expired_card" in dossier.get("defects", []) and "defect" not in wants:
        wants["defect"] = "expired_card"
    return wants


# Criteria are relaxed in this order when nobody matches; a must-have stays to the end.
_RELAXING = [
    {"age", "sex", "residence", "defect"},
    {"residence", "defect"},
    {"defect"},
    set(),
]


def _pick_index(seed_text: str, count: int) -> int:
    digest = hashlib.sha256(seed_text.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


def choose_applicant(world, unit, dossier: dict, *, salt: str, today: date, taken=()):
    """(citizen pk or None, warning) for the scenario dossier `dossier`."""
    wants = _wants(dossier)
    procedure = load_catalogue().get(dossier["procedure"])
    must = {"residence"} if wants.get("residence") == "elsewhere" else set()
    if (
        procedure.sector in RESIDENCE_BOUND_SECTORS
        and wants.get("residence", "unit") == "unit"
    ):
        must = {"residence"}
    for steps in _RELAXING:
        people = _pool(world, unit, wants, today, steps | must).exclude(pk__in=taken)
        count = people.count()
        if count:
            index = _pick_index(f"{salt}:{dossier['id']}", count)
            pk = people.order_by("pk").values_list("pk", flat=True)[index]
            warning = (
                ""
                if steps == _RELAXING[0]
                else _(
                    "Không có công dân đúng mọi tiêu chí; đã nới tiêu chí để chọn người nộp."
                )
            )
            return pk, warning
    return None, _("Thế giới mô phỏng không có công dân phù hợp cho hồ sơ này.")


def _choices(world, unit, spec, salt, today) -> dict:
    key = f"scenario-applicants:{salt}:{world.pk}:{unit.pk}:{today.isoformat()}"
    found = cache.get(key)
    if found is not None:
        return found
    chosen, taken = {}, []
    for dossier in spec["dossiers"]:
        pk, warning = choose_applicant(
            world, unit, dossier, salt=salt, today=today, taken=taken
        )
        chosen[dossier["id"]] = (pk, warning)
        if pk:
            taken.append(pk)
    cache.set(key, chosen, 60 * 60)
    return chosen


# --- the plan ----------------------------------------------------------------------------


def _arrivals(spec: dict, start: datetime) -> dict:
    times = {
        d["id"]: parse_span(d["arrive_at"]).offset(start)
        for d in spec["dossiers"]
        if "arrive_at" in d
    }
    for inject in spec.get("injects", []):
        if inject["kind"] == "new_dossier":
            times[inject["params"]["dossier"]] = parse_span(inject["at"]).offset(start)
    return times


def inject_message(inject: dict) -> str:
    if inject.get("message"):
        return inject["message"]
    params = inject.get("params", {})
    return {
        "new_dossier": _("Một hồ sơ mới đến (%(id)s).")
        % {"id": params.get("dossier", "")},
        "token_failure": _("Sự cố chữ ký số: %(fault)s.")
        % {"fault": params.get("fault", "token_missing")},
        "clear_token_failure": _("Sự cố chữ ký số đã được khắc phục."),
        "network_slowdown": _("Đường truyền mạng chậm."),
        "procedure_moved": _(
            "Thủ tục %(code)s được chuyển thẩm quyền về cấp %(level)s."
        )
        % {"code": params.get("procedure", ""), "level": params.get("to_level", "")},
        "citizen_complaint": _("Công dân phản ánh về việc giải quyết hồ sơ."),
    }.get(inject["kind"], inject["kind"])


def salt_of(version) -> str:
    """What seeds a version's choices (applicants, what they declare): every attempt of
    one version meets the same people filing the same requests."""
    return f"{version.scenario.slug}:{version.number}"


def make_plan(spec: dict, *, world, unit, now: datetime, salt: str) -> Plan:
    """The concrete timeline of `spec` for `unit` on `world`, starting from `now`."""
    clock = {**DEFAULT_CLOCK, **spec.get("clock", {})}
    start = clock_start(clock["start"], now)
    arrivals = _arrivals(spec, start)
    chosen = (
        _choices(world, unit, spec, salt, start.date())
        if world is not None
        else {
            d["id"]: (None, _("Chưa có thế giới mô phỏng để chọn người nộp."))
            for d in spec["dossiers"]
        }
    )
    catalogue = load_catalogue()
    dossiers = []
    for dossier in spec["dossiers"]:
        pk, warning = chosen[dossier["id"]]
        dossiers.append(
            PlannedDossier(
                key=dossier["id"],
                procedure=dossier["procedure"],
                procedure_name=catalogue.get(dossier["procedure"]).name_vi,
                channel=CHANNELS[dossier.get("channel", "online")],
                arrive_at=arrivals.get(dossier["id"]),
                applicant_id=pk,
                defects=list(dossier.get("defects", [])),
                warning=warning,
            )
        )
    injects = [
        PlannedInject(
            parse_span(i["at"]).offset(start),
            i["kind"],
            i.get("params", {}),
            inject_message(i),
        )
        for i in spec.get("injects", [])
    ]
    ends_at = scenario_end(spec.get("duration", DEFAULT_DURATION), start)
    return Plan(
        world=world,
        unit=unit,
        start=start,
        speed=float(clock["speed"]),
        ends_at=ends_at,
        roles=list(spec.get("roles", POSITIONS)),
        dossiers=dossiers,
        injects=injects,
    )


def describe_applicants(plan: Plan) -> None:
    """Fill applicants' names and communes (for the preview; attempts do not need them)."""
    ids = [d.applicant_id for d in plan.dossiers if d.applicant_id]
    people = Citizen.objects.filter(pk__in=ids).select_related("permanent_commune")
    by_pk = {c.pk: c for c in people}
    for planned in plan.dossiers:
        citizen = by_pk.get(planned.applicant_id)
        if citizen:
            planned.applicant_name = citizen.full_name
            planned.applicant_commune = citizen.permanent_commune.name


def scenario_end(duration: str, start: datetime) -> datetime:
    """When time runs out: "1 working day" is the end of the start day's office hours."""
    span = parse_span(duration)
    if span.kind != "working_days":
        return span.after(start)
    day = start.astimezone(deadlines.VIETNAM).date()
    if not deadlines.is_working_day(day):
        day = deadlines.next_working_day(day)
    day = deadlines.add_working_days(day, max(0, int(span.amount) - 1))
    return datetime.combine(day, deadlines.CLOSE, tzinfo=deadlines.VIETNAM)
