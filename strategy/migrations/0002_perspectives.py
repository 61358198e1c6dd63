"""The method's four perspectives are part of the model, not demo data: every installation has them."""

from django.db import migrations

PERSPECTIVES = ["udefra", "indefra", "oppefra", "nedefra"]


def create(apps, schema_editor):
    Perspective = apps.get_model("strategy", "Perspective")
    for position, code in enumerate(PERSPECTIVES, start=1):
        Perspective.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
