"""A real SMTP server (aiosmtpd) on 127.0.0.1 at a free port, and the app pointed at it."""

import email
import email.policy
import socket
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """Keeps every message it accepts; `reject` makes it answer 554 for those recipients."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.sessions: list[object] = []
        self.reject: set[str] | bool = set()

    async def handle_DATA(self, server, session, envelope):
        if self.reject is True or set(envelope.rcpt_tos) & (self.reject or set()):
            return "554 5.6.0 Message rejected for testing"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(msg)
        self.sessions.append(session)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def connections(self) -> int:
        return len({id(s) for s in self.sessions})


@pytest.fixture
def smtp(app):
    """Start the sink and send the app's mail to it."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield sink
    controller.stop()


def body(msg: EmailMessage, kind: str = "plain") -> str:
    return msg.get_body((kind,)).get_content()
