"""Circular 03/2025 Art. 5 and Circular 01/2023: which papers are not digitised, and why."""

import pytest

from fake_portal.catalogue import load_catalogue
from fake_portal.counter import actions, exemptions
from fake_portal.counter.models import Paper, PaperKind
from fake_portal.errors import InvalidInput
from fake_portal.models import Channel
from tests.counter.conftest import events, fields_of, serve

KEPT, SHOWN = Paper.Status.RECEIVED_COPY, Paper.Status.SHOWN_ONLY


def reason(**overrides):
    values = {
        "channel": Channel.IN_PERSON,
        "handling": KEPT,
        "paper_kind": PaperKind.BIRTH_CERTIFICATE,
    }
    return exemptions.exemption(**{**values, **overrides})


def test_an_ordinary_kept_paper_must_be_digitised():
    assert reason() is None
    assert reason(channel=Channel.POST) is None


def test_a_confidential_paper_is_not_digitised():
    assert reason(confidential=True) == exemptions.CONFIDENTIAL


def test_a_dossier_filed_online_is_not_digitised_again():
    assert reason(channel=Channel.ONLINE) == exemptions.ONLINE


def test_a_paper_only_shown_for_comparison_is_not_digitised():
    assert reason(handling=SHOWN) == exemptions.SHOWN_ONLY


def test_verification_and_appraisal_answers_are_not_digitised():
    assert reason(paper_kind=PaperKind.VERIFICATION) == exemptions.VERIFICATION


def test_a_paper_whose_data_is_in_a_national_database_is_not_digitised():
    assert reason(in_database=True) == exemptions.IN_DATABASE
    for kind in (
        PaperKind.IDENTITY_CARD,
        PaperKind.RESIDENCE_BOOK,
        PaperKind.RESIDENCE_CONFIRMATION,
    ):
        assert reason(paper_kind=kind) == exemptions.IN_DATABASE


def test_a_paper_already_digitised_for_the_citizen_is_reused_not_digitised():
    assert reason(has_reusable_copy=True) == exemptions.ALREADY_DIGITISED


def test_the_catalogue_flags_decide_in_database_and_shown_only():
    birth = load_catalogue().get("1.001193")
    assert exemptions.in_database(birth, "giay_chung_nhan_ket_hon_cha_me")
    assert not exemptions.in_database(birth, "giay_chung_sinh")
    copy = load_catalogue().get("2.000815")
    assert exemptions.shown_only_by_rule(copy, "ban_chinh")
    assert not exemptions.in_database(copy, "ban_chinh")


def test_every_reason_has_a_vietnamese_explanation():
    assert set(exemptions.LABELS) == {
        exemptions.CONFIDENTIAL,
        exemptions.ONLINE,
        exemptions.SHOWN_ONLY,
        exemptions.VERIFICATION,
        exemptions.IN_DATABASE,
        exemptions.ALREADY_DIGITISED,
    }


@pytest.mark.django_db
def test_a_paper_only_shown_cannot_be_digitised(
    sandbox, citizen, commune_officer, officer_pin
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    card = actions.mark_paper(
        walk_in.papers.get(kind=PaperKind.IDENTITY_CARD),
        handling=SHOWN,
        actor=commune_officer,
    )
    with pytest.raises(InvalidInput, match="nhận bản lưu"):
        actions.digitise_paper(
            card, actor=commune_officer, pin=officer_pin, fields=fields_of(card)
        )
    assert not events(dossier, "paper.digitised")


@pytest.mark.django_db
def test_an_exempt_paper_is_not_counted_as_left_undigitised(
    sandbox, citizen, commune_officer
):
    walk_in, dossier = serve(sandbox, citizen, commune_officer)
    actions.mark_paper(
        walk_in.papers.get(kind=PaperKind.IDENTITY_CARD),
        handling=KEPT,
        actor=commune_officer,
    )
    actions.receive_at_counter(dossier, actor=commune_officer)
    assert not events(dossier, "paper.left_undigitised")
    assert events(dossier, "paper.requested_but_in_database")
