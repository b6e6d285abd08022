"""Counting the SQL statements a request sends, for query-count assertions."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class SQLCounter(logging.Handler):
    """Counts the SQL statements tortoise sends (it logs each at DEBUG); ``statements`` lists them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().lstrip().upper()
        if text.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append(record.getMessage())


@contextmanager
def counting_sql() -> Iterator[SQLCounter]:
    """A counter of the statements sent inside the ``with`` block."""
    logger = logging.getLogger("tortoise.db_client")
    counter = SQLCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)
