"""Simulated agencies that answer transfers, and the accounts their results are signed with.

An agency's result is signed like any other: with a certificate of the training PKI, held by
an inactive account that stands for the agency's signing leader (nobody can log in as it).
Its signature is made outside the sandbox's fault injection (sandbox=None): a scenario's token
failure concerns the trainee's unit, not the province department.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from fake_portal.documents import render_result
from sandbox import actions as core
from sandbox.models import Role

AGENCY_PIN = "246810"


def _username(province_code: int, agency: str) -> str:
    return f"mo-phong.{province_code:02d}.{agency.replace(':', '-')}"[:150]


@transaction.atomic
def agency_signer(province, agency: str, agency_name: str):
    """The (inactive) account that signs for `agency` in `province`, created on first use."""
    from fake_portal.signatures.actions import reset_pin

    User = get_user_model()
    username = _username(province.pk, agency)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = core.create_official(
            username=username,
            full_name=f"Lãnh đạo {agency_name} (mô phỏng)",
            role=Role.COORDINATOR,
            province=province,
            actor=None,
        )
        user.is_active = False
        user.save(update_fields=["is_active"])
        reset_pin(user, actor=None, pin=AGENCY_PIN)
    return user


def signed_agency_result(dossier, agency: str, agency_name: str) -> bytes:
    """The result document, signed by the simulated agency's leader."""
    from fake_portal.signatures.signing import sign_pdf

    signer = agency_signer(dossier.receiving_commune.province, agency, agency_name)
    pdf = render_result(dossier, signer_name=signer.profile.full_name)
    return sign_pdf(
        pdf,
        signer=signer,
        pin=AGENCY_PIN,
        sandbox=None,
        reason=f"Kết quả giải quyết hồ sơ {dossier.code}",
        location=agency_name,
    )
