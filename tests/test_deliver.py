"""Email delivery against a real SMTP server on loopback (aiosmtpd), plain and STARTTLS + AUTH."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import socket
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import load_settings
from briefing.deliver import send
from briefing.errors import EXIT_DELIVERY, DeliveryError
from briefing.pipeline import build
from tests.test_nightly import add_article

USER, PASSWORD = "briefer", "s3cret-pw"


class Inbox:
    def __init__(self, refuse: set[str] | None = None) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse = refuse or set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = (
        isinstance(data, LoginPassword) and data.login == USER.encode() and data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost made here (cryptography), and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def brief_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small brief in every format (one short article), built once."""
    root = tmp_path_factory.mktemp("mail")
    add_article(root / "in", "delta")
    settings = load_settings(
        overrides={
            "brief": {"title": "Border crisis", "today": "2022-02-08", "now": "2022-02-08T06:00:00+00:00"},
            "render": {"formats": ["html", "pdf", "json", "md"]},
        }
    )
    build([root / "in"], root / "out", settings)
    return root / "out"


@pytest.fixture()
def out(brief_out: Path, tmp_path: Path) -> Path:
    """A fresh copy of the brief folder (sent markers are per folder)."""
    import shutil

    target = tmp_path / "out"
    shutil.copytree(brief_out, target, symlinks=True)
    return target


@pytest.fixture()
def plain_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox(refuse={"nobody@example.org"})
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture()
def tls_server(tmp_path: Path) -> Iterator[tuple[Controller, Inbox, Path]]:
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
    )
    controller.start()
    yield controller, inbox, cert
    controller.stop()


def mail_settings(port: int, **email_keys: Any):  # type: ignore[no-untyped-def]
    keys = {"host": "127.0.0.1", "port": port, "security": "none", "from": "Briefing <brief@example.org>"}
    keys.update(email_keys)
    return load_settings(overrides={"email": keys, "archive": {"lock_timeout": 5}})


def test_the_brief_arrives_with_both_bodies_and_the_pdf(out: Path, plain_server: Any) -> None:
    controller, inbox = plain_server
    settings = mail_settings(controller.port, to=["a@example.org", "b@example.org"], attach_json=True)
    delivery = send(out, settings)
    assert delivery.sent == ["a@example.org", "b@example.org"]
    assert [rcpt for rcpt, _ in inbox.messages] == [["a@example.org"], ["b@example.org"]]
    message = inbox.messages[0][1]
    assert message["Subject"] == "Border crisis — 2022-02-08"
    assert message["From"] == "Briefing <brief@example.org>" and message["To"] == "a@example.org"
    assert message["Message-ID"] and message["Date"]
    second = inbox.messages[1][1]  # the same message, addressed to the second recipient
    assert second["To"] == "b@example.org" and second["Message-ID"] != message["Message-ID"]
    assert second.get_body(preferencelist=("html",)) is not None
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert "Border crisis" in plain.get_content() and "<html" in html.get_content().lower()
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert sorted(attachments) == ["brief-2022-02-08.json", "brief-2022-02-08.pdf"]
    pdf = attachments["brief-2022-02-08.pdf"]
    assert pdf.get_content_type() == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.get_content()))
    assert len(reader.pages) >= 1 and "Border crisis" in reader.pages[0].extract_text()


def test_a_retry_does_not_resend_what_was_delivered(out: Path, plain_server: Any) -> None:
    controller, inbox = plain_server
    settings = mail_settings(controller.port, to=["a@example.org", "nobody@example.org", "c@example.org"])
    with pytest.raises(DeliveryError, match=r"nobody@example\.org") as info:
        send(out, settings)
    assert info.value.exit_code == EXIT_DELIVERY
    assert sorted(r[0] for r, _ in inbox.messages) == ["a@example.org", "c@example.org"]
    inbox.messages.clear()
    fixed = mail_settings(controller.port, to=["a@example.org", "d@example.org", "c@example.org"])
    delivery = send(out, fixed)
    assert delivery.sent == ["d@example.org"]
    assert delivery.already_sent == ["a@example.org", "c@example.org"]
    assert [r for r, _ in inbox.messages] == [["d@example.org"]]


def test_starttls_with_a_verified_certificate_and_auth(
    out: Path, tls_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller, inbox, cert = tls_server
    monkeypatch.setenv("BRIEFING_TEST_SMTP_PASSWORD", PASSWORD)
    settings = mail_settings(
        controller.port,
        security="starttls",
        username=USER,
        password_env="BRIEFING_TEST_SMTP_PASSWORD",
        ca_file=str(cert),
        to=["a@example.org"],
    )
    assert send(out, settings).sent == ["a@example.org"]
    assert len(inbox.messages) == 1
    # The same server with the certificate not trusted, or a wrong password: a clear failure.
    untrusted = mail_settings(
        controller.port, security="starttls", username=USER, password_env="X", to=["b@example.org"]
    )
    with pytest.raises(DeliveryError, match="not trusted"):
        monkeypatch.setenv("X", PASSWORD)
        send(out, untrusted)
    password_file = tmp_path / "pw"
    password_file.write_text("wrong\n")
    password_file.chmod(0o600)
    wrong = mail_settings(
        controller.port,
        security="starttls",
        username=USER,
        password_file=str(password_file),
        ca_file=str(cert),
        to=["b@example.org"],
    )
    with pytest.raises(DeliveryError, match="refused the login"):
        send(out, wrong)
    assert len(inbox.messages) == 1


def test_cli_send_dry_run_and_failure(out: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    config = tmp_path / "mail.toml"
    port = free_port()  # nothing listens there
    config.write_text(
        f'[email]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nfrom = "brief@example.org"\n'
        'to = ["a@example.org"]\n'
    )
    eml = tmp_path / "brief.eml"
    result = runner.invoke(
        app, ["send", "--out", str(out), "--config", str(config), "--dry-run", "--eml", str(eml)]
    )
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["To"] == "a@example.org" and message.get_body(preferencelist=("html",)) is not None
    result = runner.invoke(app, ["send", "--out", str(out), "--config", str(config)])
    assert result.exit_code == EXIT_DELIVERY
    assert "cannot talk to the mail server" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(app, ["send", "--out", str(out), "--password", "x"])
    assert result.exit_code == 2  # no password option exists


def test_build_send_builds_then_mails(tmp_path: Path, plain_server: Any) -> None:
    controller, inbox = plain_server
    add_article(tmp_path / "in", "alpha")
    config = tmp_path / "nightly.toml"
    config.write_text(
        f'[email]\nhost = "127.0.0.1"\nport = {controller.port}\nsecurity = "none"\n'
        'from = "brief@example.org"\nto = ["a@example.org"]\n'
    )
    args = ["-q", "build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--archive", "--send"]
    args += ["-f", "html,json,md", "--config", str(config), "--today", "2022-02-08"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and [r for r, _ in inbox.messages] == [["a@example.org"]]
    assert CliRunner().invoke(app, args).exit_code == 0  # unchanged brief, already sent: no second mail
    assert len(inbox.messages) == 1


def test_a_brief_over_the_size_limit_arrives_without_the_pdf_saying_where_it_is(
    out: Path, plain_server: Any, tmp_path: Path
) -> None:
    from briefing.mail import build_message, message_size

    controller, inbox = plain_server
    from briefing.archive import latest_dir

    folder = latest_dir(out)
    assert folder is not None
    settings = mail_settings(controller.port, to=["a@example.org"])
    full = message_size(build_message(folder, settings, "brief@example.org", ["a@example.org"]))
    pdf_size = (folder / "brief.pdf").stat().st_size
    limit = full - pdf_size  # the PDF, in base64, no longer fits; the rest does
    url = "https://briefs.example.org/{date}/"
    config = tmp_path / "mail.toml"
    config.write_text(
        f'[email]\nhost = "127.0.0.1"\nport = {controller.port}\nsecurity = "none"\n'
        f'from = "brief@example.org"\nto = ["a@example.org"]\nmax_message_bytes = {limit}\n'
        f'brief_url = "{url}"\n'
    )
    result = CliRunner().invoke(app, ["send", "--out", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert (
        "brief.pdf not attached" in result.stderr
        and "https://briefs.example.org/2022-02-08/" in result.stderr
    )
    assert "sent to a@example.org without brief.pdf (too large for email)" in result.stderr
    ((rcpt, message),) = inbox.messages
    assert rcpt == ["a@example.org"] and list(message.iter_attachments()) == []
    plain = message.get_body(preferencelist=("plain",)).get_content()
    first = plain.splitlines()[0]
    assert first.startswith("brief.pdf (") and "not attached" in first
    assert first.endswith("The brief's files are at https://briefs.example.org/2022-02-08/")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<a href="https://briefs.example.org/2022-02-08/">' in html
    assert len(message.as_bytes(policy=email.policy.SMTP)) <= limit
    # Without a URL configured, the message names the brief's folder.
    inbox.messages.clear()
    settings = mail_settings(controller.port, to=["b@example.org"], max_message_bytes=limit)
    delivery = send(out, settings)
    assert delivery.left_out == ["brief.pdf"] and delivery.where == str(out.absolute())
    plain = inbox.messages[0][1].get_body(preferencelist=("plain",)).get_content()
    assert plain.splitlines()[0].endswith(f"at {delivery.where}")
