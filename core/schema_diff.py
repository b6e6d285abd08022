"""Classify the changes between the last released SDL and the current schema: breaking,
dangerous or safe. A breaking change may land only when the changelog announces it."""

from dataclasses import dataclass
from pathlib import Path

from graphql import (
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

RELEASES = Path("graphql") / "releases"


@dataclass(frozen=True)
class SchemaChange:
    kind: str  # BREAKING | DANGEROUS | SAFE
    code: str
    description: str


def last_release(root: Path) -> Path | None:
    """The SDL of the newest release: graphql/releases/<version>.graphql."""
    releases = sorted(
        (root / RELEASES).glob("*.graphql"),
        key=lambda path: tuple(int(part) for part in path.stem.split(".") if part.isdigit()),
    )
    return releases[-1] if releases else None


def _members(schema: GraphQLSchema) -> set[str]:
    names: set[str] = set()
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__"):
            continue
        names.add(name)
        for field_name, field in getattr(graphql_type, "fields", {}).items():
            names.add(f"{name}.{field_name}")
            names.update(f"{name}.{field_name}({arg})" for arg in getattr(field, "args", {}))
        names.update(f"{name}.{value}" for value in getattr(graphql_type, "values", {}))
    return names


def classify(old_sdl: str, new_sdl: str) -> list[SchemaChange]:
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    changes = [SchemaChange("BREAKING", c.type.name, c.description) for c in find_breaking_changes(old, new)]
    changes += [SchemaChange("DANGEROUS", c.type.name, c.description) for c in find_dangerous_changes(old, new)]
    flagged = " ".join(change.description for change in changes)
    changes += [
        SchemaChange("SAFE", "ADDED", f"{name} was added.")
        for name in sorted(_members(new) - _members(old))
        if name not in flagged
    ]
    return changes


def unannounced(changes: list[SchemaChange], changelog: str) -> list[SchemaChange]:
    """Breaking changes the changelog does not list verbatim on a line naming a deprecation
    period (弃用期)."""
    announced = [line for line in changelog.splitlines() if "弃用期" in line]
    return [c for c in changes if c.kind == "BREAKING" and not any(c.description in line for line in announced)]
