"""Per-call cost of DynamoDB reads as the table grows: Query of one 30-item partition, Scan pages of 30
(from the start and from an ExclusiveStartKey deep in the table), GetItem; at 1,000 and 100,000 items
(10,000 with --quick). Issue 7's target: the large table within 1.5x of the small one.

The verdict is server CPU per call against a reference server holding only a 1,000-item table, in
alternating blocks (bench.reference), after warm-up reads and a quiet server. Measured alone, right
after the fill, a window of 100 calls summed the collector's pass over the whole heap (which a fill of
100,000 items leaves owed, 0.1-3.6 s) and the first read's build of the table's sorted key index, and
read as a per-call cost that doubled (1.0 -> 1.9 ms; bench/RESULTS.md has the evidence)."""

from __future__ import annotations

import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from botocore.config import Config

from bench.reference import alternate, wait_quiet
from tests.server_process import start_server

PARTITION = 30
TARGET_GROWTH = 1.5
REFERENCE = 1_000


def _client(url: str):  # type: ignore[no-untyped-def]
    return boto3.client(
        "dynamodb",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}, max_pool_connections=8),
    )


def _load(client, table: str, count: int) -> None:  # type: ignore[no-untyped-def]
    client.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    items = [
        {"pk": {"S": f"p{index // PARTITION:06d}"}, "sk": {"N": str(index % PARTITION)}, "v": {"S": "x" * 40}}
        for index in range(count)
    ]
    batches = [items[start : start + 25] for start in range(0, count, 25)]

    def write(batch: list) -> None:
        client.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": item}} for item in batch]})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, batches))


def _median_ms(call, repeat: int) -> float:  # type: ignore[no-untyped-def]
    call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)


def _reads(client, table: str, count: int) -> dict:  # type: ignore[no-untyped-def]
    middle = f"p{(count // PARTITION) // 2:06d}"
    return {
        "query_30": lambda: client.query(
            TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": middle}}
        ),
        "scan_30_first_page": lambda: client.scan(TableName=table, Limit=30),
        "scan_30_deep_page": lambda: client.scan(
            TableName=table, Limit=30, ExclusiveStartKey={"pk": {"S": middle}, "sk": {"N": "5"}}
        ),
        "get_item": lambda: client.get_item(TableName=table, Key={"pk": {"S": middle}, "sk": {"N": "3"}}),
    }


def _measure(grown: tuple, reference: tuple, count: int, repeat: int) -> dict:
    (client, pid), (ref_client, ref_pid) = grown, reference
    calls = _reads(client, f"bench-{count}", count)
    ref_calls = _reads(ref_client, f"bench-{REFERENCE}", REFERENCE)
    # The first read of a table builds its sorted key index: a one-time cost, not a per-call one.
    for call in (*calls.values(), *ref_calls.values()):
        call()
    figures: dict = {"quiet_wait_s": wait_quiet([pid, ref_pid])}
    for name, call in calls.items():
        figures[f"{name}_ms"] = _median_ms(call, repeat)
        cpu = alternate({"grown": (pid, call), "reference": (ref_pid, ref_calls[name])})
        figures[f"{name}_server_cpu_ms"] = round(cpu["grown"]["median_us"] / 1000, 3)
        figures[f"{name}_server_cpu_max_block_ms"] = round(cpu["grown"]["max_block_us"] / 1000, 3)
        figures[f"{name}_reference_cpu_ms"] = round(cpu["reference"]["median_us"] / 1000, 3)
    return figures


def run(quick: bool = False) -> dict:
    levels = [1_000, 10_000] if quick else [1_000, 100_000]
    repeat = 30 if quick else 100
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "grown", services=["dynamodb"], extra_env={"DEBUG": "0"})
        reference = start_server(Path(tmp) / "reference", services=["dynamodb"], extra_env={"DEBUG": "0"})
        try:
            grown = (_client(server.edge_url), server.process.pid)
            held = (_client(reference.edge_url), reference.process.pid)
            _load(held[0], f"bench-{REFERENCE}", REFERENCE)
            per_level = {}
            for count in levels:
                _load(grown[0], f"bench-{count}", count)
                per_level[count] = _measure(grown, held, count, repeat)
                for name, value in per_level[count].items():
                    figures[f"dynamodb_{name}_at_{count}"] = value
            large = per_level[levels[-1]]
            for name in large:
                if not name.endswith("_server_cpu_ms"):
                    continue
                # The large table against the 1,000-item reference, in the same blocks of time.
                label = name.removesuffix("_server_cpu_ms")
                base = large[f"{label}_reference_cpu_ms"]
                growth = round(large[name] / base, 2) if base else 0.0
                figures[f"dynamodb_{label}_cpu_growth"] = growth
                figures[f"dynamodb_{label}_within_{TARGET_GROWTH}x"] = growth <= TARGET_GROWTH
        finally:
            server.stop()
            reference.stop()
    return figures


if __name__ == "__main__":
    import sys

    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key}: {value}")
