from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sandbox.models import Province
from sandbox.operations import actions, permissions
from sandbox.operations.models import OfficialImport
from sandbox.operations.onboarding.problems import FileProblem
from sandbox.operations.onboarding.reasons import describe_all


class Command(BaseCommand):
    help = (
        "Import officials from an XLSX or CSV file into a province: the same checks as "
        "the web page, all rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--province", required=True, help="province code, e.g. 37")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--actor",
            help="user name to act as (their permissions apply); default: system",
        )
        parser.add_argument(
            "--no-activation-email",
            action="store_true",
            help="do not e-mail activation links (print codes per commune instead)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        province = Province.objects.filter(pk=int(options["province"])).first()
        if province is None:
            raise CommandError(f"Không có tỉnh mã {options['province']}.")
        actor = self._actor(options.get("actor"))
        try:
            imp = self._import(path, province, actor, options)
        except FileProblem as problem:
            raise CommandError(str(problem)) from problem
        self._report(imp)

    def _actor(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not permissions.manages_officials(user):
            raise CommandError(f"{username} không phải điều phối viên hay quản trị.")
        return user

    def _import(self, path, province, actor, options):
        data = path.read_bytes()
        if options["dry_run"]:
            with transaction.atomic():
                imp = actions.preview_import(
                    province=province,
                    data=data,
                    file_name=path.name,
                    actor=actor,
                    source=OfficialImport.Source.COMMAND,
                )
                transaction.set_rollback(True)  # a dry run leaves no trace at all
            return imp
        imp = actions.preview_import(
            province=province,
            data=data,
            file_name=path.name,
            actor=actor,
            source=OfficialImport.Source.COMMAND,
        )
        if imp.rejected_count:
            return imp
        actions.queue_import(
            imp,
            actor=actor,
            send_activation=not options["no_activation_email"],
            enqueue=False,
        )
        return actions.run_import(imp.pk)

    def _report(self, imp):
        write = self.stdout.write
        if imp.encoding:
            write(f"Bảng mã: {imp.encoding}")
        if imp.header_rows:
            numbering = imp.numbering_row
            skipped = f"; dòng {numbering} đánh số cột, đã bỏ qua" if numbering else ""
            write(f"Dòng tiêu đề: dòng {imp.header_rows}{skipped}.")
        write(
            f"{imp.total} dòng: {imp.created_count} tạo mới, {imp.updated_count} cập nhật, "
            f"{imp.unchanged_count} không đổi, {imp.rejected_count} bị từ chối."
        )
        for row in imp.rows:
            if row["outcome"] == "rejected":
                write(f"  dòng {row['row']}: " + " ".join(describe_all(row["reasons"])))
        if imp.rejected_count:
            raise CommandError("Tệp có dòng bị từ chối: không dòng nào được nhập.")
        if imp.status == OfficialImport.Status.PREVIEWED:
            write(self.style.WARNING("Chạy thử (--dry-run): chưa ghi gì."))
        elif imp.status == OfficialImport.Status.QUEUED:
            write(f"Đã xếp hàng lần nhập #{imp.pk}; `manage.py db_worker` sẽ ghi.")
        elif imp.status == OfficialImport.Status.DONE:
            write(self.style.SUCCESS(f"Đã nhập xong (lần nhập #{imp.pk})."))
        else:
            raise CommandError(imp.error or imp.get_status_display())
