"""The plugin's own error codes, added to the schema's ``ErrorCode`` while it is enabled.
Rules whose meaning the core's generic codes already carry (a timetable clash with the
retiree's other classes, the per-term enrolment limit) raise those; only what is specific
to elder-university classes is here."""

from core.api import ErrorCodeRegistration

SESSIONS_OVERLAP = ErrorCodeRegistration("UNIVERSITY_SESSIONS_OVERLAP", "同一班级的每周上课时段互相重叠")

ERROR_CODES = (SESSIONS_OVERLAP,)
