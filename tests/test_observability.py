"""Error reports without personal data, and log lines as JSON."""

import json
import logging
import sys

import pytest
import sentry_sdk
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from sentry_sdk.transport import Transport

from config.observability import JsonLinesFormatter, scrub_event, sentry_options


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope):
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


def failing_view(request):
    sentry_sdk.set_user({"id": 7, "email": "nguyen.van.an@example.vn", "username": "an"})
    raise RuntimeError("the report must not hold the form")


def fine_view(request):
    return HttpResponse("ok")


urlpatterns = [path("loi/", failing_view), path("ok/", fine_view)]


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    options = sentry_options(
        dsn="https://public@sentry.example.invalid/1",
        environment="test",
        traces_sample_rate=0,
        release=None,
    )
    sentry_sdk.init(**options, transport=transport)
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: nothing is sent by later tests


@override_settings(ROOT_URLCONF="tests.test_observability")
def test_sentry_report_holds_no_personal_data(client, db, sentry_events):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "secret-session"

    response = client.post(
        "/loi/?cccd=001203004567&email=nguyen.van.an@example.vn",
        {"password": "Matkhau@2026", "phone": "0912345678"},
        HTTP_REFERER="https://thidua.example.vn/dang-nhap/?next=/tai-khoan/",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        HTTP_AUTHORIZATION="Bearer abc",
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    assert len(sentry_events) == 1
    event = sentry_events[0]
    assert event["exception"]["values"][0]["type"] == "RuntimeError"
    assert "?" not in event.get("request", {}).get("url", "")
    assert event["user"] == {"id": 7}
    # The lines of source code around each frame are code, not data (this test's own source
    # holds the values below).
    for frame in event["exception"]["values"][0]["stacktrace"]["frames"]:
        for field in ("pre_context", "context_line", "post_context"):
            frame.pop(field, None)
    text = json.dumps(event)
    for secret in (
        "001203004567",
        "nguyen.van.an",
        "Matkhau@2026",
        "0912345678",
        "secret-session",
        "203.0.113.9",
        "Bearer abc",
        "next=",
    ):
        assert secret not in text


def test_scrub_event_strips_request_user_breadcrumbs_and_frame_variables():
    event = {
        "request": {
            "url": "https://thidua.example.vn/don-vi/doan-vien/?q=Nguyen+Van+An",
            "method": "POST",
            "query_string": "q=Nguyen+Van+An",
            "data": {"email": "an@example.vn"},
            "cookies": {"sessionid": "s"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
            "headers": {"Cookie": "sessionid=s", "User-Agent": "Firefox", "X-Real-Ip": "1.2.3.4"},
        },
        "user": {"id": 3, "email": "an@example.vn", "ip_address": "203.0.113.9"},
        "breadcrumbs": {
            "values": [
                {"data": {"url": "https://api.example.vn/x?token=t", "http.query": "token=t"}},
                {"category": "query", "data": {"params": ["an@example.vn"]}},
            ]
        },
        "exception": {
            "values": [{"stacktrace": {"frames": [{"function": "f", "vars": {"x": "an"}}]}}]
        },
    }

    scrubbed = scrub_event(event, {})

    assert scrubbed["request"] == {
        "url": "https://thidua.example.vn/don-vi/doan-vien/",
        "method": "POST",
        "headers": {"User-Agent": "Firefox"},
    }
    assert scrubbed["user"] == {"id": 3}
    assert scrubbed["breadcrumbs"]["values"][0]["data"] == {"url": "https://api.example.vn/x"}
    assert scrubbed["breadcrumbs"]["values"][1]["data"] == {}
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"] == "[Filtered]"


def test_scrub_event_keeps_an_event_without_a_request():
    event = {"message": "worker stopped", "level": "error"}

    assert scrub_event(dict(event), None) == event


def _record(message, *args, exc_info=None, **extra):
    record = logging.LogRecord(
        "registry.tasks", logging.WARNING, "/srv/x.py", 42, message, args, exc_info
    )
    for name, value in extra.items():
        setattr(record, name, value)
    return record


def test_json_formatter_writes_one_object_per_line():
    line = JsonLinesFormatter().format(_record("Đã gửi %d thư", 3, unit="QTR", size=b"x"))

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "registry.tasks"
    assert entry["message"] == "Đã gửi 3 thư"
    assert entry["line"] == 42
    assert entry["unit"] == "QTR"
    assert entry["size"] == "b'x'"
    assert entry["time"].endswith("+00:00")


def test_json_formatter_keeps_the_traceback_on_one_line():
    try:
        raise ValueError("hỏng")
    except ValueError:
        record = _record("failed", exc_info=sys.exc_info())

    line = JsonLinesFormatter().format(record)

    assert "\n" not in line
    assert "ValueError: hỏng" in json.loads(line)["exception"]


def test_json_formatter_logs_the_path_of_a_request_without_its_query(rf):
    request = rf.get("/tai-khoan/?email=an@example.vn")

    entry = json.loads(JsonLinesFormatter().format(_record("Not Found", request=request)))

    assert entry["request"] == "GET /tai-khoan/"
