"""The mail server: the password from the environment or a file (never the command line),
and a connection with STARTTLS (verified against the system's CAs, plus ``ca_file``),
implicit TLS or none, its failures one-line delivery errors."""

from __future__ import annotations

import contextlib
import logging
import os
import smtplib
import ssl
import stat

from briefing.config import EmailSettings
from briefing.errors import ConfigError, DeliveryError

log = logging.getLogger("briefing.deliver")

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


def password(settings: EmailSettings) -> str | None:
    """The SMTP password from the environment or a file (never the command line)."""
    if not settings.username:
        return None
    if settings.password_env:
        value = os.environ.get(settings.password_env)
        if not value:
            raise ConfigError(
                f"environment variable {settings.password_env} (email.password_env) is not set",
                "export it in the job's environment",
            )
        return value
    if settings.password_file is not None:
        try:
            mode = settings.password_file.stat().st_mode
            value = settings.password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"cannot read email.password_file {settings.password_file}: {exc.strerror}",
                "check the path and its permissions",
            ) from exc
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("password file %s is readable by others: chmod 600 it", settings.password_file)
        return value
    raise ConfigError(
        f"email.username {settings.username!r} is set but no password source",
        "set [email] password_env or password_file",
    )


def _tls_context(settings: EmailSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(settings.ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                f"cannot load email.ca_file {settings.ca_file}: {exc}", "give a PEM file"
            ) from exc
    return context


def connect(settings: EmailSettings, secret: str | None) -> smtplib.SMTP:
    """A logged-in connection to the mail server; a failure is one ``DeliveryError``."""
    port = settings.port or DEFAULT_PORTS[settings.security]
    where = f"{settings.host}:{port}"
    smtp: smtplib.SMTP | None = None
    try:
        if settings.security == "tls":
            smtp = smtplib.SMTP_SSL(
                settings.host, port, timeout=settings.timeout, context=_tls_context(settings)
            )
        else:
            smtp = smtplib.SMTP(settings.host, port, timeout=settings.timeout)
            if settings.security == "starttls":
                smtp.starttls(context=_tls_context(settings))
        if settings.username:
            smtp.login(settings.username, secret or "")
        return smtp
    except BaseException as exc:
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            raise DeliveryError(
                f"{where} refused the login of {settings.username!r}: {smtp_reply(exc)}",
                "check email.username and the password",
            ) from exc
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            raise DeliveryError(
                f"{where} does not offer {'STARTTLS' if settings.security == 'starttls' else 'AUTH'}",
                "set email.security (starttls, tls, none) to what the server supports",
            ) from exc
        if isinstance(exc, ssl.SSLCertVerificationError):
            raise DeliveryError(
                f"TLS certificate of {where} not trusted: {exc.verify_message}",
                "fix the server's certificate or set email.ca_file",
            ) from exc
        if isinstance(exc, (smtplib.SMTPException, OSError)):
            raise DeliveryError(
                f"cannot talk to the mail server {where}: {smtp_reply(exc)}", retry_hint(settings)
            ) from exc
        raise


def smtp_reply(exc: BaseException) -> str:
    """What the server answered (code and text), else the error."""
    code, text = getattr(exc, "smtp_code", None), getattr(exc, "smtp_error", None)
    if code is not None:
        detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {detail}"
    return str(exc) or type(exc).__name__


def retry_hint(settings: EmailSettings) -> str:
    """How to fix a failed connection (the HOW TO FIX of its error line)."""
    return "check email.host, port and security; the messages not sent will be sent on the next run"
