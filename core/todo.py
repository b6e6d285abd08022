"""Due items (``viewer { todo }``): what the enabled plugins say falls due for a principal.

Each plugin's ``register_due_items`` sources report items; the core keeps only those whose
record the principal can read (the record is re-read through ``scoped``, so a source cannot
leak a record by forgetting its scope) and sorts them by due date."""

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from core.host import PluginHost
from core.plugin import DueItem, DueItemSource
from core.principal import Principal
from core.scope import scoped


@dataclasses.dataclass(frozen=True)
class Due:
    """One item of the principal's list, with the source that reported it."""

    source: DueItemSource
    item: DueItem


def due_item_sources(host: PluginHost) -> list[DueItemSource]:
    return [source for _, sources in host.contributions("register_due_items") for source in sources]


async def _visible(principal: Principal, records: Iterable[Any]) -> dict[tuple[type, Any], Any]:
    """The rows among ``records`` the principal can read, re-read through their scope."""
    keys: dict[type, set[Any]] = defaultdict(set)
    for record in records:
        keys[type(record)].add(record.pk)
    visible: dict[tuple[type, Any], Any] = {}
    for model, pks in keys.items():
        for row in await scoped(model, principal).filter(id__in=sorted(pks)):
            visible[model, row.pk] = row
    return visible


async def due_items(principal: Principal, today: dt.date, sources: Iterable[DueItemSource]) -> list[Due]:
    """The principal's due and overdue items of every source, earliest first."""
    reported = [Due(source, item) for source in sources for item in await source.query(principal, today)]
    visible = await _visible(principal, (due.item.record for due in reported))
    kept = [
        Due(due.source, dataclasses.replace(due.item, record=visible[type(due.item.record), due.item.record.pk]))
        for due in reported
        if (type(due.item.record), due.item.record.pk) in visible
    ]
    return sorted(kept, key=lambda due: (due.item.due_on, due.source.name, due.item.record.pk))
