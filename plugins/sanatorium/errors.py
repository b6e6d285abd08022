"""The plugin's own error codes, added to the schema's ``ErrorCode`` while it is enabled.
Rules whose meaning the core's generic codes already carry (a quota or a batch's capacity
used up, overlapping stays) raise those; only what is specific to sanatorium stays is here."""

from core.api import ErrorCodeRegistration

QUOTA_NOT_ALLOTTED = ErrorCodeRegistration(
    "SANATORIUM_QUOTA_NOT_ALLOTTED", "计划已向机构分配名额，而推荐机构及其上级都没有分到名额，不能推荐"
)

ERROR_CODES = (QUOTA_NOT_ALLOTTED,)
