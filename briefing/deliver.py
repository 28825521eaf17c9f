"""Email delivery of the latest brief.

One message, sent to each recipient in turn: subject "<title> — <date>", a plain-text body (brief.md)
with the HTML brief as its alternative, brief.pdf attached (and brief.json when
``[email] attach_json``). SMTP with STARTTLS (verified against the system's CAs, plus
``ca_file``), implicit TLS, or none; the password comes from an environment variable or
a file, never from the command line.

A marker per brief and recipient (OUT/.briefing/sent/<brief digest>.json) is written
after each accepted message, so a retry after a failure mails only those still
waiting. ``dry_run`` writes the message as a ``.eml`` file instead of sending it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.policy
import hashlib
import json
import logging
import mimetypes
import os
import smtplib
import ssl
import stat
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from briefing import archive
from briefing.config import EmailSettings, Settings
from briefing.errors import ConfigError, DeliveryError
from briefing.formats import registry

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


@dataclass
class Delivery:
    folder: Path  # the brief that was mailed
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)  # delivered by an earlier run: not resent
    eml: Path | None = None  # --dry-run: the message written instead
    left_out: list[str] = field(default_factory=list)  # files not attached: the message would be too large
    where: str = ""  # where the message says they are


def _address(value: str, what: str) -> str:
    _name, addr = parseaddr(value)
    if not addr or "@" not in addr or any(c in value for c in "\r\n"):
        raise ConfigError(f"{what} {value!r} is not an email address", "use name@example.org")
    return value.strip()


def recipients(settings: EmailSettings, to: list[str] | None) -> list[str]:
    chosen = to or settings.to
    if not chosen:
        raise ConfigError("no recipients", "give --to ADDRESS or set [email] to in the config file")
    return [_address(a, "recipient") for a in dict.fromkeys(chosen)]


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


# ---- the message -------------------------------------------------------------------


def _brief_meta(folder: Path, settings: Settings) -> tuple[str, str]:
    try:
        data: dict[str, Any] = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
        return str(data.get("title") or settings.brief.title), str(data.get("today") or "")
    except (OSError, ValueError):
        return settings.brief.title, settings.today().isoformat()


def brief_digest(folder: Path) -> str:
    """Identity of a brief: a digest of its files (a rebuilt identical brief is the same brief)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("brief.*")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def brief_location(out: Path, settings: Settings, day: str) -> str:
    """Where readers find the brief's files: ``email.brief_url`` ({date} filled in), else
    its published folder (OUT/YYYY-MM-DD with --archive, else OUT)."""
    url = settings.email.brief_url.strip()
    if url:
        return url.replace("{date}", day)
    dated = out / day if day else None
    return str((dated if dated is not None and dated.is_dir() else out).absolute())


def message_size(message: EmailMessage) -> int:
    """The message's size as sent over SMTP (CRLF line ends, attachments in base64)."""
    return len(message.as_bytes(policy=email.policy.SMTP))


def build_message(
    folder: Path,
    settings: Settings,
    sender: str,
    to: list[str],
    left_out: list[str] | None = None,
    out: Path | None = None,
) -> EmailMessage:
    """The message for one brief folder: text + HTML alternative, PDF (and JSON) attached.

    Over ``email.max_message_bytes`` the attachments are left out (named in ``left_out``)
    and both bodies open with a line saying where the brief's files are (``brief_location``
    of ``out``, default ``folder``), so the message arrives instead of bouncing."""
    message = _message(folder, settings, sender, to, attach=True)
    limit = settings.email.max_message_bytes
    size = message_size(message)
    if size <= limit:
        return message
    files = _attachments(folder, settings)
    shown = [f"{p.name} ({_megabytes(p.stat().st_size)})" for p in files]
    _title, day = _brief_meta(folder, settings)
    where = brief_location(out or folder, settings, day)
    note = (
        f"{' and '.join(shown) or 'The attachments'} not attached: with them this message "
        f"({_megabytes(size)}) would exceed the {_megabytes(limit)} limit for email. "
        "The brief's files are at"
    )
    if left_out is not None:
        left_out.extend(p.name for p in files)
    smaller = _message(folder, settings, sender, to, attach=False, note=(note, where))
    if message_size(smaller) > limit:
        log.warning("the brief is over the email size limit even without attachments: sending it anyway")
    return smaller


def _message(
    folder: Path,
    settings: Settings,
    sender: str,
    to: list[str],
    attach: bool,
    note: tuple[str, str] | None = None,
) -> EmailMessage:
    title, day = _brief_meta(folder, settings)
    html_path, text_path = _body(folder, "html-body"), _body(folder, "text-body")
    if html_path is None and text_path is None:
        bodies = [
            f"brief.{name}" for name, fmt in registry().items() if fmt.mail in ("html-body", "text-body")
        ]
        raise ConfigError(
            f"the brief in {folder} has neither {' nor '.join(bodies)} to mail",
            "build with --format html,pdf,json,md",
        )
    msg = EmailMessage()
    msg["Subject"] = f"{title} — {day}" if day else title
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = _message_id(sender)
    if text_path is not None:
        text = text_path.read_text(encoding="utf-8")
    else:
        text = f"{title} — {day}\n\nThe brief is in this message as HTML and attached as PDF.\n"
    if note:
        text = f"{note[0]} {note[1]}\n\n{text}"
    msg.set_content(text, subtype="plain", cte="quoted-printable")
    if html_path is not None:
        html = html_path.read_text(encoding="utf-8")
        if note:
            html = _with_note(html, *note)
        msg.add_alternative(html, subtype="html", cte="quoted-printable")
    stem = f"brief-{day}" if day else "brief"
    if not attach:
        return msg
    for name, fmt in registry().items():
        if fmt.mail == "attachment" and not (folder / f"brief.{name}").is_file():
            log.warning("no brief.%s in %s: mailing without the %s", name, folder, name.upper())
    for path in _attachments(folder, settings):
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, _, subtype = kind.partition("/")
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=f"{stem}{path.suffix}"
        )
    return msg


def _body(folder: Path, kind: str) -> Path | None:
    """The brief's file of the format registered as the message's ``kind`` of body
    (``html-body``, ``text-body``), if the folder has it."""
    for name, fmt in registry().items():
        if fmt.mail == kind and (folder / f"brief.{name}").is_file():
            return folder / f"brief.{name}"
    return None


def _readdress(message: EmailMessage, sender: str, to: list[str]) -> None:
    """The same message for other recipients: its To header theirs, its Message-ID new."""
    message.replace_header("To", ", ".join(to))
    message.replace_header("Message-ID", _message_id(sender))


def _message_id(sender: str) -> str:
    return make_msgid("briefing", domain=parseaddr(sender)[1].rpartition("@")[2] or None)


def _attachments(folder: Path, settings: Settings) -> list[Path]:
    """The brief's files a message attaches, in write order: the formats registered as
    attachments (``briefing.formats``), brief.json too with ``email.attach_json``."""
    out = []
    for name, fmt in registry().items():
        wanted = fmt.mail == "attachment" or (
            fmt.mail == "optional-attachment" and settings.email.attach_json
        )
        path = folder / f"brief.{name}"
        if wanted and path.is_file():
            out.append(path)
    return out


def _with_note(html: str, note: str, where: str) -> str:
    """The HTML brief opening with ``note`` and ``where`` (a link if it is a URL)."""
    import html as markup
    import re

    place = markup.escape(where)
    if re.match(r"https?://", where):
        place = f'<a href="{markup.escape(where, quote=True)}">{place}</a>'
    paragraph = (
        f'<p class="mail-note" style="border:1px solid #999;padding:.5em">{markup.escape(note)} {place}</p>'
    )
    match = re.search(r"<body[^>]*>", html, re.I)
    return html[: match.end()] + paragraph + html[match.end() :] if match else paragraph + html


# ---- markers -----------------------------------------------------------------------


def _marker(out: Path, digest: str) -> Path:
    return archive.state_dir(out) / "sent" / f"{digest[:32]}.json"


def _delivered(marker: Path) -> dict[str, str]:
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    recipients = data.get("recipients") if isinstance(data, dict) else None
    return dict(recipients) if isinstance(recipients, dict) else {}


def _record(marker: Path, folder: Path, delivered: dict[str, str]) -> None:
    payload = {"brief": str(folder), "recipients": delivered}
    archive.write_file(marker, json.dumps(payload, indent=2).encode("utf-8"))


# ---- SMTP --------------------------------------------------------------------------


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


def _connect(settings: EmailSettings, secret: str | None) -> smtplib.SMTP:
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
                f"{where} refused the login of {settings.username!r}: {_reply(exc)}",
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
                f"cannot talk to the mail server {where}: {_reply(exc)}", _fix(settings)
            ) from exc
        raise


def _reply(exc: BaseException) -> str:
    code, text = getattr(exc, "smtp_code", None), getattr(exc, "smtp_error", None)
    if code is not None:
        detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{code} {detail}"
    return str(exc) or type(exc).__name__


def _fix(settings: EmailSettings) -> str:
    return "check email.host, port and security; the messages not sent will be sent on the next run"


def send_latest(
    out: Path,
    settings: Settings,
    to: list[str] | None = None,
    dry_run: bool = False,
    eml: Path | None = None,
) -> Delivery:
    """Mail OUT's latest brief to each recipient who has not received it yet (caller holds the lock)."""
    folder = archive.latest_dir(out)
    if folder is None:
        raise ConfigError(f"no brief in {out} to send", "run 'briefing build ... --out DIR' first")
    cfg = settings.email
    if not cfg.sender:
        raise ConfigError("no sender address", "set [email] from in the config file, or --from")
    sender = _address(cfg.sender, "sender")
    wanted = recipients(cfg, to)
    marker = _marker(out, brief_digest(folder))
    delivered = _delivered(marker)
    result = Delivery(folder, already_sent=[a for a in wanted if a in delivered])
    pending = [a for a in wanted if a not in delivered]
    for address in result.already_sent:
        log.info("%s already received this brief: not resent", address)
    if dry_run:
        target = eml or out / "brief.eml"
        message = build_message(folder, settings, sender, pending or wanted, result.left_out, out)
        _report_left_out(result, out, folder, settings)
        archive.write_file(target, bytes(message))
        log.info("wrote %s (not sent)", target)
        result.eml = target
        return result
    if not pending:
        return result
    # One message, addressed to each in turn; its size is checked with the longest address.
    message = build_message(folder, settings, sender, [max(pending, key=len)], result.left_out, out)
    _report_left_out(result, out, folder, settings)
    secret = password(cfg)
    failed: list[str] = []
    smtp = _connect(cfg, secret)
    try:
        for address in pending:
            _readdress(message, sender, [address])
            try:
                smtp.send_message(message, from_addr=parseaddr(sender)[1], to_addrs=[parseaddr(address)[1]])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                reason = _reply(exc)
                if isinstance(exc, smtplib.SMTPRecipientsRefused):
                    code, text = next(iter(exc.recipients.values()))
                    reason = f"{code} {text.decode('utf-8', 'replace')}"
                log.error("%s refused: %s", address, reason)
                failed.append(f"{address} ({reason})")
                continue
            except (smtplib.SMTPException, OSError) as exc:
                raise DeliveryError(
                    f"mail server dropped the connection while sending to {address}: {_reply(exc)}",
                    _fix(cfg),
                ) from exc
            delivered[address] = dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds")
            _record(marker, folder, delivered)
            result.sent.append(address)
            log.info("sent the brief to %s", address)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    if failed:
        raise DeliveryError(
            f"{len(failed)} of {len(pending)} recipient(s) refused: {'; '.join(failed)}",
            "fix the addresses; the others received it and will not get it twice",
        )
    return result


def _report_left_out(result: Delivery, out: Path, folder: Path, settings: Settings) -> None:
    if result.left_out:
        result.where = brief_location(out, settings, _brief_meta(folder, settings)[1])
        log.warning(
            "%s not attached: the message would exceed email.max_message_bytes (%s); "
            "the message says the brief is at %s",
            " and ".join(result.left_out),
            _megabytes(settings.email.max_message_bytes),
            result.where,
        )


def send(
    out: Path,
    settings: Settings,
    to: list[str] | None = None,
    dry_run: bool = False,
    eml: Path | None = None,
) -> Delivery:
    """``briefing send``: under OUT's lock, mail its latest brief."""
    with archive.output_lock(out, settings.archive.lock_timeout):
        return send_latest(out, settings, to, dry_run, eml)
