"""What the pytest plugin costs a test suite: the session emulator's start (wall and the child's CPU)
and stop, and `localstack_reset` (POST /_localstack/state/reset) with a few and with many resources.

`python -m bench.bench_pytest_plugin [--quick]`."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import psutil

from localstack.testing.emulator import Emulator, start_emulator

TARGET_START_S = 0.5
TARGET_RESET_MS = 50.0


def _fill(emulator: Emulator, count: int, tag: str) -> None:
    s3, sqs, dynamodb = emulator.client("s3"), emulator.client("sqs"), emulator.client("dynamodb")
    for index in range(count):
        s3.create_bucket(Bucket=f"bench-{tag}-{index}")
        s3.put_object(Bucket=f"bench-{tag}-{index}", Key="k", Body=b"x" * 1024)
        sqs.create_queue(QueueName=f"bench-{tag}-{index}")
    dynamodb.create_table(
        TableName=f"bench-{tag}",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for index in range(count):
        dynamodb.put_item(TableName=f"bench-{tag}", Item={"id": {"S": str(index)}})


def _ms(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1 if len(ordered) > 1 else 0] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def run(quick: bool = False) -> dict:
    starts, cpus, stops = [], [], []
    resets: dict[int, list[float]] = {3: [], 100: []}
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(3 if quick else 5):
            began = time.monotonic()
            emulator = start_emulator(Path(tmp) / str(attempt), extra_env={"DEBUG": "0"})
            starts.append(time.monotonic() - began)
            times = psutil.Process(emulator.process.pid).cpu_times()  # type: ignore[union-attr]
            cpus.append(times.user + times.system)
            try:
                for size, samples in resets.items():
                    for round_ in range(2 if quick else 4):
                        _fill(emulator, size, f"{attempt}-{round_}")
                        began = time.monotonic()
                        emulator.reset()
                        samples.append(time.monotonic() - began)
            finally:
                began = time.monotonic()
                emulator.stop()
                stops.append(time.monotonic() - began)
    return {
        "plugin_start_s": [round(value, 3) for value in starts],
        "plugin_start_median_s": round(statistics.median(starts), 3),
        "plugin_start_child_cpu_s": [round(value, 3) for value in cpus],
        "plugin_stop_median_s": round(statistics.median(stops), 3),
        **{
            f"reset_{size}_each_{key}": value
            for size, samples in resets.items()
            for key, value in _ms(samples).items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    figures = run(parser.parse_args().quick)
    start_ok = figures["plugin_start_median_s"] < TARGET_START_S
    reset_ok = figures["reset_100_each_median_ms"] < TARGET_RESET_MS
    verdict = {True: "PASS", False: "FAIL"}
    median = figures["plugin_start_median_s"]
    print(f"start median {median}s (target {TARGET_START_S}s): {verdict[start_ok]}")
    print(
        f"reset with 100 buckets, queues and items: median {figures['reset_100_each_median_ms']} ms "
        f"(target {TARGET_RESET_MS:g} ms): {verdict[reset_ok]}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
