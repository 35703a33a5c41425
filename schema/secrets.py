"""Secrets (API keys, passwords) are never printed, logged, stored or reported.

Whoever reads a secret registers it here; `redact` removes every registered secret from a text, and
`RedactingFilter` does the same for every log record. Servers sometimes echo a key back in an error
message ("Incorrect API key provided: sk-..."), so any text that came from outside is redacted before
it is shown or stored.
"""

from __future__ import annotations

import logging
import threading

MASK = "***"
_lock = threading.Lock()
_secrets: set[str] = set()


def remember(secret: str | None) -> None:
    """Register a secret to be masked everywhere (short placeholders such as 'x' are ignored)."""
    if secret and len(secret) >= 6:
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def safe_uri(uri: str) -> str:
    """A URI fit to show: credentials in it (`bolt://user:password@host`) are registered and masked."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(uri)
    except ValueError:
        return redact(uri)
    if parts.password:
        remember(parts.password)
    if "@" not in parts.netloc:
        return redact(uri)
    host = parts.netloc.rsplit("@", 1)[1]
    return redact(urlunsplit((parts.scheme, f"{MASK}@{host}", parts.path, parts.query, parts.fragment)))


class RedactingFilter(logging.Filter):
    """Masks registered secrets in a log record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = record.getMessage()
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
            if record.exc_info:  # a traceback can quote a secret too: format it now, redacted
                record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
                record.exc_info = None
        return True
