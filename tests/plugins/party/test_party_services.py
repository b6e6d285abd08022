"""Rules of the party services that need no database: 党龄 in whole years from 转正 and the
end of a term that starts on 29 February."""

import datetime as dt

from plugins.party.services import standing_years
from plugins.party.services.common import years_later


def test_standing_counts_whole_years_from_confirmation():
    confirmed = dt.date(1976, 7, 1)
    assert standing_years(confirmed, dt.date(2026, 6, 30)) == 49
    assert standing_years(confirmed, dt.date(2026, 7, 1)) == 50
    assert standing_years(None, dt.date(2026, 7, 1)) is None


def test_a_term_from_a_leap_day_ends_on_the_twenty_eighth():
    assert years_later(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
    assert years_later(dt.date(2024, 3, 1), 5) == dt.date(2029, 3, 1)
