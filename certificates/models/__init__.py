from certificates.models.authoring import (
    CertificateTemplate,
    IssuingRule,
    IssuingRuleQuerySet,
    Kind,
)
from certificates.models.bulk import BulkIssue
from certificates.models.issued import (
    STATUS_LIST_SIZE,
    Certificate,
    CertificateEvent,
    CertificateQuerySet,
    PlatformKey,
)

__all__ = [
    "STATUS_LIST_SIZE",
    "BulkIssue",
    "Certificate",
    "CertificateEvent",
    "CertificateQuerySet",
    "CertificateTemplate",
    "IssuingRule",
    "IssuingRuleQuerySet",
    "Kind",
    "PlatformKey",
]
