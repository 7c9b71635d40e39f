"""The back office's inboxes: each a name, a label and a filter over the sandbox's dossiers."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fake_portal.models.dossiers import RUNNING, Stage, Status


@dataclass(frozen=True)
class Inbox:
    name: str
    label: str
    query: object  # a function (now) -> Q

    def filter(self, queryset, now):
        return queryset.filter(self.query(now))


INBOX_LIST = [
    Inbox("moi", _("Mới đăng ký"), lambda now: Q(status=Status.FILED)),
    Inbox(
        "dang-xu-ly",
        _("Đang xử lý"),
        lambda now: Q(status__in=[Status.RECEIVED, Status.PROCESSING]),
    ),
    Inbox(
        "sap-den-han",
        _("Sắp đến hạn (24 giờ)"),
        lambda now: Q(
            status__in=RUNNING, due_at__gte=now, due_at__lt=now + timedelta(days=1)
        ),
    ),
    Inbox(
        "qua-han",
        _("Quá hạn"),
        lambda now: Q(status__in=RUNNING | {Status.DONE}, due_at__lt=now),
    ),
    Inbox(
        "cho-bo-sung",
        _("Chờ công dân bổ sung"),
        lambda now: Q(status=Status.SUPPLEMENT_REQUESTED),
    ),
    Inbox(
        "cho-nop-phi", _("Chờ nộp phí"), lambda now: Q(status=Status.PAYMENT_REQUESTED)
    ),
    Inbox(
        "lien-thong",
        _("Đang liên thông"),
        lambda now: Q(stage=Stage.TRANSFERRED, status=Status.PROCESSING),
    ),
    Inbox(
        "cho-phe-duyet",
        _("Chờ lãnh đạo phê duyệt"),
        lambda now: Q(stage=Stage.AWAITING_APPROVAL, status=Status.PROCESSING),
    ),
    Inbox("cho-tra", _("Chờ trả kết quả"), lambda now: Q(status=Status.DONE)),
    Inbox(
        "da-ket-thuc",
        _("Đã kết thúc"),
        lambda now: Q(
            status__in=[
                Status.RETURNED,
                Status.REFUSED,
                Status.WITHDRAWN,
                Status.STOPPED,
            ]
        ),
    ),
    Inbox("tat-ca", _("Tất cả"), lambda now: Q()),
]
INBOXES = {inbox.name: inbox for inbox in INBOX_LIST}
