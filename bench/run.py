"""`python -m bench.run [--quick]`: start-up time, idle memory, throughput through the edge and the
legacy port beside a bare moto_server started in the same run, and per-call cost as stores grow.

Prints a table per section, a summary of the targets (PASS/FAIL) and, last, one line of JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time

from bench import scale
from bench.servers import Server, start_emulator, start_moto, temp_dir
from bench.workloads import OPERATIONS, ops_per_second

TARGET_READY_S = 1.0
TARGET_RSS_MB = 100.0
TARGET_RATIO = 1.5

# Benchmarks of the integrations, each a module with `run(quick) -> dict` that starts its own server.
INTEGRATION_BENCHES = [
    "bench_s3_events",
    "bench_sns",
    "bench_events",
    "bench_lambda",
    "bench_apigateway",
    "bench_stepfunctions",
    "bench_persistence",
]
# (module, figure, bound in ms, label): end-to-end latency targets of the integration issues.
LATENCY_TARGETS = [
    ("bench_s3_events", "s3_put_to_sqs_receive_median_ms", 20.0, "S3 PutObject -> receivable on SQS, median"),
    ("bench_sns", "sns_publish_to_sqs_receive_median_ms", 20.0, "SNS Publish -> receivable on SQS, median"),
    ("bench_lambda", "python_warm_ms_median", 5.0, "Lambda warm RequestResponse invoke (python), median"),
    ("bench_lambda", "python_cold_start_ms_median", 300.0, "Lambda cold start (python), median"),
]


def _throughput(emulator: Server, moto: Server, threads: list[int], seconds: float) -> list[dict]:
    rows = []
    for op in OPERATIONS:
        urls = {
            "moto": moto.url,
            "edge": emulator.url,
            "legacy": emulator.legacy_url(op.service),
        }
        row: dict = {"operation": op.name}
        for count in threads:
            for target, url in urls.items():
                call = op.setup(url, f"{target}-{count}-{int(time.time() * 1000) % 100000}", count)
                row[f"{target}_{count}"] = round(ops_per_second(url, call, count, seconds), 1)
            for target in ("edge", "legacy"):
                row[f"{target}_{count}_ratio"] = round(row[f"{target}_{count}"] / row[f"moto_{count}"], 2)
        rows.append(row)
        _print_throughput_row(row, threads)
    return rows


def _print_throughput_header(threads: list[int]) -> None:
    parts = [f"{'operation':<20}"]
    for count in threads:
        label = "seq" if count == 1 else f"{count} thr"
        parts.append(f"| {label + ' moto':>10} {'edge':>7} {'(x)':>6} {'legacy':>7} {'(x)':>6} ")
    print("".join(parts))


def _print_throughput_row(row: dict, threads: list[int]) -> None:
    parts = [f"{row['operation']:<20}"]
    for count in threads:
        moto, edge, legacy = row[f"moto_{count}"], row[f"edge_{count}"], row[f"legacy_{count}"]
        edge_x, legacy_x = row[f"edge_{count}_ratio"], row[f"legacy_{count}_ratio"]
        parts.append(f"| {moto:>10.0f} {edge:>7.0f} {edge_x:>5.2f}x {legacy:>7.0f} {legacy_x:>5.2f}x ")
    print("".join(parts), flush=True)


def _print_growth(rows: list[dict], levels: list[int]) -> None:
    print(f"{'store':<36}" + "".join(f"| {f'{level:,} stored':>16} " for level in levels) + "| growth")
    for row in rows:
        cells = "".join(f"| {row['levels'][level]['median_us']:>13.0f} us " for level in levels)
        first, last = row["levels"][levels[0]]["median_us"], row["levels"][levels[-1]]["median_us"]
        print(f"{row['store']:<36}{cells}| {last / first:.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short run: 0.5 s loops, 1,000 vs 10,000 stored")
    parser.add_argument("--seconds", type=float, help="duration of each throughput loop")
    parser.add_argument("--skip-growth", action="store_true", help="skip per-call cost vs stored data")
    parser.add_argument(
        "--only-integrations", action="store_true", help="run only the integration latency benchmarks"
    )
    parser.add_argument(
        "--skip-integrations", action="store_true", help="skip the integration latency benchmarks"
    )
    args = parser.parse_args(argv)
    seconds = args.seconds or (0.5 if args.quick else 2.0)
    levels = [1_000, 10_000] if args.quick else [1_000, 50_000]
    probe_calls = 100 if args.quick else 300
    threads = [1, 8]
    tmp = temp_dir()
    results: dict = {"quick": args.quick, "loop_seconds": seconds}
    emulator = moto = None
    if not args.skip_integrations:
        results["integrations"] = _integrations(args.quick)
    if args.only_integrations:
        return _finish(results)
    try:
        emulator = start_emulator(tmp)
        time.sleep(1.0)  # idle: let start-up garbage settle before reading memory
        results["ready_seconds"] = round(emulator.ready_seconds, 3)
        results["idle_rss_mb"] = round(emulator.rss_mb(), 1)
        moto = start_moto(tmp)
        results["moto_ready_seconds"] = round(moto.ready_seconds, 3)
        results["moto_idle_rss_mb"] = round(moto.rss_mb(), 1)
        print("== start-up (process start -> first successful boto3 SQS ListQueues)")
        for label, prefix in (("localstack", ""), ("moto_server", "moto_")):
            ready, rss = results[f"{prefix}ready_seconds"], results[f"{prefix}idle_rss_mb"]
            print(f"{label}: ready {ready:.2f} s, idle RSS {rss:.0f} MB")
        print(f"\n== throughput, ops/s ({seconds:g} s per loop; (x) = ratio to bare moto_server in this run)")
        _print_throughput_header(threads)
        results["throughput"] = _throughput(emulator, moto, threads, seconds)
        if not args.skip_growth:
            print(f"\n== per-call cost through the edge as stores grow (median of {probe_calls} calls)")
            results["growth"] = scale.measure_growth(emulator.url, "growth", levels, probe_calls)
            _print_growth(results["growth"], levels)
        results["rss_after_mb"] = round(emulator.rss_mb(), 1)
    finally:
        for server in (emulator, moto):
            if server is not None:
                server.stop()
    return _finish(results)


def _integrations(quick: bool) -> dict:
    figures: dict = {}
    print("== integrations (each with its own server; latencies in ms)")
    for name in INTEGRATION_BENCHES:
        module = importlib.import_module(f"bench.{name}")
        try:
            figures[name] = module.run(quick=quick)
        except Exception as error:  # one broken bench must not hide the others' figures
            figures[name] = {"error": repr(error)}
        for key, value in figures[name].items():
            print(f"{name}: {key} = {value}", flush=True)
    print()
    return figures


def _finish(results: dict) -> int:
    targets = _targets(results)
    results["targets"] = targets
    print("\n== targets")
    for target in targets:
        verdict = "PASS" if target["pass"] else "FAIL"
        print(f"{verdict}  {target['name']}: {target['value']} (target {target['target']})")
    print("\n" + json.dumps(results))
    return 0


def _targets(results: dict) -> list[dict]:
    targets = []
    if "ready_seconds" in results:
        targets.append(
            {
                "name": "ready (start -> first call)",
                "value": f"{results['ready_seconds']:.2f} s",
                "target": f"< {TARGET_READY_S} s",
                "pass": results["ready_seconds"] < TARGET_READY_S,
            }
        )
        targets.append(
            {
                "name": "idle RSS",
                "value": f"{results['idle_rss_mb']:.0f} MB",
                "target": f"< {TARGET_RSS_MB:.0f} MB",
                "pass": results["idle_rss_mb"] < TARGET_RSS_MB,
            }
        )
    for row in results.get("throughput", []):
        ratio = row["edge_1_ratio"]
        targets.append(
            {
                "name": f"edge vs moto sequential, {row['operation']}",
                "value": f"{ratio:.2f}x",
                "target": f">= {TARGET_RATIO}x",
                "pass": ratio >= TARGET_RATIO,
            }
        )
    for row in results.get("growth", []):
        levels = list(row["levels"])
        first, last = row["levels"][levels[0]]["median_us"], row["levels"][levels[-1]]["median_us"]
        targets.append(
            {
                "name": f"no growth, {row['store']} ({levels[0]:,} -> {levels[-1]:,})",
                "value": f"{last / first:.2f}x",
                "target": "< 1.5x",
                "pass": last / first < 1.5,
            }
        )
    for module, figure, bound, label in LATENCY_TARGETS:
        value = results.get("integrations", {}).get(module, {}).get(figure)
        if value is not None:
            targets.append(
                {"name": label, "value": f"{value} ms", "target": f"< {bound:g} ms", "pass": value < bound}
            )
    return targets


if __name__ == "__main__":
    sys.exit(main())
