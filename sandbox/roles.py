"""Each role is a Django group holding the permissions that role needs."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from sandbox.models.accounts import Role

_TRAINEE = ["sandbox.use_back_office"]
_TRAINER = _TRAINEE + [
    "sandbox.author_scenarios",
    "sandbox.view_unit_reports",
    "wagtailadmin.access_admin",
    # the courses' question bank, edited in the Wagtail admin
    "courses.add_question",
    "courses.change_question",
    "courses.delete_question",
    "courses.add_questioncategory",
    "courses.change_questioncategory",
    "courses.delete_questioncategory",
    # certificate templates and issuing rules, edited in the Wagtail admin
    "certificates.view_certificatetemplate",
    "certificates.add_certificatetemplate",
    "certificates.change_certificatetemplate",
    "certificates.delete_certificatetemplate",
    "certificates.view_issuingrule",
    "certificates.add_issuingrule",
    "certificates.change_issuingrule",
    "certificates.delete_issuingrule",
]
_COORDINATOR = _TRAINER + ["sandbox.run_drills", "sandbox.manage_officials"]

ROLE_PERMISSIONS = {
    Role.TRAINEE: _TRAINEE,
    Role.TRAINER: _TRAINER,
    Role.COORDINATOR: _COORDINATOR,
    Role.ADMINISTRATOR: _COORDINATOR,
}


def group_for(role):
    """The group of `role`, created with its permissions if missing."""
    group, _created = Group.objects.get_or_create(name=f"role:{role}")
    return group


def _permissions(names):
    wanted = [tuple(name.split(".", 1)) for name in names]
    found = Permission.objects.filter(
        content_type__app_label__in={a for a, _ in wanted}
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def sync_role_groups():
    """Make every role's group hold exactly the permissions of ROLE_PERMISSIONS."""
    for role, names in ROLE_PERMISSIONS.items():
        group_for(role).permissions.set(_permissions(names))


def sync_role_groups_after_migrate(sender, **kwargs):
    # Permissions are created per app by later post_migrate handlers; make them all exist first.
    for app_config in apps.get_app_configs():
        create_permissions(
            app_config, verbosity=0, using=kwargs.get("using", "default")
        )
    sync_role_groups()
