"""A plugin whose event handlers read the database, to prove events fire after the write
(in the same transaction): what they see is what the write recorded."""

import datetime as dt

from core.api import PluginSpec, Principal, Retiree, hookimpl

PLUGIN = PluginSpec(name="witness", label="见证", version="1.0", core_versions=">=0.1,<0.3")
#: (status, died_on) of the retiree as stored when each ``retiree_deceased`` fired
seen: list[tuple[str, dt.date | None]] = []


@hookimpl
async def retiree_deceased(retiree: Retiree, died_on: dt.date, principal: Principal) -> None:
    stored = await Retiree.get(id=retiree.id)
    seen.append((stored.status.value, stored.died_on))
