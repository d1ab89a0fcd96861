"""Outgoing email: multipart messages built from template pairs, sent over SMTP.

Every message has a plain-text part (`templates/email/<name>.txt`) and an HTML part
(`templates/email/<name>.html`, styles written inline, no images). Without `MAIL_SERVER`
messages are written as `.eml` files to `instance/outbox/` and logged instead, so the app
runs without a mail server.
"""

import logging
import os
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import MapAdapter

from models.base import utcnow

log = logging.getLogger("plainly.mail")
MAX_HTML_BYTES = 100_000
SMTP_TIMEOUT = 30


class MailError(Exception):
    """The message could not be handed to the mail server."""


def base_url_adapter() -> MapAdapter:
    """The app's URLs bound to the BASE_URL setting, whatever host a request named."""
    base = urlsplit(current_app.config["BASE_URL"])
    return current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )


def external_url(endpoint: str, **values) -> str:
    """An absolute URL on this site, based on the BASE_URL setting (not on any request)."""
    return base_url_adapter().build(endpoint, values, force_external=True)


def render(name: str, **context) -> tuple[str, str]:
    """The plain-text and HTML bodies of the email template pair `name`.

    Rendered straight from the Jinja environment: emails get the app's filters but none of
    the page context (request, current user), so they render the same from the CLI.
    """
    env = current_app.jinja_env
    text = env.get_template(f"email/{name}.txt").render(**context)
    html = env.get_template(f"email/{name}.html").render(**context)
    if len(html.encode()) > MAX_HTML_BYTES:
        raise ValueError(f"email/{name}.html renders to more than {MAX_HTML_BYTES} bytes")
    return text, html


def build(
    to: str,
    subject: str,
    name: str,
    *,
    headers: dict[str, str] | None = None,
    now: datetime | None = None,
    **context,
) -> EmailMessage:
    """A multipart/alternative message with Date, Message-ID and From set."""
    text, html = render(name, subject=subject, **context)
    sender = current_app.config["MAIL_FROM"]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "plainly.invalid"
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(now or utcnow())
    msg["Message-ID"] = make_msgid(domain=domain)
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


class _Outbox:
    """Writes each message to instance/outbox/ instead of sending it."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # messages hold private links

    def send(self, msg: EmailMessage) -> None:
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        msg_id = msg["Message-ID"].strip("<>").partition("@")[0].replace(".", "-")
        path = self.folder / f"{stamp}-{msg_id}.eml"
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
                f.write(msg.as_bytes())
        except OSError as exc:
            raise MailError(f"could not write {path}: {exc}") from exc
        log.info("Email to %s (%s) written to %s", msg["To"], msg["Subject"], path)

    def close(self) -> None:
        pass


class _SMTP:
    """One SMTP connection, opened on first use and reused for every message after it."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None
        self.broken: str | None = None

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=SMTP_TIMEOUT)
        try:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, msg: EmailMessage) -> None:
        # A server that cannot be reached fails the rest of the batch at once, not one
        # timeout per message; the next run tries again.
        if self.broken:
            raise MailError(self.broken)
        try:
            if self.smtp is None:
                self.smtp = self._connect()
            self.smtp.send_message(msg)
        except smtplib.SMTPServerDisconnected as exc:
            self.smtp = None
            raise MailError(f"mail server disconnected: {exc}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            if self.smtp is None:
                self.broken = f"cannot reach the mail server: {exc}"
                raise MailError(self.broken) from exc
            raise MailError(str(exc)) from exc

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


@contextmanager
def connection() -> Iterator[_SMTP | _Outbox]:
    """A connection for sending many messages: `.send(msg)` raises MailError on failure."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        conn: _SMTP | _Outbox = _SMTP(config)
    else:
        conn = _Outbox(
            Path(config.get("MAIL_OUTBOX") or Path(current_app.instance_path) / "outbox")
        )
    try:
        yield conn
    finally:
        conn.close()


def send(to: str, subject: str, name: str, **context) -> EmailMessage:
    """Build one message from the template pair `name` and send it. Raises MailError."""
    msg = build(to, subject, name, **context)
    with connection() as conn:
        conn.send(msg)
    return msg
