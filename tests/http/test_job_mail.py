"""With REDIS_URL, sign-up and reset emails go through the RQ "mail" queue, are retried, and
a job that failed every retry is listed by `flask jobs failed` and re-run by `flask jobs retry`."""

import re

import pytest

from models import db
from services import background, jobs
from tests.conftest import post
from tests.factories import make_user
from tests.job_queue import drain
from tests.smtp import body


@pytest.fixture
def app(queued_app):  # every fixture of this module uses the queued app
    return queued_app


def test_sign_up_email_waits_for_a_worker_then_its_link_confirms(app, client, auth, smtp):
    response = auth.sign_up_form("new@example.com")
    assert response.headers["Location"] == "/signup/sent"
    assert smtp.messages == []  # queued, not sent by the web process
    assert jobs.queued(app) == 1
    drain(app)
    [msg] = smtp.to("new@example.com")
    assert msg["Subject"] == "Please confirm your email address"
    link = re.search(r"https?://[^/\s]+(/verify/\S+)", body(msg))[1]
    assert client.get(link).headers["Location"] == "/topics"


def test_a_taken_address_gets_the_notice_through_the_queue(app, auth, smtp):
    with app.app_context():
        make_user("taken@example.com")
        db.session.commit()
    auth.sign_up_form("taken@example.com")
    drain(app)
    [msg] = smtp.to("taken@example.com")
    assert msg["Subject"] == "Someone tried to sign up to Plainly with your address"


def test_reset_email_goes_through_the_queue(app, client, smtp, security_events):
    with app.app_context():
        make_user("reset@example.com")
        db.session.commit()
    page = client.get("/reset").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.post("/reset", data={"csrf_token": token, "email": "reset@example.com"})
    assert smtp.messages == []
    drain(app)
    [msg] = smtp.to("reset@example.com")
    assert msg["Subject"] == "Reset your Plainly password"
    [event] = [e for e in security_events if e["event"] == "password_reset.requested"]
    assert event["sent"] is True


def test_a_rejected_email_is_retried_listed_and_sent_by_jobs_retry(app, auth, smtp, runner):
    smtp.reject = True
    auth.sign_up_form("bounce@example.com")
    drain(app)  # the first try and three retries, all refused
    assert smtp.messages == []
    result = runner.invoke(args=["jobs", "failed"])
    assert result.exit_code == 0, result.output
    assert "[mail] blueprints.auth_jobs.send_confirmation(" in result.output
    assert "services.mail.MailError: (554" in result.output
    assert "1 failed job(s)" in result.output

    smtp.reject = set()
    result = runner.invoke(args=["jobs", "retry", "--all"])
    assert result.output.strip() == "Requeued 1 job(s)."
    drain(app)
    [msg] = smtp.to("bounce@example.com")
    assert msg["Subject"] == "Please confirm your email address"
    assert runner.invoke(args=["jobs", "failed"]).output.strip() == "No failed jobs."


def test_jobs_retry_refuses_unknown_ids_and_needs_ids_or_all(runner):
    result = runner.invoke(args=["jobs", "retry", "no-such-job"])
    assert result.exit_code == 1
    assert "Not in the failed list: no-such-job" in result.output
    result = runner.invoke(args=["jobs", "retry"])
    assert result.exit_code == 1
    assert "Give job ids or --all" in result.output


def test_jobs_work_burst_empties_the_queues(app, auth, smtp, runner):
    auth.sign_up_form("burst@example.com")
    with app.app_context():
        assert background.uses_queue()
    result = runner.invoke(args=["jobs", "work", "--burst", "mail"])
    assert result.exit_code == 0, result.output
    assert len(smtp.to("burst@example.com")) == 1
    assert jobs.queued(app) == 0


def test_the_password_changed_notice_is_a_job_retried_until_sent(app, client, auth, smtp):
    with app.app_context():
        make_user("changer@example.com")
        db.session.commit()
    auth.login("changer@example.com")
    smtp.reject = True
    data = {"current_password": auth.PASSWORD, "password": "another calm long passphrase"}
    response = post(client, "/settings/password", {**data, "password_again": data["password"]})
    assert response.headers["Location"] == "/settings#password"  # changed, whatever the mail
    drain(app)
    assert smtp.messages == []
    [failed] = jobs.failed_jobs(app)
    assert failed.function == "blueprints.notice_jobs.send_password_changed"
    smtp.reject = set()
    jobs.retry(app)
    drain(app)
    [msg] = smtp.to("changer@example.com")
    assert msg["Subject"] == "Your password was changed"
