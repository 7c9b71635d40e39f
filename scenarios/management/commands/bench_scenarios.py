"""manage.py bench_scenarios: opening a 20-dossier scenario sandbox, and scoring speed.

Each figure is printed beside a baseline measured in the same run: a bare open_sandbox for
the first, merely iterating the same events for the second (a typical 4-dossier attempt and
a large 20-dossier one of 160 events, scored into the JSON an attempt stores), with its
ratio to the goal. Runs inside a transaction that
is rolled back, so it leaves nothing behind (the world it needs must exist, or is generated).
"""

import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from sandbox import actions as core
from sandbox.models import Commune, Sandbox

WORLD = (37, 2025, 5000)
GOAL_SCORES = 1000  # attempts scored per second
UNIT = 14329


def bench_spec(dossiers: int = 20) -> dict:
    """A realistic 20-dossier scenario: the common procedures, online and at the counter."""
    procedures = ["1.001193", "2.000815", "2.000884", "1.000894", "1.004873"]
    spec_dossiers, items = [], []
    for n in range(dossiers):
        key = f"d{n:02d}"
        spec_dossiers.append(
            {
                "id": key,
                "procedure": procedures[n % len(procedures)],
                "applicant": {"defect": "none", "residence": "any"},
                "channel": "online" if n % 2 else "counter",
                "arrive_at": f"{5 * n} minutes",
            }
        )
        items += [
            {
                "id": f"{key}-tiep-nhan",
                "dossier": key,
                "expect": "dossier.received",
                "within": "8 working hours",
                "points": 2,
                "rule": "acknowledge_8h",
            },
            {
                "id": f"{key}-tra-cuu",
                "dossier": key,
                "expect": "population.looked_up",
                "points": 1,
                "rule": "check_population",
            },
            {
                "id": f"{key}-phe-duyet",
                "dossier": key,
                "expect": "dossier.approved",
                "after": [f"{key}-tiep-nhan"],
                "points": 1,
                "rule": "competent_signer",
            },
            {
                "id": f"{key}-tra",
                "dossier": key,
                "expect": "dossier.result_returned",
                "within": "before due",
                "after": [f"{key}-phe-duyet"],
                "points": 1,
                "rule": "on_time",
            },
        ]
    return {
        "version": 1,
        "slug": "bench-20",
        "title": "Bench",
        "briefing": "Đo hiệu năng mở sa bàn.",
        "world": {"province": WORLD[0], "seed": WORLD[1], "citizens": WORLD[2]},
        "clock": {"start": "next working day 07:30", "speed": 60},
        "dossiers": spec_dossiers,
        "injects": [
            {"at": "1h", "kind": "token_failure", "params": {"fault": "token_missing"}}
        ],
        "rubric": {
            "items": items,
            "forbidden": [
                {
                    "action": "dossier.refused",
                    "penalty": 10,
                    "rule": "refuse_with_reasons",
                }
            ],
            "pass_mark": 50,
        },
    }


def synthetic_events(spec: dict) -> list[dict]:
    """A good play of `spec` as an event log (what events_for would return)."""
    start = timezone.now().replace(microsecond=0)
    events, seq = [], 0
    for n, dossier in enumerate(spec["dossiers"]):
        at = start + timedelta(minutes=5 * n)
        due = at + timedelta(hours=8)
        steps = [
            ("dossier.filed", {}),
            ("population.looked_up", {}),
            ("dossier.received", {"due_at": due.isoformat()}),
            ("dossier.assigned", {}),
            ("dossier.appraised", {"opinion": "ok"}),
            ("dossier.approved", {"signature_method": "token"}),
            ("signature.signed", {}),
            ("dossier.result_returned", {"channel": 2}),
        ]
        for offset, (action, data) in enumerate(steps):
            events.append(
                {
                    "seq": seq,
                    "at": at + timedelta(minutes=offset * 3),
                    "action": action,
                    "dossier": dossier["id"],
                    "actor": 1,
                    "positions": ["receiving_officer", "specialist", "leader"],
                    "data": data,
                }
            )
            seq += 1
    return events


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure opening a 20-dossier scenario sandbox (goal p95 ≤ 50 ms) and scoring (goal ≥ 1,000/s)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--scores", type=int, default=2000)
        parser.add_argument(
            "--scoring-only",
            action="store_true",
            help="Skip opening sandboxes (needs no database).",
        )

    def handle(self, *args, **options):
        if not options["scoring_only"]:
            self._open(options["runs"])
        self._scoring(options["scores"])

    def _open(self, runs):
        from django.contrib.auth import get_user_model

        from scenarios import actions
        from scenarios.models import Scenario, ScenarioVersion
        from scenarios.spec import parse

        world = actions.ensure_world(WORLD)
        unit = Commune.objects.get(pk=UNIT)
        bare, scenario = [], []
        try:
            with transaction.atomic():
                user = get_user_model().objects.create(username="bench-scenarios")
                spec = parse(_yaml(bench_spec()))
                record = Scenario.objects.create(slug="bench-20", title="Bench")
                version = ScenarioVersion.objects.create(
                    scenario=record,
                    number=1,
                    source="",
                    spec={**spec, "unit": UNIT},
                    digest="",
                )
                actions.start_attempt(version, user=user, world=world)  # warm caches
                for _ in range(runs):
                    began = time.perf_counter()
                    core.open_sandbox(
                        world=world, commune=unit, kind=Sandbox.Kind.ATTEMPT, owner=user
                    )
                    bare.append((time.perf_counter() - began) * 1000)
                    began = time.perf_counter()
                    actions.start_attempt(version, user=user, world=world)
                    scenario.append((time.perf_counter() - began) * 1000)
                raise _Rollback
        except _Rollback:
            pass
        p50, p95 = statistics.median(scenario), _percentile(scenario, 0.95)
        b50, b95 = statistics.median(bare), _percentile(bare, 0.95)
        self.stdout.write(
            f"Mở sa bàn kịch bản 20 hồ sơ: p50 {p50:.1f} ms, p95 {p95:.1f} ms (mục tiêu p95 ≤ 50 ms)\n"
            f"  chuẩn so sánh open_sandbox trần: p50 {b50:.1f} ms, p95 {b95:.1f} ms; tỉ lệ p95 {p95 / b95:.1f}×"
        )

    def _scoring(self, count):
        # A typical attempt (4 dossiers, as the built-in scenarios have) and the 20-dossier one.
        self._score_rate(bench_spec(4), count, "điển hình")
        self._score_rate(bench_spec(20), max(1, count // 2), "lớn")

    def _score_rate(self, spec, count, kind):
        from scenarios.scoring import score

        events = synthetic_events(spec)
        rubric = spec["rubric"]
        assert score(rubric, events).total == score(rubric, events).max
        began = time.perf_counter()
        for _ in range(count):
            score(rubric, events).as_dict()  # what an attempt stores
        per_second = count / (time.perf_counter() - began)
        began = time.perf_counter()
        for _ in range(count):
            for event in events:
                event["action"]
        baseline = count / (time.perf_counter() - began)
        self.stdout.write(
            f"Chấm điểm lượt {kind} ({len(spec['dossiers'])} hồ sơ, {len(events)} sự kiện, "
            f"{len(rubric['items'])} mục): {per_second:,.0f} lượt/giây "
            f"(mục tiêu ≥ {GOAL_SCORES:,}; {per_second / GOAL_SCORES:.1f}× mục tiêu)\n"
            f"  chuẩn so sánh chỉ duyệt sự kiện: {baseline:,.0f} lượt/giây; "
            f"chấm chậm hơn {baseline / per_second:.0f}×"
        )


def _yaml(spec: dict) -> str:
    import yaml

    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
