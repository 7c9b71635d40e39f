from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from fake_portal.signatures.actions import issue_certificate_for
from fake_portal.signatures.models import OfficialCertificate


class Command(BaseCommand):
    help = "Issue a training certificate and virtual token to every official who lacks one."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        users = get_user_model().objects.filter(profile__isnull=False).order_by("pk")
        issued = 0
        for user in users.iterator():
            current = OfficialCertificate.objects.current_for(user)
            if current and current.status == OfficialCertificate.Status.VALID:
                continue
            issued += 1
            if not dry_run:
                issue_certificate_for(user, actor=None)
        verb = "would issue" if dry_run else "issued"
        self.stdout.write(
            f"{verb} {issued} certificate(s); {users.count()} official(s)"
        )
