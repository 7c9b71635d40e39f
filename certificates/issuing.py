"""Preparing one certificate before it is recorded: the text, the signed PDF, the credential.

Rendering and signing happen here, outside any transaction (they take tens of
milliseconds, and a lock held that long would serialise bulk issuing); `actions` then
records the result in one short transaction.
"""

import calendar
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from certificates import addresses, badges, pades, platform, rendering, serials
from certificates.platform import PLATFORM_NAME
from certificates.rules import Achievement

SIGNING_REASON = "Cấp chứng chỉ đào tạo Sa Bàn (không có giá trị pháp lý)"
SIGNING_LOCATION = "Sa Bàn – môi trường đào tạo"


def months_later(moment: datetime, months: int) -> datetime:
    """`moment` plus whole calendar months (31 Jan + 1 month is the last day of February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Prepared:
    printed: rendering.Printed
    pdf: bytes
    template_id: int
    achievement: Achievement


def printed_for(
    template,
    recipient_name: str,
    achievement: Achievement,
    *,
    now: datetime,
) -> rendering.Printed:
    """What the certificate will say; a fresh serial every time."""
    valid_until = None
    if template.validity_months:
        valid_until = months_later(now, template.validity_months)
    serial = serials.new_serial(timezone.localtime(now).year)
    return rendering.Printed(
        serial=serial,
        heading=template.heading,
        issuing_body=template.issuing_body,
        recipient_name=recipient_name,
        kind=achievement.kind,
        title=achievement.title,
        issued_at=now,
        verify_url=addresses.verify_url(serial),
        signer_name=template.signer_name,
        signer_title=template.signer_title,
        score=achievement.score,
        design_text=template.design_text,
        valid_until=valid_until,
        procedures=achievement.procedure_dicts,
    )


def reprinted(certificate, recipient_name: str, *, now: datetime) -> rendering.Printed:
    """A re-issue under a corrected name: the same wording and validity, a new serial."""
    serial = serials.new_serial(timezone.localtime(now).year)
    return rendering.Printed(
        serial=serial,
        heading=certificate.heading,
        issuing_body=certificate.issuing_body,
        recipient_name=recipient_name,
        kind=certificate.kind,
        title=certificate.title,
        issued_at=now,
        verify_url=addresses.verify_url(serial),
        signer_name=certificate.signer_name,
        signer_title=certificate.signer_title,
        score=certificate.score,
        design_text=certificate.design_text,
        valid_until=certificate.valid_until,
        procedures=list(certificate.procedures),
    )


def signed_pdf(printed: rendering.Printed, signing_key) -> bytes:
    pdf = rendering.render_pdf(rendering.certificate_html(printed))
    return pades.sign_pdf(
        pdf, signing_key, reason=SIGNING_REASON, location=SIGNING_LOCATION
    )


def criteria(kind: str, title: str, min_score: float | None) -> str:
    """The Open Badges criteria narrative, always in Vietnamese like the certificate."""
    with override("vi"):
        what = {
            "course": _("Hoàn thành khóa học “%(title)s” trên Sa Bàn."),
            "scenario": _("Thực hành đạt yêu cầu kịch bản “%(title)s” trên Sa Bàn."),
            "drill": _(
                "Tham gia và đạt yêu cầu buổi diễn tập “%(title)s” trên Sa Bàn."
            ),
        }[kind] % {"title": title}
        if min_score is not None:
            what += " " + _("Kết quả tối thiểu: %(score)s %%.") % {
                "score": f"{min_score:g}"
            }
    return what


def credential_facts(certificate, *, min_score: float | None) -> badges.CredentialFacts:
    """The plain facts of a recorded certificate (it needs a primary key: the status index)."""
    number, index = certificate.status_position
    return badges.CredentialFacts(
        credential_id=addresses.verify_url(certificate.serial),
        subject_id=f"urn:uuid:{uuid.uuid4()}",
        issuer_id=addresses.issuer_id(),
        issuer_name=PLATFORM_NAME,
        issuer_url=addresses.site_url() + "/",
        recipient_name=certificate.recipient_name,
        achievement_id=addresses.achievement_id(
            certificate.kind, certificate.reference, certificate.template_id
        ),
        kind=certificate.kind,
        title=certificate.title,
        description=certificate.description or certificate.design_text,
        criteria=criteria(certificate.kind, certificate.title, min_score),
        procedures=tuple(certificate.procedures),
        valid_from=certificate.issued_at,
        valid_until=certificate.valid_until,
        status_list_url=addresses.status_list_url(number),
        status_index=index,
        score=certificate.score,
    )


def signed_credential(credential: dict, signing_key) -> str:
    return badges.sign_jws(
        badges.jwt_claims(credential),
        signing_key.key,
        kid=platform.key_id(signing_key.cert),
        # The signer and the issuing CA; a verifier brings the training root itself.
        x5c=[
            platform.der_base64(c) for c in (signing_key.cert, *signing_key.chain[:1])
        ],
    )
