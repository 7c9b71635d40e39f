"""Wagtail's initial data names its default workflow and task "Moderators approval" and
leaves the site without a name (the admin then shows "localhost"); trainers see both in
the Vietnamese admin. Rename what still carries Wagtail's defaults, nothing else."""

from django.db import migrations

WAGTAIL_DEFAULT = "Moderators approval"
WORKFLOW = "Duyệt nội dung (nhóm biên tập)"
SITE_NAME = "Sa Bàn – môi trường đào tạo"


def rename(apps, schema_editor):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(
            name=WAGTAIL_DEFAULT
        ).update(name=WORKFLOW)
    apps.get_model("wagtailcore", "Site").objects.filter(site_name="").update(
        site_name=SITE_NAME
    )


def restore(apps, schema_editor):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=WORKFLOW).update(
            name=WAGTAIL_DEFAULT
        )
    apps.get_model("wagtailcore", "Site").objects.filter(site_name=SITE_NAME).update(
        site_name=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_quiz_limits_at_least_one"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, restore, elidable=False)]
