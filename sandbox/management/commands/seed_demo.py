from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from sandbox import actions
from sandbox.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PROVINCE, seeders
from sandbox.models import Commune, Province


class Command(BaseCommand):
    help = "Create the demo province's accounts (idempotent) and print the logins."

    def handle(self, *args, **options):
        province = Province.objects.get(pk=DEMO_PROVINCE)
        self._accounts(province)
        for _order, name, seed in seeders():
            self.stdout.write(f"… {name}")
            seed(province, self.stdout)
        self._print_logins()

    @transaction.atomic
    def _accounts(self, province):
        User = get_user_model()
        created = 0
        for account in DEMO_ACCOUNTS:
            if User.objects.filter(username=account.username).exists():
                continue
            actions.create_official(
                username=account.username,
                full_name=account.full_name,
                role=account.role,
                position=account.position,
                province=province,
                commune=Commune.objects.get(pk=account.commune)
                if account.commune
                else None,
                password=DEMO_PASSWORD,
                actor=None,
            )
            created += 1
        self.stdout.write(
            f"Tỉnh demo: {province.name} ({province.code_str}); tạo mới {created} tài khoản."
        )
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"\nTài khoản demo (mật khẩu chung: {DEMO_PASSWORD})")
        self.stdout.write(
            f"{'tên đăng nhập':<14} {'vai trò':<14} {'chức danh':<18} đơn vị"
        )
        for account in DEMO_ACCOUNTS:
            unit = (
                Commune.objects.get(pk=account.commune).name
                if account.commune
                else "cấp tỉnh"
            )
            self.stdout.write(
                f"{account.username:<14} {account.role:<14} {account.position:<18} {unit}"
            )
