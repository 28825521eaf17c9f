"""The message that mails a brief: subject "<title> — <date>", a plain-text body (brief.md)
with the HTML brief as its alternative, brief.pdf attached (and brief.json when ``[email]
attach_json``); over ``email.max_message_bytes`` the attachments are left out and both bodies
say where the brief's files are."""

from __future__ import annotations

import email.policy
import json
import logging
import mimetypes
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from briefing.config import Settings
from briefing.errors import ConfigError
from briefing.formats import registry

log = logging.getLogger("briefing.deliver")


def brief_meta(folder: Path, settings: Settings) -> tuple[str, str]:
    """The brief's title and date (its brief.json's, else the settings')."""
    try:
        data: dict[str, Any] = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
        return str(data.get("title") or settings.brief.title), str(data.get("today") or "")
    except (OSError, ValueError):
        return settings.brief.title, settings.today().isoformat()


def megabytes(size: int) -> str:
    """A size as read: "1.5 MB", "80 kB"."""
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
    shown = [f"{p.name} ({megabytes(p.stat().st_size)})" for p in files]
    _title, day = brief_meta(folder, settings)
    where = brief_location(out or folder, settings, day)
    note = (
        f"{' and '.join(shown) or 'The attachments'} not attached: with them this message "
        f"({megabytes(size)}) would exceed the {megabytes(limit)} limit for email. "
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
    title, day = brief_meta(folder, settings)
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


def readdress(message: EmailMessage, sender: str, to: list[str]) -> None:
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
