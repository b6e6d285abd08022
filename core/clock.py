"""The platform's notion of "today": dates belong to the instance's time zone (China
Standard Time by default), not to whatever zone the server happens to run in."""

import datetime as dt
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Asia/Shanghai")


def today() -> dt.date:
    return dt.datetime.now(TIME_ZONE).date()
