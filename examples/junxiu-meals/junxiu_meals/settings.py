"""Settings of the meal service: ``[plugin_settings.meals]`` in junxiu.toml."""

from decimal import Decimal

from pydantic import BaseModel, Field


class MealsSettings(BaseModel):
    """Validated once at start-up; services read them per request through ``plugin_settings``."""

    model_config = {"extra": "forbid"}

    daily_capacity: int = Field(120, ge=1, description="每日每餐次可订份数（全实例合计）")
    default_price: Decimal = Field(Decimal("12.00"), ge=0, max_digits=8, decimal_places=2, description="每份价格（元）")
