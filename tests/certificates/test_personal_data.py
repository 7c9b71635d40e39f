"""A holder's certificates in their personal-data export, and what erasure leaves."""

import json

import pytest
from django.urls import reverse

from certificates.actions.erasure import ERASED_NAME
from certificates.models import CertificateEvent
from sandbox.operations import actions as operations
from sandbox.operations import personal_data

pytestmark = pytest.mark.django_db


def test_every_app_declares_its_part_of_the_export():
    assert {
        "certificates",
        "courses",
        "scenario_attempts",
        "population_lookups",
        "signing",
    } <= set(personal_data.section_names())


def test_the_export_lists_the_holders_certificates(client, certificate):
    client.force_login(certificate.recipient)
    data = json.loads(client.get(reverse("operations:my-data-download")).content)
    [row] = data["sections"]["certificates"]
    assert row["serial"] == certificate.serial
    assert row["title"] == certificate.title and row["status"] == "valid"
    assert data["sections"]["signing"]["certificates"]  # the official's training key
    assert data["sections"]["courses"]["enrolments"] == []


def test_erasure_keeps_the_certificate_verifiable_without_the_person(
    client, certificate, administrator
):
    holder = certificate.recipient
    name = certificate.recipient_name
    operations.erase_official(holder, actor=administrator)
    certificate.refresh_from_db()
    assert certificate.recipient_name == ERASED_NAME
    assert bytes(certificate.pdf) == b"" and certificate.credential_jwt == ""
    assert CertificateEvent.objects.filter(
        certificate=certificate, action="holder_erased"
    ).exists()
    page = client.get(reverse("certificates:verify", args=[certificate.serial]))
    text = page.content.decode()
    assert page.status_code == 200 and ERASED_NAME in text and name not in text
    client.force_login(administrator)
    pdf = reverse("certificates:download-pdf", args=[certificate.serial])
    assert client.get(pdf).status_code == 404


def test_trainers_edit_certificate_templates_and_rules_in_wagtail(
    client, trainer, template
):
    client.force_login(trainer)
    for url in (
        reverse("wagtailsnippets_certificates_certificatetemplate:list"),
        reverse("wagtailsnippets_certificates_issuingrule:list"),
        reverse("wagtailsnippets_certificates_certificatetemplate:add"),
    ):
        assert client.get(url).status_code == 200, url
