"""Validators shared by services: ID numbers, lengths, ranges and date order."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tortoise.models import Model

from core import clock
from core.errors import ErrorCode, ServiceError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def id_number_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str, field: str = "idNumber") -> str:
    """Return the canonical 18-character citizen ID number or raise INVALID_ID_NUMBER."""
    number = value.strip().upper()
    invalid = ServiceError(ErrorCode.INVALID_ID_NUMBER, "身份证号不符合 GB 11643", field)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise invalid
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise invalid from None
    if birth.year < 1900 or birth > clock.today():
        raise invalid
    if id_number_check_char(number[:17]) != number[17]:
        raise invalid
    return number


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


#: control characters have no place in names, numbers or addresses; multi-line text fields
#: (those without a length limit) may keep tabs and line breaks
_CONTROL = {chr(code) for code in range(32)} | {chr(127)}
_LINE_BREAKS = {"\t", "\n", "\r"}


def check_lengths(model: type[Model], values: Mapping[str, Any], prefix: str = "") -> None:
    """Refuse strings longer than the column that will hold them (TOO_LONG) and strings with
    control characters (INVALID_VALUE)."""
    fields_map = model._meta.fields_map
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        limit = getattr(fields_map.get(name), "max_length", None)
        if limit is not None and len(value) > limit:
            raise ServiceError(ErrorCode.TOO_LONG, f"长度不能超过 {limit} 个字符", prefix + camel(name))
        forbidden = _CONTROL if limit is not None else _CONTROL - _LINE_BREAKS
        if any(char in forbidden for char in value):
            raise ServiceError(ErrorCode.INVALID_VALUE, "不能包含控制字符", prefix + camel(name))


def check_date_order(earlier: dt.date | None, later: dt.date | None, field: str, message: str) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise ServiceError(ErrorCode.DATE_ORDER, message, field)


def check_not_future(value: dt.date | None, field: str) -> None:
    if value is not None and value > clock.today():
        raise ServiceError(ErrorCode.DATE_ORDER, "日期不能晚于今天", field)


def check_range(value: int | None, low: int, high: int, field: str) -> None:
    if value is not None and not low <= value <= high:
        raise ServiceError(ErrorCode.INVALID_VALUE, f"取值应在 {low} 到 {high} 之间", field)


def require_text(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError(ErrorCode.REQUIRED, "不能为空", field)
    return text
