"""Migrations of the ``meals`` app (tortoise built-in migrations)."""
