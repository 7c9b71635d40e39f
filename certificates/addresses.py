"""Public addresses the certificates print and the credentials point at (SITE_URL-based)."""

import uuid

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute(path: str) -> str:
    return site_url() + path


def verify_url(serial: str) -> str:
    return absolute(reverse("certificates:verify", args=[serial]))


def status_list_url(number: int) -> str:
    return absolute(reverse("certificates:status-list", args=[number]))


def issuer_id() -> str:
    return absolute(reverse("certificates:issuer"))


def achievement_id(kind: str, reference: str, template_id: int) -> str:
    """A stable URN for one achievement as one template certifies it."""
    name = f"{site_url()}/chung-chi/thanh-tich/{kind}/{reference}/{template_id}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"
