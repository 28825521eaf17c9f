"""User errors: problems the user can fix, reported as one line with the fix.

Bugs are not caught: they keep their traceback. The CLI maps each class to a
documented exit code (see README, "Exit codes").
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NO_ARTICLES = 1
EXIT_USAGE = 2
EXIT_STRICT = 3
EXIT_LOCKED = 4
EXIT_STORE = 5
EXIT_DELIVERY = 6


class UserError(Exception):
    """An error the user can fix; ``fix`` says how."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message


class ConfigError(UserError):
    """Bad configuration file, option value or taxonomy."""


class ModelError(UserError):
    """The spaCy model cannot be loaded."""


class RenderError(UserError):
    """A renderer dependency (Pango, fonts) is missing."""


class NoArticlesError(UserError):
    """Every input was skipped: nothing to brief."""

    exit_code = EXIT_NO_ARTICLES


class StrictError(UserError):
    """``--strict`` and some input was skipped."""

    exit_code = EXIT_STRICT


class LockedError(UserError):
    """Another build holds the output folder's lock past the wait limit."""

    exit_code = EXIT_LOCKED


class StoreError(UserError):
    """The store file is damaged or not a briefing store."""

    exit_code = EXIT_STORE


class DeliveryError(UserError):
    """The brief could not be mailed (server, TLS, authentication, recipients)."""

    exit_code = EXIT_DELIVERY
