"""Trainers' authoring in the Wagtail admin: templates and issuing rules as snippets."""

import re

import pytest

from certificates.models import CertificateTemplate, IssuingRule


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_a_template_and_a_rule_are_authored_through_the_snippet_admin(admin_client):
    response = admin_client.post(
        "/cms/snippets/certificates/certificatetemplate/add/",
        {
            "name": "Mẫu diễn tập",
            "heading": "GIẤY CHỨNG NHẬN",
            "issuing_body": "Sở Nội vụ tỉnh Ninh Bình (mô phỏng)",
            "signer_name": "Phạm Thị Thu Hằng",
            "signer_title": "Phó Giám đốc Sở (mô phỏng)",
            "validity_months": "12",
            "design_text": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    template = CertificateTemplate.objects.get(name="Mẫu diễn tập")
    assert template.validity_months == 12
    response = admin_client.post(
        "/cms/snippets/certificates/issuingrule/add/",
        {
            "name": "Đạt diễn tập",
            "kind": "drill",
            "reference": "",
            "min_score": "75",
            "template": template.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = IssuingRule.objects.get(name="Đạt diễn tập")
    assert (rule.kind, rule.min_score, rule.template) == ("drill", 75, template)
    listing = admin_client.get("/cms/snippets/certificates/issuingrule/")
    assert "Đạt diễn tập" in listing.content.decode()


def test_a_rule_with_an_impossible_minimum_is_refused(admin_client, template):
    response = admin_client.post(
        "/cms/snippets/certificates/issuingrule/add/",
        {"name": "Sai", "kind": "course", "min_score": "120", "template": template.pk},
    )
    assert response.status_code == 200
    assert not IssuingRule.objects.exists()


def test_the_admin_menu_links_staff_to_issued_certificates(admin_client):
    page = admin_client.get("/cms/").content.decode()
    assert "/chung-chi/quan-ly/" in page


def test_the_demo_seeder_adds_a_template_and_rules_once(province):
    from io import StringIO

    from certificates import demo

    for _ in range(2):
        demo.seed(province, StringIO())
    template = CertificateTemplate.objects.get(name=demo.DEFAULT_TEMPLATE)
    assert sorted(template.rules.values_list("kind", flat=True)) == [
        "course",
        "drill",
        "scenario",
    ]


def test_the_rules_list_says_active_in_words_not_true_or_false(admin_client, template):
    for name, active in (("Đang dùng", True), ("Đã tắt", False)):
        IssuingRule.objects.create(
            name=name,
            kind="course",
            reference=name[:3],
            template=template,
            active=active,
        )
    page = admin_client.get("/cms/snippets/certificates/issuingrule/").content.decode()
    cells = re.findall(r"<td[^>]*>\s*(True|False|Có|Không)\s*</td>", page)
    assert "True" not in cells and "False" not in cells
    assert "Có" in cells and "Không" in cells
