"""The one meeting-place rule row, with the documented defaults (docs/opportunities.md); administrators change it."""

from django.db import migrations


def create(apps, schema_editor):
    MeetingPlaceRule = apps.get_model("opportunities", "MeetingPlaceRule")
    if not MeetingPlaceRule.objects.exists():
        MeetingPlaceRule.objects.create(window_months=12, threshold="0.600", dimensions_needed=3, min_attendance=50)


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
