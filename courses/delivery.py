"""Delivery of learning records to an xAPI LRS, in batches, with retries and backoff.

The LRS is configured by XAPI_LRS_URL, XAPI_LRS_USERNAME and XAPI_LRS_PASSWORD, read from
settings (or else the environment) at call time. Without a URL, records stay in the local
database with status "local"; `manage.py send_learning_records --retry-local` sends them
once an LRS exists.
"""

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.utils import timezone

from courses.actions import records as delivery
from courses.models import LearningRecord

XAPI_VERSION = "1.0.3"
BATCH_SIZE = 100
MAX_ATTEMPTS = 5
TIMEOUT = 10.0
LEASE = timedelta(
    minutes=2
)  # a claimed batch is not claimed again while it is in flight
SENT_STATUSES = {200, 204, 409}  # 409: the LRS already holds these statement ids
INVALID_STATUSES = {400, 422}  # the statement itself is refused: retrying cannot help


@dataclass(frozen=True)
class LrsConfig:
    url: str
    username: str
    password: str

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        if base.lower().endswith("/xapi"):
            return f"{base}/statements"
        return f"{base}/xAPI/statements"


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    local: int = 0
    next_retry: datetime | None = None
    errors: list[str] = field(default_factory=list)


def _setting(name: str) -> str:
    return getattr(settings, name, None) or os.environ.get(name, "")


def lrs_config() -> LrsConfig | None:
    url = _setting("XAPI_LRS_URL")
    if not url:
        return None
    return LrsConfig(url, _setting("XAPI_LRS_USERNAME"), _setting("XAPI_LRS_PASSWORD"))


def backoff(attempts: int) -> timedelta:
    """Wait before retry number `attempts`: 1, 2, 4, 8 … minutes, at most six hours."""
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), timedelta(hours=6))


class DeliveryError(Exception):
    def __init__(self, message: str, *, invalid: bool = False):
        super().__init__(message)
        self.invalid = invalid


def post_statements(config: LrsConfig, statements: list[dict]) -> None:
    """POST statements as one JSON list; DeliveryError unless the LRS accepted them."""
    try:
        response = httpx.post(
            config.endpoint,
            json=statements,
            auth=(config.username, config.password) if config.username else None,
            headers={"X-Experience-API-Version": XAPI_VERSION},
            timeout=TIMEOUT,
        )
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code not in SENT_STATUSES:
        raise DeliveryError(
            f"HTTP {response.status_code}: {response.text[:500]}",
            invalid=response.status_code in INVALID_STATUSES,
        )


# ---------------------------------------------------------------- sending


def _send_batch(
    config: LrsConfig, records: list[LearningRecord], now: datetime, report
) -> bool:
    try:
        post_statements(config, [r.statement for r in records])
    except DeliveryError as exc:
        if exc.invalid and len(records) > 1:
            # One bad statement must not block the rest: send them one by one.
            return all([_send_batch(config, [r], now, report) for r in records])
        for record in records:
            attempts = record.attempts + 1
            give_up = exc.invalid or attempts >= MAX_ATTEMPTS
            delivery.mark_failed_attempt(
                record,
                str(exc),
                retry_at=None if give_up else now + backoff(attempts),
            )
            if record.status == LearningRecord.Status.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
                report.next_retry = min(
                    filter(None, [report.next_retry, record.next_attempt_at])
                )
        report.errors.append(str(exc))
        return False
    delivery.mark_sent(records, now)
    report.sent += len(records)
    return True


def deliver_pending(now: datetime | None = None) -> DeliveryReport:
    """Send every due record, a batch (one POST) at a time; stop at the first failure."""
    report = DeliveryReport()
    config = lrs_config()
    if config is None:
        report.local = delivery.keep_local()
        return report
    now = now or timezone.now()
    while batch := delivery.claim_due(now, BATCH_SIZE, lease=LEASE):
        if not _send_batch(config, batch, now, report):
            break
    return report
