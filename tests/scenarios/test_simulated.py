"""What a scenario dossier declares: a simulated request, with the file's items in place."""

from datetime import UTC, date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from fake_portal.fees import assess_fee
from scenarios import actions
from tests.scenarios.player import Player

# A Monday: the attempts start on Tuesday 3 March 2026 at 07:30.
MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
SOURCE = """\
version: 1
slug: to-khai
title: Tờ khai của công dân
briefing: Ba hồ sơ đến, mỗi hồ sơ kèm tờ khai.
dossiers:
  - id: khai-sinh
    procedure: "1.001193"
    applicant: {{defect: none, age: [20, 40], residence: unit}}
    arrive_at: 10 minutes{birth}
  - id: khai-tu
    procedure: "1.000656"
    applicant: {{defect: none, age: [30, 70], residence: unit}}
    arrive_at: 10 minutes{death}
  - id: ban-sao
    procedure: "2.000815"
    applicant: {{defect: none, residence: any}}
    arrive_at: 10 minutes
rubric:
  items:
    - {{id: tiep-nhan, dossier: khai-sinh, expect: dossier.received, points: 10, rule: acknowledge_8h}}
  pass_mark: 5
"""
KEYS = ["khai-sinh", "khai-tu", "ban-sao"]


def _version(trainer, birth="", death=""):
    source = SOURCE.format(
        birth=f"\n    request: {birth}" if birth else "",
        death=f"\n    request: {death}" if death else "",
    )
    return actions.save_version(source, actor=trainer)


def _arrived(version, user, world):
    """The attempt's dossiers, filed by their simulated citizens (by key)."""
    attempt = actions.start_attempt(version, user=user, world=world, now=MONDAY)
    player = Player(attempt, user)
    dossiers = {key: player.wait_for(key) for key in KEYS}
    actions.finish_attempt(player.attempt, actor=user)
    return dossiers


def _filed_on(dossier) -> date:
    return timezone.localdate(dossier.filed_at)


def _days_before(dossier, key) -> int:
    declared = date.fromisoformat(dossier.form_data["request"][key])
    return (_filed_on(dossier) - declared).days


def test_a_dossier_without_a_request_files_a_simulated_one(
    client, trainee, trainer, scenario_world
):
    dossiers = _arrived(_version(trainer), trainee, scenario_world)
    birth, death, copy = (dossiers[k] for k in KEYS)
    child = birth.form_data["request"]
    assert set(child) == {"child_name", "child_birth_date", "child_sex", "birth_place"}
    assert child["child_name"].startswith(birth.applicant.surname + " ")
    assert 2 <= _days_before(birth, "child_birth_date") <= 80
    assert set(death.form_data["request"]) == {
        "deceased_name",
        "death_date",
        "death_place",
    }
    assert 1 <= _days_before(death, "death_date") <= 20
    assert copy.form_data["request"]["request_text"].startswith(
        "Đề nghị giải quyết thủ tục:"
    )
    client.force_login(trainee)
    for dossier in (birth, death):
        # The fee follows the simulated dates, as for every other filing.
        fee = assess_fee(
            dossier.procedure, dossier.form_data["request"], _filed_on(dossier)
        )
        assert (dossier.fee_amount, dossier.fee_waiver) == (fee.amount, str(fee.waiver))
        page = client.get(
            reverse("portal:dossier", args=[dossier.sandbox_id, dossier.code])
        ).content.decode()
        assert "Công dân không khai nội dung yêu cầu nào." not in page


def test_every_attempt_of_a_version_meets_the_same_request(
    trainee, trainer, scenario_world
):
    version = _version(trainer)
    first = _arrived(version, trainee, scenario_world)
    again = _arrived(version, trainee, scenario_world)
    for key in KEYS:
        assert first[key].sandbox_id != again[key].sandbox_id
        assert first[key].form_data["request"] == again[key].form_data["request"]
        assert first[key].fee_amount == again[key].fee_amount


def test_declared_items_win_one_by_one_and_days_count_back_from_the_arrival(
    trainee, trainer, scenario_world
):
    version = _version(
        trainer,
        birth='{child_birth_date: 10 ngày, child_sex: Nữ, child_name: ""}',
        death="{death_date: 16 days, death_place: Trạm y tế xã}",
    )
    dossiers = _arrived(version, trainee, scenario_world)
    birth, death = dossiers["khai-sinh"], dossiers["khai-tu"]
    child = birth.form_data["request"]
    assert child["child_sex"] == "Nữ" and child["child_name"] == ""
    assert child["birth_place"].startswith("Bệnh viện đa khoa tỉnh")  # simulated
    assert _days_before(birth, "child_birth_date") == 10
    assert birth.fee_amount == 0
    assert (
        birth.events.get(action="dossier.filed")
        .data["fee_waiver"]
        .startswith("Miễn lệ phí: đăng ký khai sinh đúng hạn")
    )
    deceased = death.form_data["request"]
    assert deceased["death_place"] == "Trạm y tế xã"
    assert deceased["deceased_name"]  # simulated
    assert _days_before(death, "death_date") == 16  # the 16th day: the fee is owed
    assert death.fee_amount == 8000 and death.fee_waiver == ""
    filed = death.events.get(action="dossier.filed")
    assert (filed.data["fee"], filed.data["fee_waiver"]) == (8000, "")


def test_a_fixed_date_is_kept_as_written(trainee, trainer, scenario_world):
    version = _version(trainer, birth='{child_birth_date: "01/01/2026"}')
    birth = _arrived(version, trainee, scenario_world)["khai-sinh"]
    assert birth.form_data["request"]["child_birth_date"] == "01/01/2026"
    # Filed on Tuesday 3 March 2026: the 61st day after the birth, the fee is owed.
    assert _filed_on(birth) - date(2026, 1, 1) == timedelta(days=61)
    assert birth.fee_amount == 8000 and birth.fee_waiver == ""
