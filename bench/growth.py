"""Per-call cost as stores grow (issue 11, issue 7): each operation of the throughput table and the reads
whose cost could follow the data (DynamoDB Query and Scan on the table and its indexes, S3
ListObjectsV2, SQS ReceiveMessage past messages in flight), at 1,000 and at 100,000 stored items,
objects or messages (10,000 with --quick). Target: the large store within 1.5x of the small one.

    python -m bench.growth [--quick] [--levels 1000,100000] [--calls 300]

One server (`python -m bench.call_counter start`: S3, SQS and DynamoDB, edge only). Each store is filled
over HTTP through the public API from 8 threads, with each service's batch call where it has one (SQS
SendMessageBatch of 10, DynamoDB BatchWriteItem of 25; S3 has none, so one PutObject per object). Each
row is measured three ways at each level, because the machine is shared and wall time swings with its
load:
- wall: median microseconds of `calls` sequential calls on one keep-alive connection;
- server CPU: the server's threads' CPU time (/proc schedstat, ns) per call, median of 10 blocks (the
  mean is kept too), after 30 warm-up calls;
- Python calls: function and builtin calls per request made by the server thread serving a fresh
  connection (`bench.call_counter`), over `count_calls` calls: this one does not move with load.
The verdict per row is on Python calls, then server CPU; wall is printed for the record.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil

from bench.rawclient import COUNTER, Connection, Template, capture, json_field
from bench.scale import fill
from bench.servers import client
from localstack.testing.emulator import Emulator, _wait_ready, emulator_env

TARGET_GROWTH = 1.5
KIB = b"x" * 1024

# A probe makes one request (or one logical operation) on `conn`; `n` is unique per call.
Call = Callable[[Connection, int], None]


@dataclass
class Store:
    """A store filled `batch` items per `fill` request (its counter is the first item's number)."""

    name: str
    batch: int
    fill: list[Template]
    probes: list[tuple[str, Call]] = field(default_factory=list)
    # Level -> probes built once the store holds that many (they name keys that exist by then).
    probes_at: Callable[[int], list[tuple[str, Call]]] | None = None


def _send(template: Template) -> Call:
    return lambda conn, n: (conn.send(template, n), None)[1]


# ---------------------------------------------------------------- stores


def sqs_stores(url: str, tag: str = "") -> list[Store]:
    sqs = client("sqs", url)
    deep = sqs.create_queue(QueueName=f"growth-deep{tag}")["QueueUrl"]
    entries = [{"Id": str(n), "MessageBody": f"{COUNTER}-{n} " + "m" * 90} for n in range(10)]
    send = capture("sqs", url, "send_message", QueueUrl=deep, MessageBody=f"probe {COUNTER} " + "m" * 90)
    # VisibilityTimeout=0: the message stays visible, so each call finds the queue as deep as filled.
    peek = capture("sqs", url, "receive_message", QueueUrl=deep, VisibilityTimeout=0)
    receive = capture("sqs", url, "receive_message", QueueUrl=deep, VisibilityTimeout=600)
    delete = capture("sqs", url, "delete_message", QueueUrl=deep, ReceiptHandle=COUNTER)

    def receive_delete(conn: Connection, n: int) -> None:
        handle = json_field(conn.send(receive, n), "Messages", 0, "ReceiptHandle")
        conn.send(delete, handle)

    deep_store = Store(
        "SQS, messages in queue",
        10,
        [capture("sqs", url, "send_message_batch", QueueUrl=deep, Entries=entries)],
        [
            ("SQS SendMessage", _send(send)),
            ("SQS ReceiveMessage (stays visible)", _send(peek)),
            ("SQS ReceiveMessage+DeleteMessage", receive_delete),
        ],
    )
    # Every filled message is received once and stays in flight for an hour: a receive must pass them.
    busy = sqs.create_queue(QueueName=f"growth-in-flight{tag}")["QueueUrl"]
    busy_send = capture("sqs", url, "send_message", QueueUrl=busy, MessageBody=f"probe {COUNTER}")
    busy_receive = capture("sqs", url, "receive_message", QueueUrl=busy, VisibilityTimeout=0)

    def send_receive(conn: Connection, n: int) -> None:
        conn.send(busy_send, n)
        conn.send(busy_receive, n)

    in_flight = Store(
        "SQS, messages in flight",
        10,
        [
            capture("sqs", url, "send_message_batch", QueueUrl=busy, Entries=entries),
            capture(
                "sqs", url, "receive_message", QueueUrl=busy, MaxNumberOfMessages=10, VisibilityTimeout=3600
            ),
        ],
        [("SQS SendMessage+ReceiveMessage past in-flight", send_receive)],
    )
    return [deep_store, in_flight]


def s3_store(url: str, tag: str = "") -> Store:
    bucket = f"growth-bucket{tag}"
    client("s3", url).create_bucket(Bucket=bucket)
    put = capture("s3", url, "put_object", Bucket=bucket, Key=f"probe/{COUNTER}", Body=KIB)
    get = capture("s3", url, "get_object", Bucket=bucket, Key="fill/7")
    first = capture("s3", url, "list_objects_v2", Bucket=bucket, MaxKeys=300)
    deep = capture("s3", url, "list_objects_v2", Bucket=bucket, MaxKeys=300, StartAfter="fill/5")
    prefix = capture("s3", url, "list_objects_v2", Bucket=bucket, Prefix="fill/5", MaxKeys=100)
    delimiter = capture("s3", url, "list_objects_v2", Bucket=bucket, Delimiter="/", MaxKeys=300)
    return Store(
        "S3, objects in bucket",
        1,
        [capture("s3", url, "put_object", Bucket=bucket, Key=f"fill/{COUNTER}", Body=KIB)],
        [
            ("S3 PutObject 1 KiB", _send(put)),
            ("S3 GetObject 1 KiB", _send(get)),
            ("S3 ListObjectsV2 300 keys, first page", _send(first)),
            ("S3 ListObjectsV2 300 keys, StartAfter mid", _send(deep)),
            ("S3 ListObjectsV2 100 keys, Prefix", _send(prefix)),
            ("S3 ListObjectsV2 Delimiter=/ (2 prefixes)", _send(delimiter)),
        ],
    )


PARTITION = 25  # one BatchWriteItem fills one partition (and one GSI key)


def dynamodb_store(url: str, tag: str = "") -> Store:
    table = f"growth-table{tag}"
    client("dynamodb", url).create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "g", "AttributeType": "S"},
            {"AttributeName": "l", "AttributeType": "N"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [
                    {"AttributeName": "g", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-l",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "l", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    items = [
        {
            "PutRequest": {
                "Item": {
                    "pk": {"S": f"p{COUNTER}"},
                    "sk": {"N": str(n)},
                    "g": {"S": f"g{COUNTER}"},
                    "l": {"N": str(PARTITION - n)},
                    "v": {"S": "v" * 100},
                }
            }
        }
        for n in range(PARTITION)
    ]
    fill_template = capture("dynamodb", url, "batch_write_item", RequestItems={table: items})
    item = {"pk": {"S": f"probe-{COUNTER}"}, "sk": {"N": "0"}, "v": {"S": "v" * 100}}
    put = capture("dynamodb", url, "put_item", TableName=table, Item=item)

    def at(level: int) -> list[tuple[str, Call]]:
        middle = (level // 2) // PARTITION * PARTITION
        pk, g = {"S": f"p{middle}"}, {"S": f"g{middle}"}
        values = {":p": pk}
        reads = {
            "DynamoDB GetItem": capture(
                "dynamodb", url, "get_item", TableName=table, Key={"pk": pk, "sk": {"N": "3"}}
            ),
            "DynamoDB Query 25 items": capture(
                "dynamodb",
                url,
                "query",
                TableName=table,
                KeyConditionExpression="pk = :p",
                ExpressionAttributeValues=values,
            ),
            "DynamoDB Scan Limit 25, first page": capture("dynamodb", url, "scan", TableName=table, Limit=25),
            "DynamoDB Scan Limit 25, deep page": capture(
                "dynamodb",
                url,
                "scan",
                TableName=table,
                Limit=25,
                ExclusiveStartKey={"pk": pk, "sk": {"N": "5"}},
            ),
            "DynamoDB Query GSI 25 items": capture(
                "dynamodb",
                url,
                "query",
                TableName=table,
                IndexName="by-g",
                KeyConditionExpression="g = :g",
                ExpressionAttributeValues={":g": g},
            ),
            "DynamoDB Query LSI 25 items": capture(
                "dynamodb",
                url,
                "query",
                TableName=table,
                IndexName="by-l",
                KeyConditionExpression="pk = :p AND l > :l",
                ExpressionAttributeValues={":p": pk, ":l": {"N": "0"}},
            ),
            "DynamoDB Scan GSI Limit 25": capture(
                "dynamodb", url, "scan", TableName=table, IndexName="by-g", Limit=25
            ),
        }
        return [(name, _send(template)) for name, template in reads.items()]

    return Store(
        "DynamoDB, items in table", PARTITION, [fill_template], [("DynamoDB PutItem", _send(put))], at
    )


# ---------------------------------------------------------------- measuring


class CountedServer:
    """The emulator run under `bench.call_counter`, so that it can count the calls a request makes."""

    def __init__(self, work: Path) -> None:
        extra = {"DEBUG": "0", "USE_LEGACY_PORTS": "0", "SERVICES": "s3,sqs,dynamodb"}
        env, edge_port, ports = emulator_env(work, None, extra)
        self.count_file = work / "calls"
        env["BENCH_CALL_COUNT_FILE"] = str(self.count_file)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH", "")) if p
        )
        log = work / "server.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.call_counter", "start"],
            stdout=open(log, "wb"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        self.emulator = Emulator(process, edge_port, ports, log, env)
        _wait_ready(self.emulator, 60.0)
        self.url = self.emulator.edge_url
        self.process = psutil.Process(process.pid)

    def cpu_seconds(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system

    def count_calls(self, call: Call, calls: int, offset: int) -> float:
        self.count_file.unlink(missing_ok=True)
        self.process.send_signal(signal.SIGUSR1)
        time.sleep(0.3)  # the handler runs in the server's main thread within its 0.1 s wait
        conn = Connection(self.url)
        try:
            for i in range(calls):
                call(conn, offset + i)
        finally:
            conn.close()
        time.sleep(0.3)  # the connection's thread sees the close and ends
        self.process.send_signal(signal.SIGUSR2)
        deadline = time.monotonic() + 10
        while not self.count_file.exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not write its call count")
            time.sleep(0.05)
        return int(self.count_file.read_text()) / calls

    def stop(self) -> None:
        self.emulator.stop()


def _thread_cpu_ns(pid: int) -> dict[str, int]:
    """CPU nanoseconds of each live thread of `pid` (schedstat: exact, where psutil counts 10 ms ticks)."""
    times = {}
    base = f"/proc/{pid}/task"
    for tid in os.listdir(base):
        try:
            with open(f"{base}/{tid}/schedstat") as stat:
                times[tid] = int(stat.read().split()[0])
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return times


def _cpu_delta_ns(before: dict[str, int], after: dict[str, int]) -> int:
    return sum(after[tid] - before.get(tid, 0) for tid in after)


BLOCKS = 10
WARM_UP = 30


def measure(server: CountedServer, call: Call, calls: int, count_calls: int, offset: int) -> dict:
    """Wall median per call; server CPU per call as the median of BLOCKS blocks of calls (a collection
    of the whole heap or a burst of load on the shared machine lands in one block, not in the figure);
    Python calls per request. WARM_UP calls first: the fill leaves objects for the collector to age."""
    conn = Connection(server.url)
    pid = server.process.pid
    try:
        for i in range(WARM_UP):
            call(conn, offset - WARM_UP + i)
        samples: list[float] = []
        block_cpu: list[float] = []
        per_block = max(1, calls // BLOCKS)
        for block in range(BLOCKS):
            before = _thread_cpu_ns(pid)
            for i in range(per_block):
                began = time.perf_counter()
                call(conn, offset + block * per_block + i)
                samples.append((time.perf_counter() - began) * 1e6)
            block_cpu.append(_cpu_delta_ns(before, _thread_cpu_ns(pid)) / 1000 / per_block)
    finally:
        conn.close()
    return {
        "wall_median_us": round(statistics.median(samples), 1),
        "server_cpu_us": round(statistics.median(block_cpu), 1),
        "server_cpu_mean_us": round(statistics.fmean(block_cpu), 1),
        "python_calls": round(server.count_calls(call, count_calls, offset + calls + 1), 1),
    }


def run(levels: list[int], calls: int, count_calls: int, only: set[str] | None = None) -> list[dict]:
    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = CountedServer(Path(tmp))
        try:
            stores = [*sqs_stores(server.url), s3_store(server.url), dynamodb_store(server.url)]
            for store in stores:
                if only and not any(word in store.name for word in only):
                    continue
                filled = 0
                for level in levels:
                    began = time.perf_counter()
                    fill(server.url, store.fill, store.batch, filled, level)
                    filled = level
                    fill_seconds = round(time.perf_counter() - began, 1)
                    print(f"{store.name}: filled to {level:,} in {fill_seconds} s", flush=True)
                    probes = list(store.probes) + (store.probes_at(level) if store.probes_at else [])
                    for name, call in probes:
                        row = rows.setdefault(name, {"operation": name, "store": store.name, "levels": {}})
                        figures = measure(server, call, calls, count_calls, offset=level * 10)
                        figures["fill_seconds"] = fill_seconds
                        row["levels"][level] = figures
                        print(f"  {name:<48} {json.dumps(figures)}", flush=True)
        finally:
            server.stop()
    return [_verdict(row, levels) for row in rows.values()]


def _stores(url: str, tag: str) -> list[Store]:
    return [*sqs_stores(url, tag), s3_store(url, tag), dynamodb_store(url, tag)]


def _block(
    server: CountedServer, conn: Connection, call: Call, count: int, offset: int
) -> tuple[list, float]:
    """`count` calls: their wall times (us) and the server's CPU per call (us)."""
    samples = []
    before = _thread_cpu_ns(server.process.pid)
    for i in range(count):
        began = time.perf_counter()
        call(conn, offset + i)
        samples.append((time.perf_counter() - began) * 1e6)
    return samples, _cpu_delta_ns(before, _thread_cpu_ns(server.process.pid)) / 1000 / count


def run_paired(levels: list[int], calls: int, count_calls: int, only: set[str] | None = None) -> list[dict]:
    """Each store twice in one server, one filled to the small level and one to the large, and every
    row measured on both in alternating blocks: the machine's load and the collector's work over the
    whole heap fall on both sides alike, so the CPU ratio is the operation's own growth."""
    small, large = levels[0], levels[-1]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        server = CountedServer(Path(tmp))
        try:
            pairs = zip(_stores(server.url, "-small"), _stores(server.url, "-large"), strict=True)
            for low, high in pairs:
                if only and not any(word in low.name for word in only):
                    continue
                fills = {}
                for store, level in ((low, small), (high, large)):
                    began = time.perf_counter()
                    fill(server.url, store.fill, store.batch, 0, level)
                    fills[level] = round(time.perf_counter() - began, 1)
                    print(f"{store.name}: filled to {level:,} in {fills[level]} s", flush=True)
                probes = [
                    list(store.probes) + (store.probes_at(level) if store.probes_at else [])
                    for store, level in ((low, small), (high, large))
                ]
                for (name, call_low), (_, call_high) in zip(*probes, strict=True):
                    sides = {small: call_low, large: call_high}
                    conns = {level: Connection(server.url) for level in sides}
                    walls: dict[int, list] = {level: [] for level in sides}
                    cpus: dict[int, list] = {level: [] for level in sides}
                    per_block = max(1, calls // BLOCKS)
                    try:
                        for level, call in sides.items():
                            for i in range(WARM_UP):
                                call(conns[level], level * 10 - WARM_UP + i)
                        for block in range(BLOCKS):
                            order = (small, large) if block % 2 == 0 else (large, small)
                            for level in order:
                                offset = level * 10 + block * per_block
                                samples, cpu = _block(server, conns[level], sides[level], per_block, offset)
                                walls[level] += samples
                                cpus[level].append(cpu)
                    finally:
                        for conn in conns.values():
                            conn.close()
                    row: dict = {"operation": name, "store": low.name, "levels": {}}
                    for level, call in sides.items():
                        row["levels"][level] = {
                            "wall_median_us": round(statistics.median(walls[level]), 1),
                            "server_cpu_us": round(statistics.median(cpus[level]), 1),
                            "server_cpu_mean_us": round(statistics.fmean(cpus[level]), 1),
                            "python_calls": round(
                                server.count_calls(call, count_calls, level * 10 + calls + 1), 1
                            ),
                            "fill_seconds": fills[level],
                        }
                    print(f"  {name:<48} {json.dumps(row['levels'])}", flush=True)
                    rows.append(_verdict(row, [small, large]))
        finally:
            server.stop()
    return rows


def _verdict(row: dict, levels: list[int]) -> dict:
    low, high = row["levels"][levels[0]], row["levels"][levels[-1]]
    for key in ("wall_median_us", "server_cpu_us", "python_calls"):
        row[f"{key}_growth"] = round(high[key] / low[key], 2) if low[key] else 0.0
    row["pass"] = row["python_calls_growth"] <= TARGET_GROWTH and row["server_cpu_us_growth"] <= TARGET_GROWTH
    return row


def print_table(rows: list[dict], levels: list[int]) -> None:
    low, high = levels[0], levels[-1]
    print(f"\n{'operation':<48} | {'Python calls':>21} | {'server CPU us':>19} | {'wall median us':>19} |")
    sizes = f"{low:>6,} {high:>6,} {'x':>5}"
    print(f"{'':<48} | {low:>7,} {high:>7,} {'x':>5} | {sizes} | {sizes} |")
    for row in rows:
        a, b = row["levels"][low], row["levels"][high]
        verdict = "PASS" if row["pass"] else "FAIL"
        print(
            f"{row['operation']:<48} | {a['python_calls']:>7.0f} {b['python_calls']:>7.0f} "
            f"{row['python_calls_growth']:>5.2f} | {a['server_cpu_us']:>6.0f} {b['server_cpu_us']:>6.0f} "
            f"{row['server_cpu_us_growth']:>5.2f} | {a['wall_median_us']:>6.0f} {b['wall_median_us']:>6.0f} "
            f"{row['wall_median_us_growth']:>5.2f} | {verdict}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 vs 10,000 stored, fewer calls")
    parser.add_argument("--levels", help="comma-separated store sizes (default 1000,100000)")
    parser.add_argument("--calls", type=int, help="timed calls per row and level")
    parser.add_argument(
        "--only", help="comma-separated words: only the stores whose name has one (SQS,S3,...)"
    )
    parser.add_argument(
        "--paired",
        action="store_true",
        help="a small and a large copy of each store in one server, measured in alternating blocks",
    )
    args = parser.parse_args(argv)
    levels = [1_000, 10_000] if args.quick else [1_000, 100_000]
    if args.levels:
        levels = [int(value) for value in args.levels.split(",")]
    calls = args.calls or (50 if args.quick else 200)
    only = set(args.only.split(",")) if args.only else None
    runner = run_paired if args.paired else run
    rows = runner(levels, calls, 10 if args.quick else 20, only)
    print_table(rows, levels)
    print("\n" + json.dumps({"levels": levels, "growth": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
