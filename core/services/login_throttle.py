"""Login throttling, kept in the database so that every process of an instance sees one count.

Each login attempt counts twice: for the pair (username, client address), which a few failures
pause for a short while, and for the username across all addresses, which locks the account
only at a much higher count, so that nobody can lock ``admin`` out with five requests. A name
without an account counts exactly like one with an account: the answers never tell them apart.
Attempts are counted in SQL (``attempts = attempts + 1 WHERE attempts < limit``) before the
password is verified, so concurrent attempts can neither be lost nor slip past a limit; a
successful login clears the counts.
"""

import datetime as dt
from dataclasses import dataclass

from tortoise.expressions import F, Q

from core.errors import ErrorCode, ServiceError
from core.host import active_settings
from core.models import LoginThrottle, UserAccount

#: the ``client_address`` of a username's row that counts attempts from every address
ALL_ADDRESSES = "*"


@dataclass(frozen=True)
class _Level:
    """One throttle: the row it counts in, how many attempts it lets through and for how long it locks."""

    address: str
    limit: int
    window: dt.timedelta
    refusal: ServiceError


def _levels(client_address: str) -> tuple[_Level, _Level]:
    settings = active_settings()
    per_address = _Level(
        client_address[:64],
        settings.max_failed_logins_per_address,
        dt.timedelta(minutes=settings.address_lockout_minutes),
        ServiceError(
            ErrorCode.LOGIN_THROTTLED,
            f"从当前地址登录失败次数过多，请 {settings.address_lockout_minutes} 分钟后再试",
        ),
    )
    account = _Level(
        ALL_ADDRESSES,
        settings.max_failed_logins,
        dt.timedelta(minutes=settings.lockout_minutes),
        ServiceError(ErrorCode.ACCOUNT_LOCKED, f"连续登录失败次数过多，请 {settings.lockout_minutes} 分钟后再试"),
    )
    return per_address, account


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def refusal(username: str, client_address: str) -> ServiceError | None:
    """Why a login for ``username`` from ``client_address`` is refused now, if it is locked."""
    levels = _levels(client_address)
    locked = await LoginThrottle.filter(
        username=username, client_address__in=[level.address for level in levels], locked_until__gt=_now()
    ).values_list("client_address", flat=True)
    # the account-wide lock is the one to report when both hold
    return next((level.refusal for level in reversed(levels) if level.address in locked), None)


async def admit(username: str, client_address: str) -> ServiceError | None:
    """Count an attempt before its password is verified, so that concurrent attempts cannot
    all slip under a limit: at each level in turn, an attempt past the limit is refused (and
    locks the level; later levels do not count it). A count starts over once its lock has
    passed or its last attempt is older than the lock's length."""
    moment = _now()
    for level in _levels(client_address):
        row, _ = await LoginThrottle.get_or_create(username=username, client_address=level.address)
        await (
            LoginThrottle.filter(id=row.id)
            .filter(Q(locked_until__lte=moment) | Q(last_attempt_at__lt=moment - level.window))
            .update(attempts=0, locked_until=None)
        )
        # one statement counts and checks the limit: it updates no row once the limit is reached
        counted = await LoginThrottle.filter(id=row.id, attempts__lt=level.limit).update(
            attempts=F("attempts") + 1, last_attempt_at=moment
        )
        if not counted:
            await _lock(username, level, moment)
            return level.refusal
    return None


async def failed(username: str, client_address: str) -> None:
    """After a wrong password: lock the levels whose count has reached its limit, and forget
    the rows that no longer count (names sprayed by an attacker would otherwise pile up)."""
    moment = _now()
    levels = _levels(client_address)
    await LoginThrottle.filter(
        Q(locked_until=None) | Q(locked_until__lte=moment),
        last_attempt_at__lt=moment - max(level.window for level in levels),
    ).delete()
    for level in levels:
        row = await LoginThrottle.get_or_none(username=username, client_address=level.address)
        if row is None:  # unlocked by an administrator meanwhile
            continue
        if row.attempts >= level.limit:
            await _lock(username, level, moment)
        elif level.address == ALL_ADDRESSES:
            await UserAccount.filter(username=username).update(failed_logins=row.attempts)


async def _lock(username: str, level: _Level, moment: dt.datetime) -> None:
    # only the first of concurrent attempts to reach the limit sets the lock
    await LoginThrottle.filter(username=username, client_address=level.address, locked_until=None).update(
        locked_until=moment + level.window
    )
    if level.address == ALL_ADDRESSES:
        # shown to administrators on the account (an unknown name touches no row)
        row = await LoginThrottle.get_or_none(username=username, client_address=level.address)
        if row is not None:
            await UserAccount.filter(username=username).update(
                failed_logins=row.attempts, locked_until=row.locked_until
            )


async def clear(username: str, client_address: str) -> None:
    """A successful login: its address and the account start counting afresh."""
    await LoginThrottle.filter(
        username=username, client_address__in=[level.address for level in _levels(client_address)]
    ).update(attempts=0, locked_until=None)


async def unlock(username: str) -> None:
    """Lift every lock of ``username``, from every address, and its account's lock."""
    await LoginThrottle.filter(username=username).delete()
    await UserAccount.filter(username=username).update(failed_logins=0, locked_until=None)
