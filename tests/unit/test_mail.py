"""The mail transport: multipart messages, headers, the outbox folder and a real SMTP server."""

import email
import email.policy
import logging
import re
from pathlib import Path

from services import mail
from tests.smtp import body

CONTEXT = {"url": "http://127.0.0.1:5000/verify/abc", "days": 7}


def test_messages_are_multipart_with_date_message_id_and_from(ctx, app):
    msg = mail.build("reader@example.com", "Please confirm", "verify", **CONTEXT)
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["From"] == app.config["MAIL_FROM"]
    assert msg["To"] == "reader@example.com"
    assert email.utils.parsedate_to_datetime(msg["Date"]).tzinfo is not None
    assert re.fullmatch(r"<[^@>]+@localhost>", msg["Message-ID"])
    assert CONTEXT["url"] in body(msg) and CONTEXT["url"] in body(msg, "html")


def test_html_is_small_inline_styled_and_readable_without_images(ctx):
    html = mail.build("r@example.com", "Subject", "verify", **CONTEXT).get_body(("html",))
    text = html.get_content()
    assert len(text.encode()) < mail.MAX_HTML_BYTES
    assert "<img" not in text and "<style" not in text and "<link" not in text
    assert 'style="' in text
    assert "Please confirm your email address" in text


def test_without_mail_server_messages_go_to_the_outbox_and_the_log(ctx, app, caplog):
    caplog.set_level(logging.INFO, logger="plainly.mail")
    mail.send("reader@example.com", "Please confirm", "verify", **CONTEXT)
    files = list(Path(app.config["MAIL_OUTBOX"]).glob("*.eml"))
    assert len(files) == 1
    saved = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert saved["Subject"] == "Please confirm"
    assert "written to" in caplog.text and "reader@example.com" in caplog.text


def test_messages_reach_a_real_smtp_server(ctx, smtp):
    mail.send("reader@example.com", "Please confirm", "verify", **CONTEXT)
    [received] = smtp.messages
    assert received["Subject"] == "Please confirm"
    assert CONTEXT["url"] in body(received)


def test_external_urls_use_the_base_url_setting(ctx, app):
    app.config["BASE_URL"] = "https://plainly.example.org/app"
    assert mail.external_url("auth.reset") == "https://plainly.example.org/app/reset"
