"""Approving a dossier checks the move before anything is signed."""

import pytest
from django.urls import reverse

from fake_portal import actions
from fake_portal.dispatch import complete_remote_approval
from fake_portal.errors import IllegalTransition, StaleDossier
from fake_portal.models import Dossier
from fake_portal.signatures import actions as signature_actions
from fake_portal.signatures.models import RemoteSigningRequest, VirtualToken
from sandbox.models import SandboxEvent
from tests.fake_portal.conftest import PIN


@pytest.fixture
def received(filed, commune_officer):
    return actions.receive_dossier(filed, actor=commune_officer, version=filed.version)


@pytest.fixture
def awaiting_approval(received, commune_officer, specialist):
    assigned = actions.assign_dossier(
        received, specialist=specialist, actor=commune_officer, version=received.version
    )
    return actions.appraise_dossier(
        assigned, opinion="Đủ điều kiện.", actor=specialist, version=assigned.version
    )


def _approve(client, leader, dossier, **fields):
    client.force_login(leader)
    url = reverse("portal:act", args=[dossier.sandbox.pk, dossier.code, "approve"])
    data = {"approve-version": dossier.version}
    data.update({f"approve-{name}": value for name, value in fields.items()})
    return client.post(url, data, follow=True).content.decode()


def _failed_attempts(leader):
    return VirtualToken.objects.get(user=leader).failed_attempts


def _events(dossier):
    return list(
        Dossier.objects.get(pk=dossier.pk).events.values_list("action", flat=True)
    )


@pytest.mark.parametrize("pin", ["000000", PIN])
def test_approving_a_dossier_not_yet_appraised_signs_nothing(
    client, received, leader, leader_pin, pin
):
    before = _events(received)
    page = _approve(client, leader, received, method="token", pin=pin)
    assert "Không thể" in page
    assert "Ký số không thành công" not in page
    assert _failed_attempts(leader) == 0
    assert _events(received) == before
    signing = SandboxEvent.objects.filter(action__startswith="signature.")
    assert not signing.exists()  # not even signed with the right PIN


def test_approving_with_a_stale_version_signs_nothing(
    client, awaiting_approval, leader, leader_pin
):
    stale = Dossier.objects.get(pk=awaiting_approval.pk)
    stale.version -= 1
    before = _events(awaiting_approval)
    page = _approve(client, leader, stale, method="token", pin="000000")
    assert "người khác cập nhật trước bạn" in page
    assert _failed_attempts(leader) == 0
    assert _events(awaiting_approval) == before


def test_illegal_remote_approval_sends_no_request(client, received, leader):
    _approve(client, leader, received, method="remote")
    assert not RemoteSigningRequest.objects.filter(user=leader).exists()
    with pytest.raises(IllegalTransition):
        complete_remote_approval(received, actor=leader, version=received.version)


def test_a_specialist_without_the_leader_seat_cannot_start_signing(
    client, awaiting_approval, specialist
):
    signature_actions.reset_pin(specialist, actor=None, pin=PIN)
    page = _approve(client, specialist, awaiting_approval, method="remote")
    assert "không giữ vị trí" in page
    assert not RemoteSigningRequest.objects.exists()


def test_a_legal_approval_still_signs_and_approves(
    client, awaiting_approval, leader, leader_pin
):
    page = _approve(client, leader, awaiting_approval, method="token", pin=PIN)
    assert "Đã phê duyệt và ký số kết quả" in page
    assert actions.has_signed_result(Dossier.objects.get(pk=awaiting_approval.pk))


def test_stale_remote_completion_is_refused_before_reading_the_signature(
    awaiting_approval, leader
):
    with pytest.raises(StaleDossier):
        complete_remote_approval(
            awaiting_approval, actor=leader, version=awaiting_approval.version - 1
        )


def test_the_citizen_does_not_see_the_leaders_failed_signing(
    client, awaiting_approval, leader, leader_pin, commune_officer
):
    from tests.fake_portal.test_views import _citizen_session

    _approve(client, leader, awaiting_approval, method="token", pin="000000")
    assert "dossier.signing_failed" in _events(awaiting_approval)
    client.force_login(commune_officer)
    _citizen_session(client, awaiting_approval.sandbox, awaiting_approval.applicant)
    page = client.get(
        reverse(
            "citizen:dossier",
            args=[awaiting_approval.sandbox.pk, awaiting_approval.code],
        )
    ).content.decode()
    assert "Thẩm định, trình lãnh đạo" in page
    assert "Ký số không thành công" not in page


def test_a_blank_pin_is_a_form_error_not_a_failed_signing(
    client, awaiting_approval, leader, leader_pin
):
    page = _approve(client, leader, awaiting_approval, method="token", pin="")
    assert "Nhập mã PIN của USB Token để ký số." in page
    assert "dossier.signing_failed" not in _events(awaiting_approval)
    assert _failed_attempts(leader) == 0
    assert not actions.has_signed_result(Dossier.objects.get(pk=awaiting_approval.pk))
