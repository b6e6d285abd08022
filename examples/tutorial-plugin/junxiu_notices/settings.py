"""Settings of notices: ``[plugin_settings.notices]`` in junxiu.toml."""

from pydantic import BaseModel, Field


class NoticesSettings(BaseModel):
    """Validated once at start-up; services read them per request through ``plugin_settings``."""

    model_config = {"extra": "forbid"}

    max_days_ahead: int = Field(365, ge=0, description="记录的日期最多可晚于今天多少天")
