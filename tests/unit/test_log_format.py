"""JSON log lines and the request ids they carry."""

import json
import logging
import sys

import pytest

from services import log_format
from tests.conftest import make_app


def record(message: str = "hello %s", *args, **extra) -> logging.LogRecord:
    made = logging.LogRecord(
        "plainly.test", logging.WARNING, __file__, 1, message, args or ("there",), None
    )
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def formatted(made: logging.LogRecord) -> dict:
    line = log_format.JsonFormatter().format(made)
    assert "\n" not in line, "one record, one line"
    return json.loads(line)


def test_a_record_outside_a_request_has_time_level_logger_message_and_pid():
    entry = formatted(record())
    assert entry["level"] == "WARNING" and entry["logger"] == "plainly.test"
    assert entry["message"] == "hello there"
    assert entry["time"].endswith("+00:00")
    assert isinstance(entry["pid"], int)
    assert "request_id" not in entry and "path" not in entry


def test_during_a_request_the_line_names_the_request(app):
    headers = {"X-Request-ID": "proxy-id-42"}
    with app.test_request_context("/topics/sleep?x=1", method="POST", headers=headers):
        entry = formatted(record(fields={"status": 201, "duration_ms": 3.5}))
    assert entry["request_id"] == "proxy-id-42"
    assert (entry["method"], entry["path"]) == ("POST", "/topics/sleep")
    assert (entry["status"], entry["duration_ms"]) == (201, 3.5)


def test_a_multi_line_message_and_an_exception_stay_on_one_line():
    try:
        raise RuntimeError("broken\non purpose")
    except RuntimeError:
        entry = formatted(record("two\nlines %s", "x", exc_info=sys.exc_info()))
    assert entry["message"] == "two\nlines x"
    assert "RuntimeError: broken\non purpose" in entry["exception"]


@pytest.mark.parametrize(
    "value", ["abc", "0f8c2a1e-9b7d-4c3a-8e2f-1a2b3c4d5e6f", "a.b_c:d-1", "x" * 128]
)
def test_plain_short_request_ids_are_kept(value):
    assert log_format.valid_request_id(value) == value


@pytest.mark.parametrize(
    "value", [None, "", "x" * 129, "has space", 'quo"te', "new\nline", "tab\tbed", "é", "a/b", "{}"]
)
def test_other_request_ids_are_refused(value):
    assert log_format.valid_request_id(value) is None


def test_a_refused_request_id_is_replaced_by_a_new_one(app):
    with app.test_request_context("/", headers={"X-Request-ID": 'forged id "quoted"'}):
        given = log_format.request_id()
        assert given == log_format.request_id(), "one id per request"
    assert len(given) == 32 and int(given, 16) >= 0


def test_json_logs_send_the_apps_records_to_stderr_as_json(tmp_path, capsys):
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        app = make_app(tmp_path, LOG_FORMAT="json")
        make_app(tmp_path, LOG_FORMAT="json")  # a second app adds no second handler
        assert len(root.handlers) == len(before) + 1
        response = app.test_client().get("/healthz", headers={"X-Request-ID": "probe-1"})
        app.logger.warning("from the app")
    finally:
        for handler in set(root.handlers) - set(before):
            root.removeHandler(handler)
        root.setLevel(level)
    assert response.headers["X-Request-ID"] == "probe-1"
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    [request_line] = [line for line in lines if line["logger"] == "plainly.request"]
    assert request_line["request_id"] == "probe-1" and request_line["path"] == "/healthz"
    assert request_line["status"] == 200 and request_line["duration_ms"] >= 0
    assert any(line["message"] == "from the app" for line in lines)


@pytest.mark.parametrize("path", ["/reset/{}", "/shared/{}", "/r/{}", "/unsubscribe/{}"])
def test_the_token_of_a_link_is_masked_in_the_logged_path(app, path):
    token = "ImRpZ2VzdCI.secret-signature"
    with app.test_request_context(path.format(token)):
        assert log_format.loggable_path() == path.format("<token>")
        assert token not in formatted(record())["path"]


def test_other_paths_are_logged_as_they_are(app):
    with app.test_request_context("/topics/sleep"):
        assert log_format.loggable_path() == "/topics/sleep"
