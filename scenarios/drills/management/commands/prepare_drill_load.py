"""Make a drill ready for the load tool: officials, teams, sandboxes, dossiers, sessions.

Idempotent for the users (they are reused); each run schedules a new drill. Writes a JSON file
with the drill, a coordinator session, a CSRF token and each participant's session cookie,
team, sandbox and positions, which tools/drill_load reads. Sessions are signed with the
benchmark server's SECRET_KEY (fake_portal.bench.server.BENCH_SECRET_KEY).
"""

import json
import math
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from fake_portal import actions as portal
from fake_portal.bench.fixture import bench_world
from fake_portal.bench.server import session_cookie
from fake_portal.population.models import Citizen
from sandbox import actions as core
from sandbox.models import Commune, Province
from scenarios import actions as scenario_actions
from scenarios.drills import actions

PROVINCE = 37
# Positions dealt round a team: every team of three or more has each position.
CYCLE = [
    "receiving_officer",
    "specialist",
    "leader",
    "specialist",
    "receiving_officer",
    "specialist",
]
SCENARIO = """
version: 1
slug: dien-tap-tai-cao
title: Diễn tập chịu tải – tiếp nhận và xử lý chứng thực
briefing: Tiếp nhận, chuyển xử lý và thẩm định hồ sơ chứng thực bản sao trong giờ cao điểm.
modes: [drill]
clock:
  start: "2026-03-02T08:00"
  speed: 60
duration: 1 working day
dossiers:
  - id: cao_diem
    procedure: "2.000815"
    channel: counter
    arrive_at: 600 minutes
rubric:
  pass_mark: 3
  items:
    - id: nhan
      dossier: cao_diem
      expect: dossier.received
      by: receiving_officer
      points: 3
      rule: workflow_order
    - id: giao
      dossier: cao_diem
      expect: dossier.assigned
      by: leader
      points: 2
      rule: workflow_order
      after: [nhan]
    - id: tham_dinh
      dossier: cao_diem
      expect: dossier.appraised
      by: specialist
      points: 2
      rule: workflow_order
      after: [giao]
"""


class Command(BaseCommand):
    help = "Prepare a drill of N simulated participants for tools/drill_load."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=2000)
        parser.add_argument("--dossiers-per-team", type=int, default=15)
        parser.add_argument("--citizens", type=int, default=3000)
        parser.add_argument("--speed", type=float, default=60)
        parser.add_argument("--admission-rate", type=float, default=100)
        parser.add_argument("--wave-size", type=int, default=50)
        parser.add_argument(
            "--out",
            default=str(settings.BASE_DIR / "var" / "drill-load" / "cookies.json"),
        )

    def handle(self, *args, **o):
        started = time.monotonic()
        province = Province.objects.get(pk=PROVINCE)
        coordinator = self._user("load_dieuphoi", "coordinator", province=province)
        trainer = self._user("load_giangvien", "trainer", province=province)
        version = scenario_actions.save_version(SCENARIO, actor=trainer, publish=True)
        world = bench_world(o["citizens"])
        communes = list(Commune.objects.filter(province=province).order_by("code"))
        teams_needed = min(len(communes), max(1, math.ceil(o["participants"] / 3)))
        members = self._officials(
            o["participants"],
            communes[:teams_needed],
            province,
            full=teams_needed == len(communes),
        )
        self.stdout.write(
            f"{len(members)} officials ready ({time.monotonic() - started:.0f} s)"
        )
        drill = self._drill(province, world, version, coordinator, members, o)
        self.stdout.write(
            f"drill {drill.pk}: teams prepared ({time.monotonic() - started:.0f} s)"
        )
        self._dossiers(drill, world, o["dossiers_per_team"])
        self.stdout.write(f"dossiers filed ({time.monotonic() - started:.0f} s)")
        path = self._write(drill, coordinator, o["out"])
        self.stdout.write(
            self.style.SUCCESS(f"wrote {path} in {time.monotonic() - started:.0f} s")
        )

    def _user(self, username, role, *, province=None, commune=None, position="other"):
        user = (
            get_user_model()
            .objects.filter(username=username)
            .select_related("profile")
            .first()
        )
        if user is not None:
            return user
        return core.create_official(
            username=username,
            full_name=f"Cán bộ thử tải {username}",
            role=role,
            position=position,
            province=province or commune.province,
            commune=commune,
            password=None,
        )

    def _officials(self, count, communes, province, *, full: bool) -> list:
        """(user, commune, position) for `count` trainees dealt over the communes.

        One set of users per layout, since a user keeps the unit it was made with:
        loadNNNNN when every commune of the province takes part, loadTTT-NNNNN for TTT.
        """
        members = []
        for index in range(count):
            commune = communes[index % len(communes)]
            position = CYCLE[(index // len(communes)) % len(CYCLE)]
            name = (
                f"load{index:05d}" if full else f"load{len(communes):03d}-{index:05d}"
            )
            user = self._user(name, "trainee", commune=commune, position=position)
            if user.profile.commune_id != commune.pk:
                continue  # made by an older layout: it keeps its own unit
            members.append((user, commune, user.profile.position))
        return members

    def _drill(self, province, world, version, coordinator, members, o):
        drill = actions.schedule_drill(
            province=province,
            title=f"Diễn tập chịu tải {timezone.localtime():%d/%m %H:%M}",
            versions=[version],
            world=world,
            start_at=timezone.now(),
            speed=o["speed"],
            admission_rate=o["admission_rate"],
            wave_size=o["wave_size"],
            actor=coordinator,
        )
        teams = {}
        for user, commune, position in members:
            if commune.pk not in teams:
                teams[commune.pk] = actions.add_team(drill, commune, actor=coordinator)
            actions.assign_participant(
                teams[commune.pk], user, [position], actor=coordinator
            )
        drill = actions.open_lobby(drill, actor=coordinator)
        actions.prepare_teams(drill, actor=coordinator)
        return drill

    def _dossiers(self, drill, world, per_team):
        applicants = list(
            Citizen.objects.for_world(world).filter(alive=True).order_by("pk")[:500]
        )
        for team in drill.teams.select_related("sandbox"):
            with transaction.atomic():
                for index in range(per_team):
                    portal.file_dossier(
                        sandbox=team.sandbox,
                        procedure_code="2.000815",
                        applicant=applicants[(team.pk * 7 + index) % len(applicants)],
                        channel=1,
                        form_data={"request": {"copies": 1}},
                        actor_name="Công dân mô phỏng",
                    )

    def _write(self, drill, coordinator, out) -> Path:
        participants = []
        for team in drill.teams.select_related("sandbox").prefetch_related(
            "participants__user"
        ):
            people = list(team.participants.order_by("pk"))
            by_position = {}
            for person in people:
                by_position.setdefault(person.positions[0], []).append(person)
            specialists = [p.user_id for p in by_position.get("specialist", [])]
            for position, holders in by_position.items():
                for index, person in enumerate(holders):
                    participants.append(
                        {
                            "username": person.user.username,
                            "user": person.user_id,
                            "session": session_cookie(person.user),
                            "team": team.pk,
                            "sandbox": team.sandbox_id,
                            "position": position,
                            "index": index,
                            "peers": len(holders),
                            "specialists": specialists,
                        }
                    )
        data = {
            "drill": drill.pk,
            "csrf": secrets.token_hex(16),
            "coordinator": session_cookie(coordinator),
            "participants": participants,
        }
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data))
        return path
