"""pain_while_standing becomes true / false / null. Before, false was the default and so also
meant "not said": stored falses become null (unanswered), because nobody can tell them apart."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tracker", "0006_walk_pain_while_standing")]

    operations = [
        migrations.AlterField(
            model_name="walk",
            name="pain_while_standing",
            field=models.BooleanField(blank=True, default=None, null=True),
        ),
        migrations.RunSQL(
            "UPDATE tracker_walk SET pain_while_standing = NULL WHERE pain_while_standing = false",
            reverse_sql="UPDATE tracker_walk SET pain_while_standing = false "
                        "WHERE pain_while_standing IS NULL",
        ),
    ]
