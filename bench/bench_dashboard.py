"""Per-call cost the dashboard's request log adds to the gateway: `RequestLog.record` on a signed
SigV4 request and an answered response, CPU time per call, in process (target: at most 2 µs); and, for
scale, an SQS SendMessage through the in-process gateway with the log on and off."""

from __future__ import annotations

import time
import timeit

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from localstack.dashboard.request_log import RequestLog
from localstack.utils.http import Request

TARGET_US = 2.0


def _call() -> tuple[Request, Response]:
    headers = Headers(
        {
            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=" + "ab" * 32,
            "X-Amz-Target": "AmazonSQS.SendMessage",
            "Content-Type": "application/x-amz-json-1.0",
        }
    )
    body = b'{"QueueUrl": "http://localhost:4566/000000000000/q", "MessageBody": "hello"}'
    request = Request("POST", "/", body, headers)
    response = Response(b'{"MessageId": "1", "MD5OfMessageBody": "5d41402abc4b2a76b9719d911017c592"}')
    return request, response


def measure(iterations: int) -> float:
    """Microseconds of CPU per recorded call, the best of 5 runs (the machine is shared)."""
    log = RequestLog()
    request, response = _call()

    def record() -> None:
        log.record("sqs", request, response, 1.0)

    best = min(timeit.repeat(record, number=iterations, repeat=5, timer=time.process_time))
    return best * 1e6 / iterations


def gateway_calls(iterations: int) -> tuple[float, float]:
    """µs of CPU per SendMessage through the gateway (boto3 client included), log off then on; the best
    of 5 alternating runs each."""
    from bench.inprocess import gateway_app, workload

    app = gateway_app()
    call = workload("sqs", app)
    log = RequestLog()
    best = {False: float("inf"), True: float("inf")}
    for _ in range(5):
        for recording in (False, True):
            app.recorder = log.record if recording else None
            started = time.process_time()
            for i in range(iterations):
                call(i)
            best[recording] = min(best[recording], time.process_time() - started)
    return best[False] * 1e6 / iterations, best[True] * 1e6 / iterations


def run(quick: bool = False) -> dict:
    per_call = measure(20_000 if quick else 200_000)
    verdict = "PASS" if per_call <= TARGET_US else "FAIL"
    print(f"dashboard: request log record = {per_call:.2f} µs per call (target {TARGET_US} µs) {verdict}")
    off, on = gateway_calls(100 if quick else 1000)
    print(f"dashboard: SQS SendMessage in process = {off:.0f} µs without the log, {on:.0f} µs with it")
    return {
        "dashboard_record_us": round(per_call, 3),
        "dashboard_gateway_call_us_off": round(off, 1),
        "dashboard_gateway_call_us_on": round(on, 1),
    }


if __name__ == "__main__":
    run()
