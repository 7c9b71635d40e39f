from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SandboxConfig(AppConfig):
    name = "sandbox"
    verbose_name = _("Sa Bàn – lõi")

    def ready(self):
        from sandbox import auth, collation, roles

        auth.connect_signals()
        # Vietnamese alphabetical order (sandbox.collation) in SQLite as in PostgreSQL.
        connection_created.connect(collation.register)

        # A framework hook, not domain flow: keep each role's group and permissions in step
        # with the code after every migrate.
        post_migrate.connect(roles.sync_role_groups_after_migrate, sender=self)
