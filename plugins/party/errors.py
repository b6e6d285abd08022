"""The plugin's own error codes, added to the schema's ``ErrorCode`` while it is enabled: the
formation rules of party organisations and the one-branch rule of membership."""

from core.api import ErrorCodeRegistration

INVALID_SUPERIOR = ErrorCodeRegistration(
    "PARTY_INVALID_SUPERIOR", "上级党组织的类别不符（党小组属于党支部，党支部属于党总支或党委，党总支属于党委）"
)
TOO_FEW_FOR_BRANCH = ErrorCodeRegistration(
    "PARTY_TOO_FEW_FOR_BRANCH", "正式党员不足，不能成立党支部（默认须 3 人以上）"
)
TOO_FEW_FOR_COMMITTEE = ErrorCodeRegistration(
    "PARTY_TOO_FEW_FOR_COMMITTEE", "正式党员不足 7 人的党支部不设支部委员会，只设书记和副书记"
)
TOO_FEW_FOR_GENERAL_BRANCH = ErrorCodeRegistration(
    "PARTY_TOO_FEW_FOR_GENERAL_BRANCH", "党员不超过 50 人，不能成立党总支"
)
NOT_A_BRANCH = ErrorCodeRegistration("PARTY_NOT_A_BRANCH", "党员只能编入党支部（党小组另行指定）")
GROUP_NOT_IN_BRANCH = ErrorCodeRegistration("PARTY_GROUP_NOT_IN_BRANCH", "党小组不属于该党员所在的党支部")
ALREADY_IN_BRANCH = ErrorCodeRegistration(
    "PARTY_ALREADY_IN_BRANCH", "该人员已在一个党支部中，同一时间只能属于一个党支部"
)
NOT_A_MEMBER = ErrorCodeRegistration("PARTY_NOT_A_MEMBER", "委员会职务须由本组织的正式党员担任")
ORGANISATION_NOT_ACTIVE = ErrorCodeRegistration("PARTY_ORGANISATION_NOT_ACTIVE", "党组织已撤销，或尚未成立")
POST_TAKEN = ErrorCodeRegistration("PARTY_POST_TAKEN", "该职务已有人在任，须先免去")
LETTER_TO_OWN_ORGANISATION = ErrorCodeRegistration(
    "PARTY_LETTER_TO_OWN_ORGANISATION", "介绍信不能开往党员现在所在的党组织"
)
LETTER_EXPIRED = ErrorCodeRegistration("PARTY_LETTER_EXPIRED", "介绍信已超过有效期，须重新开具")
MEETING_IN_FUTURE = ErrorCodeRegistration("PARTY_MEETING_IN_FUTURE", "会议日期在今天之后，不能登记为已召开")
NOT_BRANCH_SECRETARY = ErrorCodeRegistration(
    "PARTY_NOT_BRANCH_SECRETARY", "军休干部只能管理本人担任书记或委员的党支部的会议"
)

ERROR_CODES = (
    INVALID_SUPERIOR,
    TOO_FEW_FOR_BRANCH,
    TOO_FEW_FOR_COMMITTEE,
    TOO_FEW_FOR_GENERAL_BRANCH,
    NOT_A_BRANCH,
    GROUP_NOT_IN_BRANCH,
    ALREADY_IN_BRANCH,
    NOT_A_MEMBER,
    ORGANISATION_NOT_ACTIVE,
    POST_TAKEN,
    LETTER_TO_OWN_ORGANISATION,
    LETTER_EXPIRED,
    MEETING_IN_FUTURE,
    NOT_BRANCH_SECRETARY,
)
