"""Issuing: one certificate, or what the trainers' rules grant for an achievement."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import badges, issuing, platform, procedures
from certificates.actions._common import CertificateError, event
from certificates.actions.keys import current_signer
from certificates.models import (
    BulkIssue,
    Certificate,
    CertificateTemplate,
    IssuingRule,
    PlatformKey,
)
from certificates.rules import Achievement, achievement_from_facts, refusal

SERIAL_ATTEMPTS = 3


def as_achievement(achievement, kind: str = "", reference: str = "") -> Achievement:
    """An Achievement from one, or from a source app's facts dict (see rules)."""
    if isinstance(achievement, Achievement):
        return achievement
    facts = dict(achievement)
    kind, reference = (
        kind or facts.pop("kind", ""),
        reference or facts.pop("reference", ""),
    )
    facts.pop("kind", None), facts.pop("reference", None)
    return achievement_from_facts(kind, reference, facts, procedures.lookup)


def _recorded(prepared: issuing.Prepared, key: PlatformKey, **links) -> Certificate:
    printed = prepared.printed
    return Certificate.objects.create(
        serial=printed.serial,
        recipient_name=printed.recipient_name,
        template_id=prepared.template_id,
        kind=printed.kind,
        reference=prepared.achievement.reference,
        title=printed.title,
        description=prepared.achievement.description,
        score=printed.score,
        procedures=printed.procedures,
        heading=printed.heading,
        issuing_body=printed.issuing_body,
        signer_name=printed.signer_name,
        signer_title=printed.signer_title,
        design_text=printed.design_text,
        issued_at=printed.issued_at,
        valid_until=printed.valid_until,
        platform_key=key,
        pdf=prepared.pdf,
        pdf_sha256=platform.sha256_hex(prepared.pdf),
        **links,
    )


@transaction.atomic
def record_issue(prepared: issuing.Prepared, signer, *, actor, **links) -> Certificate:
    """Store a prepared (signed) certificate with its credential and an event."""
    key, signing_key = signer
    certificate = _recorded(prepared, key, issued_by=actor, **links)
    rule = links.get("rule")
    facts = issuing.credential_facts(
        certificate, min_score=rule.min_score if rule else None
    )
    credential = badges.build_credential(facts)
    certificate.credential = credential
    certificate.credential_jwt = issuing.signed_credential(credential, signing_key)
    certificate.save(update_fields=["credential", "credential_jwt"])
    event(
        "certificate.issued",
        actor=actor,
        certificate=certificate,
        bulk_issue=links.get("bulk_issue"),
        serial=certificate.serial,
        kind=certificate.kind,
        reference=certificate.reference,
        rule=rule.pk if rule else None,
    )
    return certificate


def prepare(printed, template_id: int, achievement, signer) -> issuing.Prepared:
    """Render and sign `printed` (slow: call it outside any transaction)."""
    pdf = issuing.signed_pdf(printed, signer[1])
    return issuing.Prepared(printed, pdf, template_id, achievement)


def recipient_name_of(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.full_name if profile else "") or user.get_full_name() or str(user)


def issue_certificate(
    *,
    template: CertificateTemplate,
    recipient,
    achievement,
    actor,
    rule: IssuingRule | None = None,
    bulk_issue: BulkIssue | None = None,
) -> Certificate:
    """Render, sign and record `recipient`'s certificate for `achievement`.

    Issuing twice is harmless: a recipient who already holds a valid certificate for the
    same achievement and template gets that one back.
    """
    achievement = as_achievement(achievement)
    held = Certificate.objects.held(
        recipient, achievement.kind, achievement.reference, template
    )
    signer = current_signer()
    for _attempt in range(SERIAL_ATTEMPTS):
        if existing := held.first():
            return existing
        printed = issuing.printed_for(
            template, recipient_name_of(recipient), achievement, now=timezone.now()
        )
        prepared = prepare(printed, template.pk, achievement, signer)
        try:
            return record_issue(
                prepared,
                signer,
                actor=actor,
                recipient=recipient,
                rule=rule,
                bulk_issue=bulk_issue,
            )
        except IntegrityError:
            continue  # raced with another issue (held) or, once in 2^40, a serial taken
    raise CertificateError(_("Không cấp được chứng chỉ, xin thử lại."))


def matching_rules(achievement: Achievement) -> list[IssuingRule]:
    """Active rules that issue for `achievement`, one per template."""
    rules = (
        IssuingRule.objects.active()
        .for_source(achievement.kind, achievement.reference)
        .select_related("template")
        .order_by("-reference", "pk")  # a rule naming the reference wins over "any"
    )
    chosen = {}
    for rule in rules:
        if refusal(rule.spec, achievement) is None:
            chosen.setdefault(rule.template_id, rule)
    return list(chosen.values())


def maybe_issue_for(
    kind: str, reference: str, user, facts: dict, *, actor=None
) -> list[Certificate]:
    """Issue what the trainers' rules grant `user` for this achievement; [] if nothing.

    `facts`: title (required), score (0–100), passed (default True), procedures (a list
    of catalogue codes, or a mapping code -> version learnt), description.
    """
    achievement = as_achievement(facts, kind, reference)
    return [
        issue_certificate(
            template=rule.template,
            recipient=user,
            achievement=achievement,
            actor=actor,
            rule=rule,
        )
        for rule in matching_rules(achievement)
    ]
