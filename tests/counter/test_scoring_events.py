"""Each counter mistake leaves its event, so scoring can judge it; a clean counter leaves none."""

import pytest

from fake_portal.counter import actions
from fake_portal.counter.events import MISTAKES
from fake_portal.counter.models import Paper, PaperKind
from fake_portal.signatures.trust import check_document
from tests.counter.conftest import events, fields_of, serve

pytestmark = pytest.mark.django_db
KEEP = Paper.Status.RECEIVED_COPY


def keep(walk_in, kind, officer):
    return actions.mark_paper(
        walk_in.papers.get(kind=kind), handling=KEEP, actor=officer
    )


def digitise(paper, officer, pin):
    return actions.digitise_paper(
        paper, actor=officer, pin=pin, fields=fields_of(paper)
    )


def mistakes(dossier):
    return sorted(
        dossier.events.filter(action__in=MISTAKES).values_list("action", flat=True)
    )


def test_a_clean_counter_leaves_no_mistake(
    sandbox, citizen, commune_officer, officer_pin
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    actions.mark_paper(
        walk_in.papers.get(kind=PaperKind.IDENTITY_CARD),
        handling=Paper.Status.SHOWN_ONLY,
        actor=commune_officer,
    )
    for kind in (PaperKind.DECLARATION, PaperKind.BIRTH_CERTIFICATE):
        digitise(keep(walk_in, kind, commune_officer), commune_officer, officer_pin)
    actions.receive_at_counter(dossier, actor=commune_officer)
    receipt = actions.issue_receipt(dossier, actor=commune_officer, pin=officer_pin)
    actions.finish_walk_in(walk_in, actor=commune_officer)
    assert mistakes(dossier) == []
    assert receipt.signed and check_document(receipt.file.read()).all_valid
    check = events(dossier, "dossier.papers_checked")[-1]
    assert check.data == {"kept": 2, "digitised": 2, "undigitised": [], "reused": 0}
    assert events(dossier, "receipt.signed")


def test_keeping_a_copy_of_the_identity_card_asks_for_data_the_state_holds(
    sandbox, citizen, commune_officer
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    keep(walk_in, PaperKind.IDENTITY_CARD, commune_officer)
    (event,) = events(dossier, "paper.requested_but_in_database")
    assert event.data["key"] == "can_cuoc_nguoi_yeu_cau"
    assert event.data["via"] == "kept_copy"


def test_a_supplement_request_for_a_paper_the_database_holds_is_recorded(
    sandbox, citizen, commune_officer
):
    _walk_in, dossier = serve(sandbox, citizen, commune_officer)
    actions.request_supplement_at_counter(
        dossier,
        items=[
            {
                "key": "giay_chung_nhan_ket_hon_cha_me",
                "name": "Giấy chứng nhận kết hôn",
                "reason": "Thiếu",
            },
            {"key": "giay_chung_sinh", "name": "Giấy chứng sinh", "reason": "Thiếu"},
        ],
        legal_basis="Luật Hộ tịch 2014",
        actor=commune_officer,
    )
    (event,) = events(dossier, "paper.requested_but_in_database")
    assert event.data["key"] == "giay_chung_nhan_ket_hon_cha_me"
    assert event.data["via"] == "supplement_request"


def test_digitising_an_exempt_paper_is_recorded_with_its_reason(
    sandbox, citizen, commune_officer, officer_pin
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    card = keep(walk_in, PaperKind.IDENTITY_CARD, commune_officer)
    copy = digitise(card, commune_officer, officer_pin)
    assert copy.exemption == "in_database"
    (event,) = events(dossier, "paper.exempt_digitised")
    assert event.data == {
        "paper": card.pk,
        "key": card.key,
        "title": card.title,
        "reason": "in_database",
    }


def test_a_kept_paper_left_undigitised_is_recorded_once(
    sandbox, citizen, commune_officer, officer_pin
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    digitise(
        keep(walk_in, PaperKind.DECLARATION, commune_officer),
        commune_officer,
        officer_pin,
    )
    left = keep(walk_in, PaperKind.BIRTH_CERTIFICATE, commune_officer)
    actions.receive_at_counter(dossier, actor=commune_officer)
    actions.issue_receipt(dossier, actor=commune_officer, pin=officer_pin)
    actions.finish_walk_in(walk_in, actor=commune_officer)
    (event,) = events(dossier, "paper.left_undigitised")
    assert event.data["paper"] == left.pk and event.data["key"] == "giay_chung_sinh"
    assert mistakes(dossier) == ["paper.left_undigitised"]


def test_deciding_a_counter_dossier_from_the_back_office_runs_the_same_checks(
    client, sandbox, citizen, commune_officer
):
    from django.urls import reverse

    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    left = keep(walk_in, PaperKind.BIRTH_CERTIFICATE, commune_officer)
    client.force_login(commune_officer)
    url = reverse("portal:act", args=[sandbox.pk, dossier.code, "receive"])
    stale = client.post(url, {"receive-version": dossier.version - 1}, follow=True)
    assert "người khác cập nhật trước bạn" in stale.content.decode()
    assert not events(dossier, "paper.left_undigitised")  # nothing of a refused action
    client.post(url, {"receive-version": dossier.version})
    (event,) = events(dossier, "paper.left_undigitised")
    assert event.data["paper"] == left.pk
    assert events(dossier, "dossier.received")


def test_a_receipt_printed_without_signature_is_recorded(
    sandbox, citizen, commune_officer
):
    _walk_in, dossier = serve(sandbox, citizen, commune_officer)
    actions.receive_at_counter(dossier, actor=commune_officer)
    receipt = actions.issue_receipt(dossier, actor=commune_officer, sign=False)
    assert not receipt.signed
    assert check_document(receipt.file.read()).signatures == []
    (event,) = events(dossier, "receipt.unsigned")
    assert event.data["why"] == "printed_unsigned"


def test_a_citizen_leaving_without_a_signed_receipt_is_recorded(
    sandbox, citizen, commune_officer
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    actions.receive_at_counter(dossier, actor=commune_officer)
    actions.finish_walk_in(walk_in, actor=commune_officer)
    (event,) = events(dossier, "receipt.unsigned")
    assert event.data["why"] == "not_issued"


def test_every_counter_step_is_in_the_event_log(
    sandbox, citizen, commune_officer, officer_pin
):
    from sandbox.models import SandboxEvent

    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    digitise(
        keep(walk_in, PaperKind.DECLARATION, commune_officer),
        commune_officer,
        officer_pin,
    )
    actions.finish_walk_in(walk_in, actor=commune_officer)
    sandbox_actions = set(
        SandboxEvent.objects.filter(sandbox=sandbox).values_list("action", flat=True)
    )
    assert {
        "counter.walk_in_arrived",
        "counter.ticket_called",
        "counter.citizen_identified",
        "counter.walk_in_served",
        "signature.signed",
    } <= sandbox_actions
    dossier_actions = set(dossier.events.values_list("action", flat=True))
    assert {
        "dossier.filed",
        "counter.dossier_opened",
        "dossier.paper_marked",
        "paper.digitised",
        "dossier.papers_checked",
    } <= dossier_actions
