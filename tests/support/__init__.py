"""Helpers the core's own tests share; a plugin's tests need only the testing kit
(``core.testing``). ``worlds`` builds the core's matrices' world from the plugins' worlds,
``permission_samples`` gives every mutation a valid input, ``fuzzing`` runs schemathesis."""

from pathlib import Path

from core.host import discover

ROOT = Path(__file__).resolve().parents[2]


def builtin_plugins() -> list[str]:
    """The plugins the junxiu distribution itself ships."""
    return sorted(name for name, found in discover().items() if found.distribution == "junxiu")
