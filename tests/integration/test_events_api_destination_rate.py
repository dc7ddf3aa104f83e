"""An API destination's InvocationRateLimitPerSecond holds on deliveries: events over the limit are
delivered later, none lost, and no second of requests carries more than the limit."""

from __future__ import annotations

import http.server
import json
import threading
import time
from typing import Any, Callable

import pytest

from tests.integration.test_events import make_rule


@pytest.fixture
def events(aws_client: Callable[..., Any]) -> Any:
    return aws_client("events")


def _recorder() -> tuple[http.server.ThreadingHTTPServer, list[tuple[float, bytes]]]:
    arrivals: list[tuple[float, bytes]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            arrivals.append((time.monotonic(), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, arrivals


def _destination(events: Any, cleanup: list, unique_name: Callable[[str], str], url: str, rate: int) -> str:
    connection = unique_name("c")
    connection_arn = events.create_connection(
        Name=connection,
        AuthorizationType="API_KEY",
        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k"}},
    )["ConnectionArn"]
    cleanup.append(lambda: events.delete_connection(Name=connection))
    name = unique_name("d")
    arn = events.create_api_destination(
        Name=name,
        ConnectionArn=connection_arn,
        InvocationEndpoint=url,
        HttpMethod="POST",
        InvocationRateLimitPerSecond=rate,
    )["ApiDestinationArn"]
    cleanup.append(lambda: events.delete_api_destination(Name=name))
    return arn


def test_rate_limit_paces_deliveries_without_losing_any(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    server, arrivals = _recorder()
    cleanup.append(server.server_close)
    cleanup.append(server.shutdown)
    arn = _destination(events, cleanup, unique_name, f"http://127.0.0.1:{server.server_port}/hook", rate=2)
    source = unique_name("src")
    target = {
        "Id": "api",
        "Arn": arn,
        "RoleArn": "arn:aws:iam::000000000000:role/eb",
        "InputPath": "$.detail",
    }
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [target])
    entries = [
        {"Source": source, "DetailType": "t", "Detail": json.dumps({"n": n}), "EventBusName": "default"}
        for n in range(6)
    ]
    assert events.put_events(Entries=entries)["FailedEntryCount"] == 0
    end = time.monotonic() + 15
    while len(arrivals) < 6 and time.monotonic() < end:
        time.sleep(0.05)
    assert sorted(json.loads(body)["n"] for _, body in arrivals) == list(range(6))
    times = sorted(at for at, _ in arrivals)
    # Never more than 2 requests within any one second: the third after the first is a second later.
    assert all(times[i + 2] - times[i] >= 0.95 for i in range(len(times) - 2)), times
    assert times[-1] - times[0] >= 1.9


def test_default_rate_sends_a_burst_at_once(
    events: Any, unique_name: Callable[[str], str], cleanup: list
) -> None:
    server, arrivals = _recorder()
    cleanup.append(server.server_close)
    cleanup.append(server.shutdown)
    arn = _destination(events, cleanup, unique_name, f"http://127.0.0.1:{server.server_port}/hook", rate=300)
    source = unique_name("src")
    target = {"Id": "api", "Arn": arn, "RoleArn": "arn:aws:iam::000000000000:role/eb"}
    make_rule(events, cleanup, unique_name("r"), {"source": [source]}, [target])
    entries = [
        {"Source": source, "DetailType": "t", "Detail": "{}", "EventBusName": "default"} for _ in range(5)
    ]
    assert events.put_events(Entries=entries)["FailedEntryCount"] == 0
    end = time.monotonic() + 10
    while len(arrivals) < 5 and time.monotonic() < end:
        time.sleep(0.05)
    times = sorted(at for at, _ in arrivals)
    assert len(times) == 5 and times[-1] - times[0] < 0.9
