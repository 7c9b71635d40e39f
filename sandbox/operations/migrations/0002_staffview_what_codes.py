"""StaffView.what holds a code (StaffView.What) instead of a Vietnamese label written at the
time of the view: the labels already stored become their codes; any other text stays as
written (shown as is)."""

import unicodedata

from django.db import migrations, models

# The labels the views wrote before the codes, frozen here as they were stored.
LABELS = {
    "hồ sơ cán bộ": "profile",
    "tải toàn bộ dữ liệu cá nhân": "personal_data",
}


def _key(text):
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _relabel(apps, mapping):
    StaffView = apps.get_model("operations", "StaffView")
    stored = StaffView.objects.values_list("what", flat=True).distinct()
    for value in list(stored):
        new = mapping.get(_key(value))
        if new is not None and new != value:
            StaffView.objects.filter(what=value).update(what=new)


def labels_to_codes(apps, schema_editor):
    _relabel(apps, LABELS)


def codes_to_labels(apps, schema_editor):
    _relabel(apps, {code: label for label, code in LABELS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="staffview",
            name="what",
            field=models.CharField(
                choices=[
                    ("profile", "hồ sơ cán bộ"),
                    ("personal_data", "tải toàn bộ dữ liệu cá nhân"),
                ],
                max_length=100,
                verbose_name="nội dung xem",
            ),
        ),
        migrations.RunPython(labels_to_codes, codes_to_labels, elidable=False),
    ]
