"""The plugin's settings, ``[plugin_settings.party]`` in junxiu.toml."""

from pydantic import BaseModel, Field

from core.api import plugin_settings


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
    renewal_notice_days: int = Field(90, ge=0, le=365, description="任期届满前多少天起列入换届待办")


def current_settings() -> PartySettings:
    """The settings of the running instance, read when a service needs them."""
    return plugin_settings("party", PartySettings)
