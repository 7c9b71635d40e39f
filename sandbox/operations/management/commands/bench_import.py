import time
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from sandbox import actions as core
from sandbox.models import Profile, Province, Role
from sandbox.operations import actions
from sandbox.operations.onboarding import synthetic
from sandbox.roles import group_for


@contextmanager
def _timed(sink: dict, key: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        sink[key] = sink.get(key, 0.0) + time.perf_counter() - started


def _timed_hooks(sink):
    """Wrap the account-creation hooks of other apps so their share can be printed."""
    original = list(core.official_created_hooks)

    def wrap(hook):
        def timed(user, *, actor):
            with _timed(sink, "hooks"):
                return hook(user, actor=actor)

        return timed

    core.official_created_hooks[:] = [wrap(h) for h in original]
    return original


class Command(BaseCommand):
    help = (
        "Benchmark: import N officials (checks, accounts, profiles, groups, records, in one "
        "transaction) beside a bare bulk_create of the same user and profile rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=10_000)
        parser.add_argument("--province", type=int, default=37)
        parser.add_argument("--keep", action="store_true", help="keep imported rows")
        parser.add_argument(
            "--no-followup",
            action="store_true",
            help="skip timing the follow-up job (other apps' hooks: minutes for 10,000)",
        )

    def handle(self, *args, **options):
        n, province = options["n"], Province.objects.get(pk=options["province"])
        communes = list(province.communes.order_by("code"))
        rows = synthetic.official_rows(n, communes, seed=7, start=500_000)
        data = synthetic.as_csv(rows)
        self.stdout.write(
            f"{connection.vendor}: {n} officials, {len(communes)} communes, "
            f"{len(data) / 1024:.0f} KB CSV"
        )
        baseline = self._baseline(rows, province, communes)
        timings, imp = self._import(data, province, not options["no_followup"])
        total = timings["check"] + timings["commit"]
        self.stdout.write(
            f"bare bulk_create (users + profiles + groups): {baseline:6.1f} s\n"
            f"import, check and preview:                    {timings['check']:6.1f} s\n"
            f"import, commit (one transaction):             {timings['commit']:6.1f} s\n"
            f"import, total (accounts usable):              {total:6.1f} s"
            f"  = {total / baseline:.1f} × baseline; goal ≤ 60 s: "
            f"{'met' if total <= 60 else 'NOT met'}\n"
            f"follow-up job, other apps' account hooks:     {self._followup(timings, n)}\n"
            f"status {imp.status}: {imp.created_count} created"
        )
        if not options["keep"]:
            self._clean(imp)

    def _followup(self, timings, n):
        if "followup" not in timings:
            return "skipped (--no-followup)"
        per = timings.get("hooks", 0) / max(n, 1) * 1000
        return f"{timings['followup']:6.1f} s  ({per:.1f} ms an official)"

    def _baseline(self, rows, province, communes):
        User = get_user_model()
        by_code = {c.code_str: c for c in communes} | {c.name: c for c in communes}
        group = group_for(Role.TRAINEE)
        started = time.perf_counter()
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(username=f"bench-{r['phone']}", email=r["email"], password="!")
                    for r in rows
                ],
                batch_size=1000,
            )
            Profile.objects.bulk_create(
                [
                    Profile(
                        user=u,
                        full_name=r["full_name"],
                        role=Role.TRAINEE,
                        position="other",
                        province=province,
                        commune=by_code[r["unit"]],
                        phone=r["phone"],
                    )
                    for u, r in zip(users, rows, strict=True)
                ],
                batch_size=1000,
            )
            User.groups.through.objects.bulk_create(
                [User.groups.through(user=u, group=group) for u in users],
                batch_size=1000,
            )
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed

    def _import(self, data, province, followup):
        timings = {}
        original = _timed_hooks(timings)
        try:
            with _timed(timings, "check"):
                imp = actions.preview_import(
                    province=province, data=data, file_name="bench.csv", actor=None
                )
            with _timed(timings, "commit"):
                imp = actions.queue_import(
                    imp, actor=None, send_activation=False, enqueue=False
                )
                imp = actions.commit_import(imp, actor=None, followup=False)
            if followup:
                with _timed(timings, "followup"):
                    actions.finish_import(imp.pk)
        finally:
            core.official_created_hooks[:] = original
        return timings, imp

    def _clean(self, imp):
        User = get_user_model()
        ids = list(imp.records.values_list("user_id", flat=True))
        with transaction.atomic():
            imp.delete()
            for start in range(0, len(ids), 1000):
                User.objects.filter(pk__in=ids[start : start + 1000]).delete()
