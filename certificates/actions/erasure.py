"""Erasing a holder: the certificate stays verifiable by its serial, the person does not."""

from django.db import transaction

from certificates.actions._common import event
from certificates.models import Certificate

ERASED_NAME = "[đã xóa]"


@transaction.atomic
def erase_holder(user, *, actor) -> int:
    """Redact `user`'s name from their certificates and drop the copies that print it.

    The serial, achievement, dates and status stay, so a verifier still learns that the
    certificate was issued (and whether it was revoked); the signed PDF and the Open Badges
    credential carry the name, so they are removed. Returns how many were redacted.
    """
    certificates = list(
        Certificate.objects.select_for_update()
        .filter(recipient=user)
        .exclude(recipient_name=ERASED_NAME)
        .only("pk", "serial")
    )
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(
        recipient_name=ERASED_NAME, pdf=b"", credential={}, credential_jwt=""
    )
    for certificate in certificates:
        event("holder_erased", actor=actor, certificate=certificate)
    return len(certificates)


def eraser(user, *, actor) -> None:
    erase_holder(user, actor=actor)
