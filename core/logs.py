"""Logging of an instance: level and format (text or JSON lines) from settings, one
configuration for the application's loggers and uvicorn's, and in every line the request id,
the principal id and (for an unexpected error) the error id.

The fields come from context variables the HTTP layer sets for each request
(core/tracking.py), added to each record by ``RequestFields``, so a line logged anywhere
while a request is served carries them. Lines never carry personal data: the application logs
identifiers (request, principal, error), never request variables, query text or field values.
"""

import contextvars
import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

#: the id of the request being served ("-" outside a request)
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
#: the account id of the request's principal ("-" when anonymous or outside a request)
principal_id: contextvars.ContextVar[str] = contextvars.ContextVar("principal_id", default="-")

#: the fields ``RequestFields`` adds; ``error_id`` is passed by the caller as ``extra``
FIELDS = ("request_id", "principal_id", "error_id")
TEXT_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s [request=%(request_id)s principal=%(principal_id)s "
    "error=%(error_id)s] %(message)s"
)


class RequestFields(logging.Filter):
    """Adds the request id, principal id and error id ("-" when absent) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.principal_id = principal_id.get()
        if not hasattr(record, "error_id"):
            record.error_id = "-"
        return True


class JSONLines(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the request
    fields and, for an exception, its traceback as text."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({name: getattr(record, name, "-") for name in FIELDS})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def logging_config(level: str, format: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dictionary: one stderr handler with the request fields,
    used by the application's loggers, strawberry's, tortoise's and uvicorn's. Uvicorn's access
    log is silenced: its lines carry the query string; ``junxiu.access`` writes one without."""
    # classes by import path: uvicorn hands this dictionary to each worker process
    formatter: dict[str, Any] = {"()": "core.logs.JSONLines"} if format == "json" else {"format": TEXT_FORMAT}
    handler = {"class": "logging.StreamHandler", "formatter": "junxiu", "filters": ["request_fields"],
               "stream": "ext://sys.stderr"}
    # tortoise logs each SQL statement with its parameters at DEBUG: never below INFO
    tortoise_level = logging.getLevelName(max(logging.getLevelName(level), logging.INFO))
    levels = {"junxiu": level, "strawberry": level, "uvicorn": level, "tortoise": tortoise_level,
              "uvicorn.access": "WARNING"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_fields": {"()": "core.logs.RequestFields"}},
        "formatters": {"junxiu": formatter},
        "handlers": {"junxiu": handler},
        # the root logger is left alone (a host process, or pytest, may have its own handlers)
        "loggers": {
            name: {"handlers": [] if "." in name else ["junxiu"], "level": logger_level, "propagate": True}
            for name, logger_level in levels.items()
        },
    }


def configure_logging(settings: Any) -> dict[str, Any]:
    """Applies the logging settings to this process and returns the configuration (for uvicorn)."""
    config = logging_config(settings.log_level, settings.log_format)
    logging.config.dictConfig(config)
    return config
