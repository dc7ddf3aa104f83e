"""The dashboard's request log: what the gateway records, how it is summarized and streamed (no sockets)."""

from __future__ import annotations

import sys
import threading

from werkzeug.datastructures import Headers
from werkzeug.test import Client
from werkzeug.wrappers import Response

from localstack.dashboard.request_log import KEPT_BODY_BYTES, RequestLog, quiet_calls
from localstack.services.edge import GatewayApp
from localstack.services.generic_proxy import ServiceProxy
from localstack.services.internal import InternalEndpoints
from localstack.utils.aws.internal_client import HEADER_INTERNAL
from localstack.utils.http import Request
from tests.unit.test_gateway_app import NamedBackend


def _signed(service: str, key: str = "test", region: str = "eu-west-1", **extra: str) -> Headers:
    return Headers(
        {
            "Authorization": f"AWS4-HMAC-SHA256 Credential={key}/20240101/{region}/{service}/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=" + "ab" * 32,
            **extra,
        }
    )


def _record(log: RequestLog, status: int = 200, **headers: str) -> None:
    request = Request("POST", "/", b'{"QueueName": "q"}', _signed("sqs", **headers))
    request.headers["X-Amz-Target"] = "AmazonSQS.CreateQueue"
    log.record("sqs", request, Response(b'{"QueueUrl": "u"}', status=status), 2.345)


def test_summary_names_operation_status_account_and_region():
    log = RequestLog()
    _record(log, status=400, key="111122223333")
    (entry,) = log.since(0)
    assert entry.summary() == {
        "id": 1,
        "time": entry.time,
        "service": "sqs",
        "operation": "CreateQueue",
        "status": 400,
        "ms": 2.3,
        "account": "111122223333",
        "region": "eu-west-1",
        "internal": False,
    }


def test_detail_shows_bodies_and_redacts_the_signature():
    log = RequestLog()
    _record(log)
    detail = log.find(1).detail()
    assert detail["request"]["body"] == '{"QueueName": "q"}'
    assert detail["response"]["body"] == '{"QueueUrl": "u"}'
    (authorization,) = [value for name, value in detail["request"]["headers"] if name == "Authorization"]
    assert "ab" * 32 not in authorization and "Signature=<redacted>" in authorization


def test_headers_path_and_text_come_back_as_recorded():
    log = RequestLog()
    headers = Headers({"X-Meta": "a: b:c", "X-Name": "caf\u00e9 \u2603", "X-Empty": ""})
    response = Response(b"ok", headers={"ETag": '"1:2"'})
    log.record("s3", Request("PUT", "/b/k%0Aey?x=1:2", b"", headers), response, 1.0)
    (entry,) = log.since(0)
    assert (entry.service, entry.method, entry.path) == ("s3", "PUT", "/b/k%0Aey?x=1:2")
    assert list(entry.headers.items()) == list(headers.items())
    assert entry.response_headers["ETag"] == '"1:2"'
    assert entry.response_headers["Content-Type"] == response.headers["Content-Type"]


def test_a_streamed_answer_is_not_read():
    log = RequestLog()
    consumed = []

    def body():
        consumed.append(True)
        yield b"large object"

    log.record("s3", Request("GET", "/b/k", b"", _signed("s3")), Response(body()), 1.0)
    assert log.find(1).detail()["response"]["body"] == "(streamed, not kept)"
    assert consumed == []


def test_the_ring_keeps_only_the_last_calls():
    log = RequestLog(size=3)
    for _ in range(5):
        _record(log)
    assert [entry.id for entry in log.since(0)] == [3, 4, 5]
    assert [entry.id for entry in log.since(4)] == [5]
    assert log.find(1) is None


def test_quiet_calls_and_internal_calls():
    log = RequestLog()
    with quiet_calls():
        _record(log)
    assert log.since(0) == []
    _record(log, **{HEADER_INTERNAL: "1"})
    assert log.since(0)[0].summary()["internal"] is True


def test_stream_sends_each_call_once_and_ends_on_stop():
    log = RequestLog()
    _record(log)
    stopped = threading.Event()
    stream = log.stream(0, stopped, poll=0.01)
    assert next(stream) == b"retry: 1000\n\n"
    first = next(stream).decode()
    assert first.startswith("id: 1\nevent: call\ndata: {") and '"operation": "CreateQueue"' in first
    _record(log)
    assert next(stream).startswith(b"id: 2\n")
    stopped.set()
    assert list(stream) == []


def test_gateway_records_service_calls_but_not_its_own_endpoints():
    proxy = ServiceProxy("sqs", NamedBackend("sqs"))
    internal = InternalEndpoints({"sqs": proxy}, reset_state=lambda: [])
    app = GatewayApp({"sqs": proxy}, ["sqs"], internal)
    log = RequestLog()
    app.recorder = log.record
    client = Client(app)
    client.post("/", headers={**_signed("sqs"), "X-Amz-Target": "AmazonSQS.ListQueues"}, data=b"{}")
    client.get("/_localstack/health")
    (entry,) = log.since(0)
    summary = entry.summary()
    assert (summary["service"], summary["operation"], summary["status"]) == ("sqs", "ListQueues", 200)


def test_a_page_reconnecting_after_a_restart_gets_the_new_log_from_its_start():
    log = RequestLog()
    _record(log)
    stopped = threading.Event()
    stream = log.stream(500, stopped, poll=0.01)
    next(stream)
    assert next(stream) == b"event: reset\ndata: {}\n\n"
    assert next(stream).startswith(b"id: 1\n")
    stopped.set()


def test_a_record_is_one_copy_of_the_call_in_one_large_allocation():
    log = RequestLog()
    request = Request("PUT", "/b/k", b"x" * 100_000, _signed("s3"))
    log.record("s3", request, Response(b"done"), 1.0)
    request.headers["Host"] = "changed.after"
    # Over 512 bytes, CPython allocates it outside its small-object arenas, which a ring of small
    # objects would pin (see the module's docstring).
    (record,) = log.entries
    assert isinstance(record, bytes) and sys.getsizeof(record) > 512
    entry = log.find(1)
    assert entry.body == b"x" * KEPT_BODY_BYTES and entry.response_body == b"done"
    assert "Host" not in entry.headers


def test_an_unsigned_call_without_bodies_is_padded_to_a_large_record():
    log = RequestLog()
    log.record("s3", Request("GET", "/", b"", Headers()), Response(b""), 1.0)
    (record,) = log.entries
    assert sys.getsizeof(record) > 512
    entry = log.find(1)
    assert (entry.method, entry.path, entry.body, entry.response_body) == ("GET", "/", b"", b"")
