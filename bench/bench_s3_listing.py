"""Per-call cost of ListObjectsV2 as a bucket grows: a 1,000-key page from a bucket of 1,000 keys and from
one of 100,000 (10,000 with --quick). A listing must cost in proportion to its page: target within 1.5x."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.rawclient import COUNTER, capture
from bench.scale import _fill, per_call_us
from bench.servers import client
from tests.server_process import start_server

BUCKET = "bench-listing"
TARGET_RATIO = 1.5


def _measure(url: str, levels: list[int], calls: int) -> dict:
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
        results["levels"][level] = {
            "fill_seconds": round(time.perf_counter() - began, 1),
            "page_1000_us": per_call_us(url, first_page, calls, 0),
            "page_300_us": per_call_us(url, small_page, calls, 0),
        }
    low, high = levels[0], levels[-1]
    ratio = (
        results["levels"][high]["page_1000_us"]["median_us"]
        / results["levels"][low]["page_1000_us"]["median_us"]
    )
    results["list_objects_v2_growth_ratio"] = round(ratio, 2)
    results["list_objects_v2_target_met"] = ratio <= TARGET_RATIO
    return results


def run(quick: bool = False) -> dict:
    levels = [1000, 10_000] if quick else [1000, 100_000]
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["s3"], extra_env={"DEBUG": "0"})
        try:
            return _measure(server.edge_url, levels, 20 if quick else 50)
        finally:
            server.stop()


if __name__ == "__main__":
    import sys

    result = run("--quick" in sys.argv)
    for level, figures in result["levels"].items():
        page = figures["page_1000_us"]["median_us"] / 1000
        small = figures["page_300_us"]["median_us"] / 1000
        print(
            f"{level:>8,} keys: 1,000-key page {page:7.2f} ms, 300-key page {small:7.2f} ms "
            f"(filled in {figures['fill_seconds']} s)"
        )
    print(
        f"growth 1,000-key page: {result['list_objects_v2_growth_ratio']}x "
        f"({'PASS' if result['list_objects_v2_target_met'] else 'FAIL'}, target <= {TARGET_RATIO}x)"
    )
