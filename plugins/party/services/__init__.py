"""Business rules of party-organisation life, by aggregate: organisations and their
committees, members, flowing members, transfers of membership (介绍信), meetings and their compliance.
Resolvers, the demo loader, event hooks and tests call these."""

from plugins.party.services.flowing import next_report_due, record_flowing_report, register_flowing
from plugins.party.services.meetings import (
    ComplianceLine,
    attendance_rate,
    compliance,
    create_meeting,
    record_attendance,
    review_meeting,
    submit_meeting,
)
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
from plugins.party.services.transfers import (
    effective_status,
    issue_letter,
    open_incoming,
    open_outgoing,
    receipt_letter,
    report_letter,
    with_status,
)

__all__ = [
    "ComplianceLine",
    "attendance_rate",
    "compliance",
    "create_meeting",
    "record_attendance",
    "review_meeting",
    "submit_meeting",
    "add_member",
    "appoint_post",
    "create_organisation",
    "effective_status",
    "end_memberships",
    "issue_letter",
    "next_report_due",
    "record_flowing_report",
    "register_flowing",
    "open_incoming",
    "open_outgoing",
    "receipt_letter",
    "report_letter",
    "with_status",
    "establish_organisation",
    "fifty_year_honourees",
    "political_birthdays",
    "relieve_post",
    "standing_years",
    "update_organisation",
]
