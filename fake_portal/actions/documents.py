"""Attaching a file to a dossier: the one place DossierDocument rows are written from outside
the workflow actions (the counter's digitised and reused copies)."""

from django.core.files.base import ContentFile

from fake_portal.models import DossierDocument


def attach_document(
    dossier,
    *,
    key: str,
    name: str,
    content: bytes,
    filename: str,
    content_type: str = "application/pdf",
    kind: str = DossierDocument.Kind.ATTACHMENT,
    signed: bool = False,
) -> DossierDocument:
    """Store `content` as one of `dossier`'s documents (the caller records the event)."""
    return DossierDocument.objects.create(
        dossier=dossier,
        key=key,
        name=name,
        kind=kind,
        file=ContentFile(content, name=filename),
        content_type=content_type,
        size=len(content),
        signed=signed,
    )
