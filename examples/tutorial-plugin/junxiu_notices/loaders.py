"""The DataLoaders of notices, declared in one place."""

from collections.abc import Sequence

from core.api import LoaderRegistration, children_loader, hookimpl

BY_RETIREE = "notices.notices_by_retiree"
BY_AGENCY = "notices.notices_by_agency"


@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    # models load only when the plugin is enabled
    from junxiu_notices.models import Notice

    return [
        LoaderRegistration(BY_RETIREE, children_loader(Notice, "retiree_id")),
        LoaderRegistration(BY_AGENCY, children_loader(Notice, "agency_id")),
    ]
