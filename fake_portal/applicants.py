"""What the e-form says about the applicant, and how it compares with the population database."""

from django.utils.translation import gettext_lazy as _

from fake_portal.population.papers import full_address, papers_view

# (field in form_data, label, how to read the database's value from a Citizen)
APPLICANT_FIELDS = [
    ("full_name", _("Họ, chữ đệm và tên"), lambda c: c.full_name),
    ("id_number", _("Số định danh cá nhân"), lambda c: c.id_number),
    ("birth_date", _("Ngày sinh"), lambda c: c.birth_date.strftime("%d/%m/%Y")),
    ("sex", _("Giới tính"), lambda c: c.get_sex_display()),
    ("address", _("Nơi thường trú"), full_address),
    ("phone", _("Số điện thoại"), lambda c: c.phone),
]


def applicant_from_papers(citizen) -> dict:
    """The applicant block as the citizen fills it from their own papers (defects included)."""
    papers = papers_view(citizen)
    return {
        "full_name": papers.full_name,
        "id_number": papers.id_number,
        "birth_date": papers.birth_date.strftime("%d/%m/%Y")
        if papers.birth_date
        else "",
        "sex": citizen.get_sex_display()
        if papers.sex == citizen.sex
        else _sex_label(papers.sex),
        "address": papers.permanent_address,
        "phone": citizen.phone,
    }


def _sex_label(value):
    return {"male": "Nam", "female": "Nữ"}.get(value, value)


def applicant_from_database(citizen) -> dict:
    """The applicant block pre-filled from the population database (VNeID login, counter)."""
    return {name: str(read(citizen) or "") for name, _label, read in APPLICANT_FIELDS}


def compare_with_database(form_applicant: dict, citizen) -> list[dict]:
    """One row per field: what the form says, what the database says, whether they differ."""
    rows = []
    for name, label, read in APPLICANT_FIELDS:
        on_form = str(form_applicant.get(name, "") or "").strip()
        in_db = str(read(citizen) or "").strip()
        rows.append(
            {
                "field": name,
                "label": label,
                "form": on_form,
                "database": in_db,
                "differs": _normal(on_form) != _normal(in_db),
            }
        )
    return rows


def _normal(text: str) -> str:
    return " ".join(text.lower().split())
