"""Per-call cost of ListObjectsV2 as a bucket grows: a 1,000-key page from a bucket of 1,000 keys and from
one of 100,000 (10,000 with --quick). A listing must cost in proportion to its page: target within 1.5x.

The verdict is server CPU per call against a reference server holding only a 1,000-key bucket, in
alternating blocks (bench.reference), after warm-up calls and a quiet server. The wall-clock median,
measured alone after the fill, moved with whatever else the 2-core machine did (2.4 -> 5.0 ms in one
idle run while the Python calls per request stayed 16,225 / 16,243; bench/RESULTS.md); it is kept for
the record."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.rawclient import COUNTER, Connection, Template, capture
from bench.reference import alternate, wait_quiet
from bench.scale import _fill, per_call_us
from bench.servers import client
from tests.server_process import start_server

BUCKET = "bench-listing"
TARGET_RATIO = 1.5
REFERENCE = 1000


def _sender(url: str, template: Template, connections: list[Connection]):  # type: ignore[no-untyped-def]
    conn = Connection(url)
    connections.append(conn)
    return lambda: conn.send(template, 0)


def _measure(url: str, pid: int, ref_url: str, ref_pid: int, levels: list[int], calls: int) -> dict:
    client("s3", ref_url).create_bucket(Bucket=BUCKET)
    _fill(
        ref_url,
        capture("s3", ref_url, "put_object", Bucket=BUCKET, Key=f"key/{COUNTER}", Body=b"x"),
        1,
        0,
        REFERENCE,
    )
    ref_page = capture("s3", ref_url, "list_objects_v2", Bucket=BUCKET, MaxKeys=1000)
    client("s3", url).create_bucket(Bucket=BUCKET)
    fill = capture("s3", url, "put_object", Bucket=BUCKET, Key=f"key/{COUNTER}", Body=b"x")
    first_page = capture("s3", url, "list_objects_v2", Bucket=BUCKET, MaxKeys=1000)
    small_page = capture("s3", url, "list_objects_v2", Bucket=BUCKET, MaxKeys=300)
    results: dict = {"levels": {}}
    filled = 0
    for level in levels:
        began = time.perf_counter()
        _fill(url, fill, 1, filled, level)
        filled = level
        figures = {
            "fill_seconds": round(time.perf_counter() - began, 1),
            "quiet_wait_s": wait_quiet([pid, ref_pid]),
        }
        connections: list[Connection] = []
        try:
            cpu = alternate(
                {
                    "grown": (pid, _sender(url, first_page, connections)),
                    "reference": (ref_pid, _sender(ref_url, ref_page, connections)),
                }
            )
        finally:
            for conn in connections:
                conn.close()
        figures["page_1000_server_cpu_us"] = cpu["grown"]
        figures["reference_page_1000_server_cpu_us"] = cpu["reference"]
        figures["page_1000_us"] = per_call_us(url, first_page, calls, 0)
        figures["page_300_us"] = per_call_us(url, small_page, calls, 0)
        results["levels"][level] = figures
    low, high = results["levels"][levels[0]], results["levels"][levels[-1]]
    # The large bucket against the 1,000-key reference, in the same blocks of time.
    ratio = (
        high["page_1000_server_cpu_us"]["median_us"] / high["reference_page_1000_server_cpu_us"]["median_us"]
    )
    wall_ratio = high["page_1000_us"]["median_us"] / low["page_1000_us"]["median_us"]
    results["list_objects_v2_growth_ratio"] = round(ratio, 2)
    results["list_objects_v2_wall_growth_ratio"] = round(wall_ratio, 2)
    results["list_objects_v2_target_met"] = ratio <= TARGET_RATIO
    return results


def run(quick: bool = False) -> dict:
    levels = [1000, 10_000] if quick else [1000, 100_000]
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "grown", services=["s3"], extra_env={"DEBUG": "0"})
        reference = start_server(Path(tmp) / "reference", services=["s3"], extra_env={"DEBUG": "0"})
        try:
            return _measure(
                server.edge_url,
                server.process.pid,
                reference.edge_url,
                reference.process.pid,
                levels,
                20 if quick else 50,
            )
        finally:
            server.stop()
            reference.stop()


if __name__ == "__main__":
    import sys

    result = run("--quick" in sys.argv)
    for level, figures in result["levels"].items():
        cpu, ref = figures["page_1000_server_cpu_us"], figures["reference_page_1000_server_cpu_us"]
        page = figures["page_1000_us"]["median_us"] / 1000
        small = figures["page_300_us"]["median_us"] / 1000
        print(
            f"{level:>8,} keys: 1,000-key page server CPU {cpu['median_us'] / 1000:6.2f} ms (reference "
            f"{ref['median_us'] / 1000:.2f}, costliest block {cpu['max_block_us'] / 1000:.2f}); wall "
            f"{page:7.2f} ms, 300-key page wall {small:7.2f} ms (filled in {figures['fill_seconds']} s, "
            f"quiet after {figures['quiet_wait_s']} s)"
        )
    print(
        f"growth 1,000-key page, server CPU against the reference: {result['list_objects_v2_growth_ratio']}x "
        f"({'PASS' if result['list_objects_v2_target_met'] else 'FAIL'}, target <= {TARGET_RATIO}x); "
        f"wall, measured alone: {result['list_objects_v2_wall_growth_ratio']}x (for the record)"
    )
