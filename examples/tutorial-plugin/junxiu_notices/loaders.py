"""The DataLoaders of notices, declared in one place."""

from collections.abc import Sequence

from core.api import LoaderRegistration, children_loader, hookimpl

NOTICES_BY_AGENCY = "notices.by_agency"


@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    from junxiu_notices.models import Notice  # models load only when the plugin is enabled

    return [LoaderRegistration(NOTICES_BY_AGENCY, children_loader(Notice, "agency_id"))]
