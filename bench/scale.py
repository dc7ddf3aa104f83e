"""Per-call cost as the stores grow: SQS send and receive on a deep queue, S3 put and get in a full
bucket, DynamoDB put and get in a big table. Stores are filled with batch APIs from several threads."""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from bench.rawclient import COUNTER, Connection, Template, capture
from bench.servers import client
from bench.workloads import KIB

FILL_THREADS = 8


@dataclass
class Store:
    """A store the bench fills: `fill` adds the items numbered [start, stop) via `conn`."""

    name: str
    batch: int  # items per fill request
    fill: Template
    probe: Template
    # Further operations timed at each level: (row name, template).
    more: list[tuple[str, Template]] = field(default_factory=list)


def fill(url: str, templates: list[Template], batch: int, start: int, stop: int) -> None:
    """Items [start, stop) in requests of `batch` items from FILL_THREADS threads; each batch sends every
    template in turn (SQS: send, then receive what was sent to keep it in flight)."""
    starts = list(range(start, stop, batch))
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        conn = Connection(url)
        try:
            while True:
                with lock:
                    if not starts or errors:
                        return
                    first = starts.pop()
                for template in templates:
                    conn.send(template, first)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(FILL_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"filling failed: {errors[0]}")


def _fill(url: str, template: Template, batch: int, start: int, stop: int) -> None:
    """Add items [start, stop) in requests of `batch` items, from FILL_THREADS threads."""
    fill(url, [template], batch, start, stop)


def sqs_store(url: str, tag: str) -> Store:
    queue = client("sqs", url).create_queue(QueueName=f"bench-deep-{tag}")["QueueUrl"]
    entries = [{"Id": str(n), "MessageBody": f"{COUNTER}-{n} " + "m" * 90} for n in range(10)]
    fill = capture("sqs", url, "send_message_batch", QueueUrl=queue, Entries=entries)
    probe = capture("sqs", url, "send_message", QueueUrl=queue, MessageBody="probe " + "m" * 94)
    # VisibilityTimeout=0: the message stays visible, so each call finds the queue as deep as filled.
    receive = capture("sqs", url, "receive_message", QueueUrl=queue, VisibilityTimeout=0)
    more = [("SQS ReceiveMessage, messages in queue", receive)]
    return Store("SQS SendMessage, messages in queue", 10, fill, probe, more)


def s3_store(url: str, tag: str) -> Store:
    bucket = f"bench-full-{tag}"
    client("s3", url).create_bucket(Bucket=bucket)
    fill = capture("s3", url, "put_object", Bucket=bucket, Key=f"fill/{COUNTER}", Body=KIB)
    probe = capture("s3", url, "put_object", Bucket=bucket, Key=f"probe/{COUNTER}", Body=KIB)
    get = capture("s3", url, "get_object", Bucket=bucket, Key="fill/7")
    more = [("S3 GetObject, objects in bucket", get)]
    return Store("S3 PutObject, objects in bucket", 1, fill, probe, more)


def dynamodb_store(url: str, tag: str) -> Store:
    table = f"bench-big-{tag}"
    client("dynamodb", url).create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    items = [
        {"PutRequest": {"Item": {"pk": {"S": f"{COUNTER}-{n}"}, "value": {"S": "v" * 100}}}}
        for n in range(25)
    ]
    fill = capture("dynamodb", url, "batch_write_item", RequestItems={table: items})
    item = {"pk": {"S": f"probe-{COUNTER}"}, "value": {"S": "v" * 100}}
    probe = capture("dynamodb", url, "put_item", TableName=table, Item=item)
    get = capture("dynamodb", url, "get_item", TableName=table, Key={"pk": {"S": "0-3"}})
    more = [("DynamoDB GetItem, items in table", get)]
    return Store("DynamoDB PutItem, items in table", 25, fill, probe, more)


STORES: list[Callable[[str, str], Store]] = [sqs_store, s3_store, dynamodb_store]


def per_call_us(url: str, template: Template, calls: int, offset: int) -> dict[str, float]:
    """Sequential calls on one connection: median and mean microseconds per call."""
    conn = Connection(url)
    try:
        conn.send(template, offset - 1)
        samples = []
        for i in range(calls):
            began = time.perf_counter()
            conn.send(template, offset + i)
            samples.append((time.perf_counter() - began) * 1e6)
    finally:
        conn.close()
    return {"median_us": statistics.median(samples), "mean_us": statistics.fmean(samples)}


def measure_growth(url: str, tag: str, levels: list[int], calls: int) -> list[dict]:
    """For each store: fill to each level in turn and time `calls` probe calls there."""
    results = []
    for factory in STORES:
        store = factory(url, tag)
        probes = [(store.name, store.probe), *store.more]
        rows = [{"store": name, "levels": {}} for name, _ in probes]
        filled = 0
        for level in levels:
            began = time.perf_counter()
            # Fill requests number their items by the first index they carry; batches never overlap.
            _fill(url, store.fill, store.batch, filled, level)
            rows[0].setdefault("fill_seconds", {})[level] = round(time.perf_counter() - began, 1)
            filled = level
            for row, (_, template) in zip(rows, probes, strict=True):
                row["levels"][level] = per_call_us(url, template, calls, offset=level * 10)
        results.extend(rows)
    return results
