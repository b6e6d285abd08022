"""Which plugin host serves the code running now.

A process may hold several hosts (two apps with different plugin sets, as tests build them),
so the rules, permissions and settings of "the instance" are looked up through a context
variable, never a module global: the app's ``ActiveHost`` middleware sets it for each request
and for the lifespan, ``core.runtime.configure`` for CLI commands and tests. Outside of any
host (a bare import, a unit test of the core alone) callers fall back to the core's defaults.
"""

from contextvars import ContextVar, Token
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.host import PluginHost

_host: ContextVar["PluginHost | None"] = ContextVar("junxiu_host", default=None)


def current_host() -> "PluginHost | None":
    """The host of the running request or command, if any."""
    return _host.get()


def use_host(host: "PluginHost | None") -> Token["PluginHost | None"]:
    """Make ``host`` current in this context (and the tasks it starts); reset with the token."""
    return _host.set(host)


def reset_host(token: Token["PluginHost | None"]) -> None:
    _host.reset(token)
