"""The ORM classes take the plugin's prefix and the names of their GraphQL types
(``Campus`` → ``UniversityCampus``). Tables keep their names, so the database is untouched."""

from tortoise import migrations

from core.api import RenameRelatedModel


class Migration(migrations.Migration):
    dependencies = [('university', '0001_initial')]

    initial = False

    operations = [
        RenameRelatedModel(old_name=old, new_name=f"University{old}")
        for old in ("Campus", "Term", "Course", "Enrolment", "Session", "Attendance")
    ]
