"""Every existing clinic gets the two standard program templates (new clinics get them from
``programs.services.program_templates_seed``, which the demo calls)."""

from django.db import migrations


def seed(apps, schema_editor):
    from programs.templates_seed import STANDARD_TEMPLATES

    Clinic = apps.get_model("accounts", "Clinic")
    ProgramTemplate = apps.get_model("programs", "ProgramTemplate")
    for clinic in Clinic.objects.all():
        for values in STANDARD_TEMPLATES:
            ProgramTemplate.objects.get_or_create(
                clinic=clinic, name=values["name"],
                defaults={key: str(value) if hasattr(value, "label") else value
                          for key, value in values.items()})


class Migration(migrations.Migration):

    dependencies = [("programs", "0002_templates_sessions_pauses")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
