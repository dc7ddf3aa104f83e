"""Lambda invoke figures through the edge: warm RequestResponse latency (median, p99), cold start
(Python and Node.js), and invocations per second with 8 client threads. Targets: warm median < 5 ms,
Python cold start < 300 ms."""

from __future__ import annotations

import io
import json
import statistics
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from bench.delivery_latency import percentile
from bench.rawclient import Connection, capture
from tests.server_process import start_server

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
HANDLERS = {
    "python": (
        "python3.12",
        "index.py",
        "def handler(event, context):\n    return {'ok': True, 'echo': event}\n",
    ),
    "nodejs": ("nodejs20.x", "index.js", "exports.handler = async (event) => ({ ok: true, echo: event });\n"),
}
TARGET_WARM_MS = 5.0
TARGET_COLD_PY_MS = 300.0


def _zip(name: str, text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


def _client(url: str):  # type: ignore[no-untyped-def]
    from bench.servers import client

    return client("lambda", url)


def _create(url: str, flavour: str) -> str:
    runtime, file, text = HANDLERS[flavour]
    name = f"bench-{flavour}"
    _client(url).create_function(
        FunctionName=name,
        Runtime=runtime,
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": _zip(file, text)},
    )
    return name


def warm_latencies(url: str, name: str, count: int, warmup: int = 50) -> list[float]:
    template = capture("lambda", url, "invoke", FunctionName=name, Payload=b'{"n": 1}')
    connection = Connection(url)
    latencies = []
    try:
        for index in range(warmup + count):
            started = time.perf_counter()
            connection.send(template)
            if index >= warmup:
                latencies.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return latencies


def cold_starts(url: str, name: str, count: int) -> list[float]:
    """Each configuration change makes the next invoke start a new worker (a cold start)."""
    boto = _client(url)
    template = capture("lambda", url, "invoke", FunctionName=name, Payload=b"{}")
    connection = Connection(url)
    latencies = []
    try:
        for index in range(count):
            boto.update_function_configuration(
                FunctionName=name, Environment={"Variables": {"ROUND": str(index)}}
            )
            started = time.perf_counter()
            connection.send(template)
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return latencies


def invocations_per_second(url: str, name: str, threads: int, seconds: float) -> float:
    template = capture("lambda", url, "invoke", FunctionName=name, Payload=b'{"n": 1}')
    counts = [0] * threads
    stop = threading.Event()

    def work(slot: int) -> None:
        connection = Connection(url)
        try:
            while not stop.is_set():
                connection.send(template)
                counts[slot] += 1
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(slot,), daemon=True) for slot in range(threads)]
    for worker in workers:
        worker.start()
    time.sleep(1.0)  # every worker warm
    before, started = sum(counts), time.perf_counter()
    time.sleep(seconds)
    done, elapsed = sum(counts) - before, time.perf_counter() - started
    stop.set()
    for worker in workers:
        worker.join(timeout=30)
    return done / elapsed


def run(quick: bool = False) -> dict:
    count, colds, seconds = (200, 3, 2.0) if quick else (1000, 7, 5.0)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["lambda", "logs", "s3"])
        try:
            results: dict = {}
            for flavour in ("python", "nodejs"):
                name = _create(server.edge_url, flavour)
                cold = cold_starts(server.edge_url, name, colds)
                warm = warm_latencies(server.edge_url, name, count)
                results[f"{flavour}_cold_start_ms_median"] = round(statistics.median(cold), 1)
                results[f"{flavour}_warm_ms_median"] = round(statistics.median(warm), 2)
                results[f"{flavour}_warm_ms_p99"] = round(percentile(warm, 0.99), 2)
                results[f"{flavour}_invocations_per_s_8_threads"] = round(
                    invocations_per_second(server.edge_url, name, 8, seconds), 1
                )
        finally:
            server.stop()
    results["target_warm_median_ms"] = TARGET_WARM_MS
    results["target_python_cold_start_ms"] = TARGET_COLD_PY_MS
    results["warm_target_met"] = results["python_warm_ms_median"] < TARGET_WARM_MS
    results["cold_target_met"] = results["python_cold_start_ms_median"] < TARGET_COLD_PY_MS
    return results


if __name__ == "__main__":
    import sys

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
