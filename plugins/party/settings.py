"""The plugin's settings, ``[plugin_settings.party]`` in junxiu.toml."""

from pydantic import BaseModel, Field

from core.api import ApprovalLevel, plugin_settings

#: how many months each meeting kind's period lasts (《支部工作条例》: 支委会、党小组会 monthly,
#: 党员大会 and 党课 quarterly, 主题党日 monthly, 组织生活会 and 民主评议 yearly)
DEFAULT_CADENCES = {
    "BRANCH_COMMITTEE": 1,
    "GROUP": 1,
    "BRANCH_CONGRESS": 3,
    "PARTY_LECTURE": 3,
    "THEMED_DAY": 1,
    "ORGANIZATIONAL_LIFE": 12,
    "MEMBER_REVIEW": 12,
}


class PartySettings(BaseModel):
    """``[plugin_settings.party]`` in junxiu.toml; the defaults follow 《中国共产党支部工作条例（试行）》."""

    model_config = {"extra": "forbid"}

    branch_min_formal_members: int = Field(3, ge=1, le=50, description="成立党支部所需的正式党员人数下限")
    branch_committee_min_formal_members: int = Field(
        7, ge=1, le=100, description="设立支部委员会所需的正式党员人数下限（不足时只设书记、副书记）"
    )
    general_branch_min_members: int = Field(
        51, ge=1, le=1000, description="成立党总支所需的党员人数下限（默认党员超过 50 人）"
    )
    branch_term_years: int = Field(3, ge=1, le=10, description="党支部委员会（书记、副书记）每届任期（年）")
    committee_term_years: int = Field(5, ge=1, le=10, description="党委、党总支委员会每届任期（年）")
    letter_valid_days: int = Field(90, ge=7, le=365, description="组织关系介绍信的有效期（天，通常 3 个月）")
    letter_notice_days: int = Field(14, ge=0, le=90, description="介绍信到期前多少天起列入待办")
    meeting_cadences: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_CADENCES),
        description="各类组织生活的周期（月数：1 每月、3 每季度、12 每年；0 不考核），键为会议类型",
    )
    meeting_review_levels: list[ApprovalLevel] = Field(
        default_factory=lambda: [ApprovalLevel.AGENCY],
        description="会议记录沿机构树审核的层级（所属机构之上最近的部门总是最后审核）",
    )
    outflow_report_months: int = Field(3, ge=1, le=12, description="流出党员向党支部报告的周期（月）")
    renewal_notice_days: int = Field(90, ge=0, le=365, description="任期届满前多少天起列入换届待办")


def current_settings() -> PartySettings:
    """The settings of the running instance, read when a service needs them."""
    return plugin_settings("party", PartySettings)
