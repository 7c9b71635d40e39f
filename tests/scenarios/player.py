"""A scripted trainee: plays an attempt through the portal's own forms and actions."""

from datetime import timedelta

from fake_portal import simulation
from fake_portal.deadlines import VIETNAM, add_working_days
from fake_portal.dispatch import (
    complete_remote_approval,
    pending_remote_request,
    perform,
)
from fake_portal.forms import ACTION_FORMS
from fake_portal.models import Dossier, Stage, Status
from fake_portal.population.actions import record_lookup
from fake_portal.signatures import signing
from fake_portal.signatures.models import VirtualToken
from sandbox import actions as core
from scenarios import actions as scenario_actions
from scenarios.library import load_library
from scenarios.models import AttemptDossier, Scenario


class Player:
    def __init__(self, attempt, user):
        self.attempt, self.user = attempt, user
        self.sandbox = attempt.sandbox
        # A frozen clock: time moves only when the script says so, so scores are exact.
        core.pause_clock(self.sandbox, actor=user)
        self.refresh()

    def refresh(self):
        self.sandbox.refresh_from_db()
        self.attempt.refresh_from_db()

    def tick(self):
        simulation.tick(self.sandbox)
        self.refresh()

    def wait(self, **delta):
        core.advance_clock(self.sandbox, timedelta(**delta), actor=self.user)
        self.tick()

    def dossier(self, key) -> Dossier:
        link = AttemptDossier.objects.get(attempt=self.attempt, key=key)
        return Dossier.objects.get(pk=link.dossier_id)

    def wait_until(self, done, step=timedelta(minutes=5), limit=timedelta(days=20)):
        waited = timedelta(0)
        self.tick()
        while not done():
            assert waited < limit, "the awaited event never came"
            core.advance_clock(self.sandbox, step, actor=self.user)
            self.tick()
            waited += step

    def wait_for(self, key):
        self.wait_until(
            lambda: AttemptDossier.objects.filter(
                attempt=self.attempt, key=key
            ).exists()
        )
        return self.dossier(key)

    def wait_for_status(self, key, status=None, stage=None, step=timedelta(minutes=30)):
        def reached():
            d = self.dossier(key)
            return (status is None or d.status == status) and (
                stage is None or d.stage != stage
            )

        self.wait_until(reached, step=step)

    # --- the portal, as the views call it ---------------------------------------------

    def act(self, action, key, **fields):
        dossier = self.dossier(key)
        kwargs = {"dossier": dossier}
        if action == "assign":
            kwargs["specialists"] = [self.user]
        data = {f"{action}-version": dossier.version}
        for name, value in fields.items():
            data[f"{action}-{name}"] = value
        form = ACTION_FORMS[action](data, prefix=action, **kwargs)
        assert form.is_valid(), form.errors
        return perform(action, dossier, form, actor=self.user)

    def lookup(self, key):
        dossier = self.dossier(key)
        record_lookup(
            actor=self.user,
            query={"id_number": dossier.form_data["applicant"]["id_number"]},
            sandbox=self.sandbox,
            dossier_code=dossier.code,
            citizen=dossier.applicant,
            results=1,
        )

    def receive(self, key):
        self.act("receive", key)

    def assign(self, key):
        self.act("assign", key, specialist=self.user.pk)

    def appraise(self, key):
        self.act(
            "appraise", key, opinion="Hồ sơ đủ điều kiện, đề nghị lãnh đạo phê duyệt."
        )

    def approve(self, key, method="token"):
        if method == "token":
            pin = VirtualToken.objects.get(user=self.user).pin_envelope
            return self.act("approve", key, method="token", pin=pin)
        self.act("approve", key, method="remote")
        dossier = self.dossier(key)
        signing.approve_remote_signature(
            pending_remote_request(dossier, self.user), actor=self.user
        )
        return complete_remote_approval(
            dossier, actor=self.user, version=dossier.version
        )

    def process(self, key, method="token"):
        self.assign(key)
        self.appraise(key)
        self.approve(key, method)

    def give_back(self, key, channel=None):
        channel = channel or self.dossier(key).channel
        self.act("return_result", key, channel=channel)

    def supplement(self, key, documents):
        self.act(
            "request_supplement",
            key,
            documents=documents,
            other="",
            reason="Hồ sơ còn thiếu thành phần bắt buộc",
            legal_basis="Điều 16 Luật Hộ tịch 2014; Nghị định 118/2025/NĐ-CP",
        )

    def transfer(self, key, agency):
        self.act(
            "transfer",
            key,
            agency=agency,
            note="Chuyển cơ quan có thẩm quyền giải quyết",
        )

    def forward(self, key):
        dossier = self.dossier(key)
        self.transfer(key, f"commune:{dossier.competent_commune_id}")

    def refuse(self, key):
        self.act(
            "refuse",
            key,
            reasons="Không thuộc thẩm quyền",
            legal_basis="Nghị định 118/2025/NĐ-CP",
        )

    def stop(self, key):
        self.act(
            "stop",
            key,
            reason="Công dân chưa bổ sung",
            legal_basis="Nghị định 118/2025/NĐ-CP",
        )

    def apologise(self, key, days=3):
        dossier = self.dossier(key)
        local = dossier.due_at.astimezone(VIETNAM)
        new_due = local.replace(
            year=(day := add_working_days(local.date(), days)).year,
            month=day.month,
            day=day.day,
        )
        self.act(
            "apologise",
            key,
            reason="Cơ quan thuế chưa có ý kiến",
            new_due_at=new_due.strftime("%Y-%m-%dT%H:%M"),
        )


TRANSFERRED = Stage.TRANSFERRED
SUPPLEMENT = Status.SUPPLEMENT_REQUESTED
DONE = Status.DONE


def play_library_scenario(slug, script, user, world):
    """Start the built-in scenario `slug`, let `script(player)` play it, finish it."""
    load_library()
    version = Scenario.objects.get(slug=slug).current
    attempt = scenario_actions.start_attempt(version, user=user, world=world)
    player = Player(attempt, user)
    script(player)
    player.refresh()
    return scenario_actions.finish_attempt(player.attempt, actor=user)
