"""The cost of PERSISTENCE=1: write throughput against PERSISTENCE=0, per-write cost as stores grow
(1,000 -> 50,000), start-up with 10,000 objects and 10,000 items stored (after a stop, after a kill -9
with 2,000 more puts in the log, and after the stop that follows; best of 3 rounds, with the server's
CPU seconds and the load average), and loading a named snapshot of 1,000 resources."""

from __future__ import annotations

import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench import scale
from bench.rawclient import COUNTER, capture
from bench.servers import client
from bench.workloads import KIB, OPERATIONS, run_loop
from tests.persistent_server import PersistentServer

SERVICES = ["s3", "sqs", "dynamodb"]
WRITES = ("S3 PutObject 1KiB", "SQS SendMessage", "SQS Receive+Delete", "DynamoDB PutItem")
TARGET_THROUGHPUT = 0.70
TARGET_GROWTH = 1.5
TARGET_START_S = 2.0
TARGET_LOAD_S = 1.0
START_ROUNDS = 3


def _server(root: Path, name: str, persistence: bool) -> PersistentServer:
    return PersistentServer(root / name, SERVICES, persistence, {"DEBUG": "0"}).start()


def _throughput(plain: PersistentServer, kept: PersistentServer, seconds: float, rounds: int = 2) -> dict:
    """Loops alternate between the two servers, `rounds` times each: on a shared machine the best
    round of each is the fairest picture. Server CPU per op (psutil, user + system) beside it."""
    import psutil

    processes = {"off": psutil.Process(plain.process.pid), "on": psutil.Process(kept.process.pid)}
    figures: dict = {}
    for op in OPERATIONS:
        if op.name not in WRITES:
            continue
        for threads in (1, 4):
            calls = {
                label: op.setup(server.url, f"p{label}{threads}{int(time.time() * 1000) % 100000}", threads)
                for label, server in (("off", plain), ("on", kept))
            }
            rates: dict[str, list[float]] = {"off": [], "on": []}
            cpu: dict[str, list[float]] = {"off": [], "on": []}
            for _ in range(rounds):
                for label, server in (("off", plain), ("on", kept)):
                    used = _cpu_seconds(processes[label])
                    done, elapsed = run_loop(server.url, calls[label], threads, seconds)
                    rates[label].append(done / elapsed)
                    cpu[label].append((_cpu_seconds(processes[label]) - used) / max(done, 1) * 1000)
            off, on = max(rates["off"]), max(rates["on"])
            figures[f"{op.name} x{threads}"] = {
                "off_ops": round(off, 1),
                "on_ops": round(on, 1),
                "ratio": round(on / off, 2),
                "off_cpu_ms": round(min(cpu["off"]), 3),
                "on_cpu_ms": round(min(cpu["on"]), 3),
            }
    return figures


def _cpu_seconds(process: object) -> float:
    times = process.cpu_times()  # type: ignore[attr-defined]
    return times.user + times.system


def _fill_objects_and_items(url: str, count: int) -> None:
    client("s3", url).create_bucket(Bucket="bench-start")
    put = capture("s3", url, "put_object", Bucket="bench-start", Key=f"o/{COUNTER}", Body=KIB)
    scale._fill(url, put, 1, 0, count)
    client("dynamodb", url).create_table(
        TableName="bench-start",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    items = [
        {"PutRequest": {"Item": {"pk": {"S": f"{COUNTER}-{n}"}, "v": {"S": "v" * 100}}}} for n in range(25)
    ]
    batch = capture("dynamodb", url, "batch_write_item", RequestItems={"bench-start": items})
    scale._fill(url, batch, 25, 0, count)


def _fill_more(url: str, count: int) -> None:
    put = capture("s3", url, "put_object", Bucket="bench-start", Key=f"more/{COUNTER}", Body=KIB)
    scale._fill(url, put, 1, 0, count)


def _log_records(server: PersistentServer) -> int:
    from localstack.persistence.request_log import read_records

    return sum(1 for _ in read_records(server.state_dir / "requests.log"))


def _start_seconds(server: PersistentServer) -> tuple[float, float, float]:
    """(wall seconds until the first answer, CPU seconds the server used by then, the 1-minute load
    average): on a shared machine the CPU figure says how much of the wall time was ours."""
    import os

    import psutil

    began = time.perf_counter()
    server.start()
    client("s3", server.url).head_object(Bucket="bench-start", Key="o/1")
    wall = time.perf_counter() - began
    cpu = _cpu_seconds(psutil.Process(server.process.pid))
    return wall, cpu, os.getloadavg()[0]


def _start_ups(server: PersistentServer, rounds: int) -> dict:
    """Each round: a start after a stop; 2,000 more puts (the same keys each round) and a kill -9
    before the log is compacted, so that start-up replays them; after 3 s (the replayed records are
    folded into a snapshot once writes stop for 2 s) a stop and a start that replays none. On a shared
    machine the best round of each is the fairest picture; its CPU seconds and the load average go
    beside it."""
    kinds = ("start_after_stop", "start_after_kill", "start_after_kill_then_stop")
    rows: dict[str, list[tuple[float, float, float]]] = {kind: [] for kind in kinds}
    records = 0
    for _ in range(rounds):
        rows["start_after_stop"].append(_start_seconds(server))
        _fill_more(server.url, 2_000)
        records = _log_records(server)
        server.kill()
        rows["start_after_kill"].append(_start_seconds(server))
        time.sleep(3.0)
        server.stop()
        rows["start_after_kill_then_stop"].append(_start_seconds(server))
        server.stop()
    figures: dict = {"log_records_at_kill": records}
    for kind, measured in rows.items():
        wall, cpu, load = min(measured)
        figures[f"{kind}_s"] = round(wall, 2)
        figures[f"{kind}_cpu_s"] = round(cpu, 2)
        figures[f"{kind}_load_1m"] = round(load, 1)
        figures[f"{kind}_all_s"] = [round(row[0], 2) for row in measured]
    return figures


def _snapshot_load(server: PersistentServer) -> float:
    """1,000 resources: 200 queues with a message each, 400 objects, 400 items; saved, then loaded."""
    sqs = client("sqs", server.url)

    def queues(first: int) -> None:
        for n in range(first, 200, 4):
            url = sqs.create_queue(QueueName=f"snap-{n}")["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody="m")

    workers = [threading.Thread(target=queues, args=(n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    client("s3", server.url).create_bucket(Bucket="bench-snap")
    scale._fill(
        server.url,
        capture("s3", server.url, "put_object", Bucket="bench-snap", Key=COUNTER, Body=KIB),
        1,
        0,
        400,
    )
    _post(server, "/_localstack/state/save?name=bench-1000")
    began = time.perf_counter()
    _post(server, "/_localstack/state/load?name=bench-1000")
    return time.perf_counter() - began


def _post(server: PersistentServer, path: str) -> bytes:
    request = urllib.request.Request(server.url + path, data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.read()


def run(quick: bool = False) -> dict:
    seconds = 1.0 if quick else 2.0
    levels = [1_000, 5_000] if quick else [1_000, 50_000]
    stored = 2_000 if quick else 10_000
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plain, kept = _server(root, "off", False), _server(root, "on", True)
        try:
            figures["throughput"] = _throughput(plain, kept, seconds)
            growth = scale.measure_growth(kept.url, "persist", levels, 200 if quick else 300)
            figures["growth"] = {
                row["store"]: {
                    "median_us": {level: round(v["median_us"]) for level, v in row["levels"].items()},
                    "ratio": round(
                        row["levels"][levels[-1]]["median_us"] / row["levels"][levels[0]]["median_us"], 2
                    ),
                }
                for row in growth
            }
        finally:
            plain.stop()
            kept.stop()
        start = _server(root, "start", True)
        _fill_objects_and_items(start.url, stored)
        start.stop()
        figures.update(_start_ups(start, 1 if quick else START_ROUNDS))
        snapshots = _server(root, "snapshots", True)
        try:
            figures["snapshot_load_1000_s"] = round(_snapshot_load(snapshots), 2)
        finally:
            snapshots.stop()
        figures["stored_objects_and_items"] = stored
    figures["targets"] = _targets(figures)
    return figures


def _targets(figures: dict) -> list[str]:
    verdicts = []
    for name, row in figures["throughput"].items():
        verdicts.append(
            _verdict(f"throughput on/off, {name}", row["ratio"], row["ratio"] >= TARGET_THROUGHPUT, ">= 0.70")
        )
    for name, row in figures["growth"].items():
        verdicts.append(
            _verdict(f"growth with persistence, {name}", row["ratio"], row["ratio"] < TARGET_GROWTH, "< 1.5x")
        )
    start = figures["start_after_stop_s"]
    verdicts.append(_verdict("start-up, objects + items stored", start, start <= TARGET_START_S, "<= 2 s"))
    killed = figures["start_after_kill_s"]
    verdicts.append(
        _verdict("start-up after kill -9, log replayed", killed, killed <= TARGET_START_S, "<= 2 s")
    )
    load = figures["snapshot_load_1000_s"]
    verdicts.append(_verdict("load a snapshot of 1,000 resources", load, load < TARGET_LOAD_S, "< 1 s"))
    return verdicts


def _verdict(name: str, value: float, passed: bool, target: str) -> str:
    return f"{'PASS' if passed else 'FAIL'} {name}: {value} ({target})"


if __name__ == "__main__":
    import json
    import sys

    results = run(quick="--quick" in sys.argv)
    for line in results.pop("targets"):
        print(line)
    print(json.dumps(results, indent=1))
