"""Per-call cost of DynamoDB reads as the table grows: Query of one 30-item partition, Scan pages of 30
(from the start and from an ExclusiveStartKey deep in the table), GetItem; at 1,000 and 100,000 items
(10,000 with --quick). Issue 7's target: the large table within 1.5x of the small one."""

from __future__ import annotations

import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import psutil
from botocore.config import Config

from tests.server_process import start_server

PARTITION = 30
TARGET_GROWTH = 1.5


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


def _server_cpu_ms(server: psutil.Process, call, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """The server's CPU time per call: steady on a loaded machine, unlike wall-clock time."""
    call()
    before = server.cpu_times()
    for _ in range(repeat):
        call()
    after = server.cpu_times()
    spent = (after.user - before.user) + (after.system - before.system)
    return round(spent * 1000 / repeat, 3)


def _measure(client, table: str, count: int, repeat: int, server: psutil.Process) -> dict:  # type: ignore[no-untyped-def]
    middle = f"p{(count // PARTITION) // 2:06d}"
    calls = {
        "query_30": lambda: client.query(
            TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": middle}}
        ),
        "scan_30_first_page": lambda: client.scan(TableName=table, Limit=30),
        "scan_30_deep_page": lambda: client.scan(
            TableName=table, Limit=30, ExclusiveStartKey={"pk": {"S": middle}, "sk": {"N": "5"}}
        ),
        "get_item": lambda: client.get_item(TableName=table, Key={"pk": {"S": middle}, "sk": {"N": "3"}}),
    }
    figures = {}
    for name, call in calls.items():
        figures[f"{name}_ms"] = _median_ms(call, repeat)
        figures[f"{name}_server_cpu_ms"] = _server_cpu_ms(server, call, repeat)
    return figures


def run(quick: bool = False) -> dict:
    levels = [1_000, 10_000] if quick else [1_000, 100_000]
    repeat = 30 if quick else 100
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["dynamodb"], extra_env={"DEBUG": "0"})
        try:
            client = _client(server.edge_url)
            process = psutil.Process(server.process.pid)
            per_level = {}
            for count in levels:
                table = f"bench-{count}"
                _load(client, table, count)
                per_level[count] = _measure(client, table, count, repeat, process)
                for name, value in per_level[count].items():
                    figures[f"dynamodb_{name}_at_{count}"] = value
            small, large = per_level[levels[0]], per_level[levels[1]]
            for name in small:
                if not name.endswith("_server_cpu_ms"):
                    continue
                # The target is judged on server CPU per call: wall-clock swings with the machine's load.
                growth = round(large[name] / small[name], 2) if small[name] else 0.0
                label = name.removesuffix("_server_cpu_ms")
                figures[f"dynamodb_{label}_cpu_growth"] = growth
                figures[f"dynamodb_{label}_within_{TARGET_GROWTH}x"] = growth <= TARGET_GROWTH
        finally:
            server.stop()
    return figures


if __name__ == "__main__":
    import sys

    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key}: {value}")
