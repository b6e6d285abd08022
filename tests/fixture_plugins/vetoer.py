"""A plugin whose event handlers refuse, to prove events run inside the write's transaction."""

import datetime as dt

from core.api import ErrorCode, PluginSpec, Principal, Retiree, ServiceError, hookimpl

PLUGIN = PluginSpec(name="vetoer", label="否决", version="1.0", core_versions=">=0.1,<0.3")
seen: list[str] = []


@hookimpl
async def retiree_deceased(retiree: Retiree, died_on: dt.date, principal: Principal) -> None:
    seen.append(retiree.name)
    raise ServiceError(ErrorCode.INVALID_TRANSITION, "演示：插件拒绝登记去世")


@hookimpl
async def retiree_transferred(retiree, from_agency, to_agency, principal) -> None:
    seen.append(f"{retiree.name}:{from_agency.name}->{to_agency.name if to_agency else '-'}")
