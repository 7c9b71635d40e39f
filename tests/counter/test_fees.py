"""The fee and its waiver are worked out once, the same way, whichever channel files."""

import pytest

from fake_portal.counter import actions
from tests.counter.conftest import BIRTH, events, serve
from tests.fake_portal.test_fees import _file as file_birth_online

BIRTH_WAIVER = (
    "Miễn lệ phí: đăng ký khai sinh đúng hạn (trong 60 ngày kể từ ngày sinh; "
    "Điều 11 Luật Hộ tịch)."
)


def _online(sandbox, citizen, officer, birth_date):
    return file_birth_online(sandbox, citizen, birth_date)


def _counter(sandbox, citizen, officer, birth_date):
    return serve(sandbox, citizen, officer, request={"child_birth_date": birth_date})[1]


def _logged_fee(dossier):
    [filed] = events(dossier, "dossier.filed")
    return filed.data["fee"], filed.data["fee_waiver"]


@pytest.mark.parametrize(
    "birth_date,logged",
    [("2026-02-20", (0, BIRTH_WAIVER)), ("2025-12-01", (8000, ""))],
)
@pytest.mark.parametrize("channel", [_online, _counter], ids=["online", "counter"])
def test_online_and_counter_filings_log_the_same_fee_and_waiver(
    sandbox, citizen, commune_officer, channel, birth_date, logged
):
    # The sandbox's clock reads 2 March 2026.
    dossier = channel(sandbox, citizen, commune_officer, birth_date)
    assert _logged_fee(dossier) == logged
    assert dossier.fee_amount == logged[0]
    assert dossier.fee_waiver == logged[1]


def test_a_mailed_dossier_logs_the_fee_and_waiver_as_the_other_channels(
    sandbox, citizen, commune_officer
):
    item = actions.arrive_postal_item(
        sandbox, citizen=citizen, procedure_code=BIRTH, seed="b"
    )
    dossier = actions.accept_postal_item(item, actor=commune_officer)
    assert item.fee_collected == 0
    assert _logged_fee(dossier) == (0, BIRTH_WAIVER)
    assert dossier.fee_waiver == BIRTH_WAIVER
