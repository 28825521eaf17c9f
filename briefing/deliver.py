"""Email delivery of the latest brief.

One message, sent to each recipient in turn: subject "<title> — <date>", a plain-text body (brief.md)
with the HTML brief as its alternative, brief.pdf attached (and brief.json when
``[email] attach_json``). SMTP with STARTTLS (verified against the system's CAs, plus
``ca_file``), implicit TLS, or none; the password comes from an environment variable or
a file, never from the command line.

The message is made in ``briefing.mail`` and the mail server reached in ``briefing.smtp``;
this module decides whom to send to and remembers who has it. A marker per brief and
recipient (OUT/.briefing/sent/<brief digest>.json) is written after each accepted message,
so a retry after a failure mails only those still waiting. ``dry_run`` writes the message as a ``.eml`` file instead of sending it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import smtplib
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from briefing import archive
from briefing.config import EmailSettings, Settings
from briefing.errors import ConfigError, DeliveryError
from briefing.mail import brief_location, brief_meta, build_message, megabytes, readdress
from briefing.smtp import connect, password, retry_hint, smtp_reply

__all__ = [
    "Delivery",
    "brief_digest",
    "recipients",
    "send",
    "send_latest",
]

log = logging.getLogger(__name__)


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


def brief_digest(folder: Path) -> str:
    """Identity of a brief: a digest of its files (a rebuilt identical brief is the same brief)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("brief.*")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


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
    smtp = connect(cfg, secret)
    try:
        for address in pending:
            readdress(message, sender, [address])
            try:
                smtp.send_message(message, from_addr=parseaddr(sender)[1], to_addrs=[parseaddr(address)[1]])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                reason = smtp_reply(exc)
                if isinstance(exc, smtplib.SMTPRecipientsRefused):
                    code, text = next(iter(exc.recipients.values()))
                    reason = f"{code} {text.decode('utf-8', 'replace')}"
                log.error("%s refused: %s", address, reason)
                failed.append(f"{address} ({reason})")
                continue
            except (smtplib.SMTPException, OSError) as exc:
                raise DeliveryError(
                    f"mail server dropped the connection while sending to {address}: {smtp_reply(exc)}",
                    retry_hint(cfg),
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
        result.where = brief_location(out, settings, brief_meta(folder, settings)[1])
        log.warning(
            "%s not attached: the message would exceed email.max_message_bytes (%s); "
            "the message says the brief is at %s",
            " and ".join(result.left_out),
            megabytes(settings.email.max_message_bytes),
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
