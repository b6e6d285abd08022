"""Business rules of party-organisation life, by aggregate: organisations and their
committees, members. Resolvers, the demo loader, event hooks and tests call these."""

from plugins.party.services.members import (
    add_member,
    end_memberships,
    fifty_year_honourees,
    political_birthdays,
    standing_years,
)
from plugins.party.services.organisations import (
    appoint_post,
    create_organisation,
    establish_organisation,
    relieve_post,
    update_organisation,
)

__all__ = [
    "add_member",
    "appoint_post",
    "create_organisation",
    "end_memberships",
    "establish_organisation",
    "fifty_year_honourees",
    "political_birthdays",
    "relieve_post",
    "standing_years",
    "update_organisation",
]
