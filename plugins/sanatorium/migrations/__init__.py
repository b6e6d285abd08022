"""Migrations of the ``sanatorium`` app (tortoise built-in migrations)."""
