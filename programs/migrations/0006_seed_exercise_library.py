"""programs (issue 12, outcomes): seed the exercise library with ten exercises and written
instructions (programs/exercise_library.py). Matched by slug, so running it again changes
nothing; reversing it leaves the entries (they may be linked from sent nudges)."""

from django.db import migrations


def seed(apps, schema_editor):
    from programs.exercise_library import EXERCISES

    Exercise = apps.get_model("programs", "Exercise")
    for entry in EXERCISES:
        Exercise.objects.update_or_create(
            slug=entry["slug"], defaults={k: v for k, v in entry.items() if k != "slug"}
        )


class Migration(migrations.Migration):

    dependencies = [("programs", "0005_exercise_library")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
