from django.core.management.base import BaseCommand

from courses.actions.records import requeue
from courses.delivery import deliver_pending
from courses.models import LearningRecord


class Command(BaseCommand):
    help = "Send pending xAPI learning records to the configured LRS now."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-local",
            action="store_true",
            help="also send records kept locally while no LRS was configured",
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="also retry records that gave up",
        )

    def handle(self, *args, **options):
        statuses = []
        if options["retry_local"]:
            statuses.append(LearningRecord.Status.LOCAL)
        if options["retry_failed"]:
            statuses.append(LearningRecord.Status.FAILED)
        if statuses:
            self.stdout.write(f"Requeued {requeue(statuses)} records")
        report = deliver_pending()
        self.stdout.write(
            f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
            f"kept locally {report.local}"
        )
        for error in report.errors:
            self.stderr.write(error)
