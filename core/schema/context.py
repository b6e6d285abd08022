"""Per-request context: the acting principal and lazily made DataLoaders."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from core.principal import Principal

LoaderFactory = Callable[["RequestContext"], DataLoader[Any, Any]]


@dataclass
class RequestContext:
    principal: Principal
    loader_factories: Mapping[str, LoaderFactory]
    request: Any = None
    response: Any = None
    _loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)
    #: (type name, primary key) -> field names read unmasked in this request, for the audit log
    sensitive_reads: dict[tuple[str, int], set[str]] = field(default_factory=dict)

    def note_sensitive_read(self, type_name: str, pk: int, field_name: str) -> None:
        self.sensitive_reads.setdefault((type_name, pk), set()).add(field_name)

    def loader(self, name: str) -> DataLoader[Any, Any]:
        """The request's loader ``name`` (made on first use, so unused ones cost nothing)."""
        made = self._loaders.get(name)
        if made is None:
            made = self._loaders[name] = self.loader_factories[name](self)
        return made
