"""Model hygiene the migrations depend on."""

from tortoise import Tortoise


def test_no_model_docstring_contains_a_semicolon(migrated):
    """tortoise turns docstrings into SQL table comments and its SQLite editor splits
    statements at ';', so a semicolon in a docstring breaks the migration."""
    offenders = [
        f"{label}.{name}"
        for label, models in Tortoise.apps.items()
        for name, model in models.items()
        if ";" in (model.__doc__ or "")
    ]
    assert offenders == []
