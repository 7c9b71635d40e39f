from django.db import migrations


def forwards(apps, schema_editor):
    from sandbox.units import load_units

    load_units(apps.get_model("sandbox", "Province"), apps.get_model("sandbox", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("sandbox", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
