"""The plugin's settings, ``[plugin_settings.university]`` in junxiu.toml."""

from pydantic import BaseModel, Field

from core.api import plugin_settings


class UniversitySettings(BaseModel):
    """``[plugin_settings.university]`` in junxiu.toml."""

    model_config = {"extra": "forbid"}

    max_classes_per_term: int = Field(3, ge=1, le=20, description="每名军休干部每学期最多报名（含候补）的班级数")
    completion_threshold: float = Field(
        0.8, ge=0, le=1, description="结业所需出勤率（到课与线上听课之和占已上课次的比例）"
    )


def current_settings() -> UniversitySettings:
    """The settings of the running instance, read when a service needs them (hooks read
    ``context.settings``)."""
    return plugin_settings("university", UniversitySettings)
