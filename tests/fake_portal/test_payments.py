"""Paying a dossier's fee online: a fee is taken once, however the payment is confirmed."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fake_portal import actions, simulation
from fake_portal.errors import IllegalTransition
from fake_portal.models import Status
from sandbox import actions as core

from .test_fees import _file
from .test_views import _citizen_session


@pytest.fixture
def owing(sandbox, citizen):
    """A late birth registration: it owes the fee."""
    dossier = _file(sandbox, citizen, "2025-12-01")
    assert dossier.fee_amount > 0 and not dossier.fee_paid
    return dossier


def _payments(dossier):
    return dossier.events.filter(action="dossier.payment_recorded").count()


def _pay(client, dossier, outcome):
    return client.post(
        reverse("citizen:pay", args=[dossier.sandbox.pk, dossier.code]),
        {"outcome": outcome},
    )


def test_a_paid_fee_cannot_be_recorded_again(owing):
    paid = actions.record_payment(owing, amount=owing.fee_amount, reference="GD-1")
    with pytest.raises(IllegalTransition) as error:
        actions.record_payment(paid, amount=owing.fee_amount, reference="GD-2")
    assert "đã được nộp" in str(error.value)
    assert _payments(owing) == 1


def test_a_payment_request_after_the_fee_is_owed_again(owing, commune_officer):
    paid = actions.record_payment(owing, amount=owing.fee_amount, reference="GD-1")
    received = actions.receive_dossier(paid, actor=commune_officer)
    asked = actions.request_payment(received, amount=50000, actor=commune_officer)
    assert asked.status == Status.PAYMENT_REQUESTED and not asked.fee_settled
    resumed = actions.record_payment(asked, amount=50000, reference="GD-2")
    assert resumed.status == Status.RECEIVED and resumed.fee_settled
    assert _payments(owing) == 2


def test_the_payment_page_of_a_paid_dossier_takes_no_second_payment(
    client, commune_officer, owing
):
    client.force_login(commune_officer)
    _citizen_session(client, owing.sandbox, owing.applicant)
    _pay(client, owing, "success")
    page = client.get(reverse("citizen:pay", args=[owing.sandbox.pk, owing.code]))
    assert page.url == reverse("citizen:dossier", args=[owing.sandbox.pk, owing.code])
    response = _pay(client, owing, "success")
    assert "không còn khoản phí" in str(list(get_messages(response.wsgi_request))[-1])
    assert _payments(owing) == 1


def test_a_late_gateway_answer_after_a_payment_charges_nothing_more(
    client, commune_officer, owing
):
    client.force_login(commune_officer)
    _citizen_session(client, owing.sandbox, owing.applicant)
    _pay(client, owing, "timeout")  # the bank will confirm this one in 15 minutes
    _pay(client, owing, "success")  # meanwhile the citizen pays again
    sandbox = owing.sandbox
    core.advance_clock(sandbox, timedelta(minutes=30), actor=commune_officer)
    sandbox.refresh_from_db()
    simulation.tick(sandbox)
    assert _payments(owing) == 1
