"""`python -m bench.run [--quick]`: start-up, memory, CPU per call, throughput and stop time of the
emulator (edge and legacy port) beside a bare moto_server and MiniStack started in the same run,
and per-call cost as stores grow.

Prints a table per section, a summary of the targets (PASS/FAIL) and, last, one line of JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from typing import Any

from bench.servers import Server, client, start_emulator, start_ministack, start_moto, temp_dir
from bench.workloads import OPERATIONS, run_loop

# Issue 11's targets.
TARGET_READY_S = 0.5
TARGET_RSS_MB = 60.0
TARGET_STOP_S = 0.5
TARGET_GROWTH = 1.5

# Benchmarks of the integrations, each a module with `run(quick) -> dict` that starts its own server.
INTEGRATION_BENCHES = [
    "bench_s3_events",
    "bench_sns",
    "bench_events",
    "bench_lambda",
    "bench_apigateway",
    "bench_stepfunctions",
    "bench_large_objects",
    "bench_validator",
    "bench_dynamodb",
    "bench_s3_listing",
    "bench_cloudformation",
    "bench_persistence",
    "bench_dashboard",
    "bench_pytest_plugin",
]
# (module, figure, bound in ms, label): end-to-end latency targets of the integration issues.
LATENCY_TARGETS = [
    ("bench_s3_events", "s3_put_to_sqs_receive_median_ms", 20.0, "S3 PutObject -> receivable on SQS, median"),
    ("bench_sns", "sns_publish_to_sqs_receive_median_ms", 20.0, "SNS Publish -> receivable on SQS, median"),
    ("bench_lambda", "python_warm_ms_median", 5.0, "Lambda warm RequestResponse invoke (python), median"),
    ("bench_lambda", "python_cold_start_ms_median", 300.0, "Lambda cold start (python), median"),
]


TARGETS = ("moto", "ministack", "edge", "legacy")


def _throughput(
    servers: dict[str, Server],
    threads: list[int],
    seconds: float,
    operations: list | None = None,
    targets: tuple[str, ...] = TARGETS,
) -> list[dict]:
    """ops/s and server CPU ms per op of each operation on each target, at each thread count."""
    rows = []
    emulator = servers["localstack"]
    for op in operations or OPERATIONS:
        urls = {}
        for target in targets:
            if target in ("edge", "legacy"):
                url = emulator.url if target == "edge" else emulator.legacy_url(op.service)
                urls[target] = (emulator, url)
            else:
                urls[target] = (servers[target], servers[target].url)
        row: dict = {"operation": op.name}
        for count in threads:
            for target, (server, url) in urls.items():
                call = op.setup(url, f"{target}-{count}-{int(time.time() * 1000) % 100000}", count)
                cpu_before = server.cpu_seconds()
                ops, elapsed = run_loop(url, call, count, seconds)
                cpu = server.cpu_seconds() - cpu_before
                row[f"{target}_{count}"] = round(ops / elapsed, 1)
                row[f"{target}_{count}_cpu_ms"] = round(cpu * 1000 / max(ops, 1), 2)
        rows.append(row)
        _print_throughput_row(row, threads, targets)
    return rows


def _print_throughput_header(threads: list[int], targets: tuple[str, ...] = TARGETS) -> None:
    parts = [f"{'operation':<22}"]
    for count in threads:
        label = "seq" if count == 1 else f"{count} thr"
        parts.append(f"| {label:>6} " + " ".join(f"{t:>10}" for t in targets) + " ")
    print("".join(parts) + "  (ops/s; server CPU ms/op in brackets)")


def _print_throughput_row(row: dict, threads: list[int], targets: tuple[str, ...] = TARGETS) -> None:
    parts = [f"{row['operation']:<22}"]
    for count in threads:
        cells = " ".join(f"{row[f'{t}_{count}']:>5.0f}({row[f'{t}_{count}_cpu_ms']:.2f})" for t in targets)
        parts.append(f"| {'':>6} {cells} ")
    print("".join(parts), flush=True)


def _first_calls(url: str, tag: str) -> None:
    """One call that builds each of S3, SQS, DynamoDB and SNS (what a test's first calls do)."""
    client("s3", url).create_bucket(Bucket=f"bench-first-{tag}")
    client("sqs", url).create_queue(QueueName=f"bench-first-{tag}")
    client("dynamodb", url).list_tables()
    client("sns", url).create_topic(Name=f"bench-first-{tag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short run: 0.5 s loops, 1,000 vs 10,000 stored")
    parser.add_argument("--seconds", type=float, help="duration of each throughput loop")
    parser.add_argument("--skip-growth", action="store_true", help="skip per-call cost vs stored data")
    parser.add_argument(
        "--growth-only",
        action="store_true",
        help="only per-call cost at 1,000 and 100,000 stored (10,000 with --quick): the table's operations,"
        " DynamoDB Query/Scan/GetItem and S3 ListObjectsV2",
    )
    parser.add_argument(
        "--only-integrations", action="store_true", help="run only the integration latency benchmarks"
    )
    parser.add_argument(
        "--skip-integrations", action="store_true", help="skip the integration latency benchmarks"
    )
    parser.add_argument(
        "--throughput-only",
        action="store_true",
        help="only the throughput table (no start-up, stop, integration or growth figures)",
    )
    parser.add_argument(
        "--ops",
        help="comma-separated parts of operation names: only the throughput rows whose name holds one"
        " (case-insensitive), e.g. 'putobject,receive'",
    )
    parser.add_argument(
        "--targets",
        help=f"comma-separated servers to measure, of {','.join(TARGETS)} (default: all); a server not"
        " named is not started",
    )
    parser.add_argument("--threads", help="comma-separated client thread counts (default: 1,8)")
    parser.add_argument("--repeat", type=int, default=1, help="run the throughput table this many times")
    args = parser.parse_args(argv)
    if args.throughput_only:
        return _throughput_only(args)
    seconds = args.seconds or (0.5 if args.quick else 2.0)
    levels = [1_000, 10_000] if args.quick else [1_000, 100_000]
    probe_calls = 100 if args.quick else 300
    if args.growth_only:
        probe_calls = 50 if args.quick else 200
    threads = [1, 8]
    tmp = temp_dir()
    results: dict = {"quick": args.quick, "loop_seconds": seconds}
    if args.growth_only:
        return _growth_only(tmp, results, levels, probe_calls, args.quick)
    if not args.skip_integrations:
        results["integrations"] = _integrations(args.quick)
    if args.only_integrations:
        return _finish(results)
    servers: dict[str, Server] = {}
    try:
        servers["localstack"] = start_emulator(tmp)
        servers["moto"] = start_moto(tmp)
        servers["ministack"] = start_ministack(tmp)
        for name, server in servers.items():
            results[f"{name}_ready_seconds"] = round(server.ready_seconds, 3)
            _first_calls(server.url, name)
        time.sleep(5.0)  # idle, as in the issue: let start-up garbage settle before reading memory
        for name, server in servers.items():
            results[f"{name}_rss_mb"] = round(server.rss_mb(), 1)
        print("== start-up (process start -> first S3 ListBuckets answered; RSS after first S3, SQS,")
        print("   DynamoDB and SNS calls and 5 s idle)")
        for name in servers:
            ready, rss = results[f"{name}_ready_seconds"], results[f"{name}_rss_mb"]
            print(f"{name}: ready {ready:.3f} s, RSS {rss:.0f} MB")
        print(f"\n== throughput, ops/s ({seconds:g} s per loop)")
        _print_throughput_header(threads)
        results["throughput"] = _throughput(servers, threads, seconds)
        print("\n== stop (SIGTERM -> process exit; children alive 1 s later)")
        for name, server in list(servers.items()):
            elapsed, alive = server.stop_timed()
            results[f"{name}_stop_seconds"] = round(elapsed, 3)
            results[f"{name}_stop_children_alive"] = alive
            print(f"{name}: {elapsed:.3f} s, {alive} children left")
    finally:
        for server in servers.values():
            server.stop()
    if not args.skip_growth:
        # Its own server (paired small and large stores, CPU and Python calls per request): see below.
        print("\n== per-call cost as stores grow (bench.growth, paired)")
        return _growth_only(tmp, results, levels, 50 if args.quick else 200, args.quick)
    return _finish(results)


def _selected_operations(spec: str | None) -> list:
    if not spec:
        return list(OPERATIONS)
    wanted = [part.strip().lower() for part in spec.split(",") if part.strip()]
    chosen = [op for op in OPERATIONS if any(part in op.name.lower() for part in wanted)]
    if not chosen:
        raise SystemExit(f"no operation matches {spec!r}: {', '.join(op.name for op in OPERATIONS)}")
    return chosen


def _throughput_only(args: argparse.Namespace) -> int:
    """The throughput table alone, for the rows and servers asked for (several runs, to compare
    servers within one run on a shared machine)."""
    targets = tuple(t.strip() for t in (args.targets or ",".join(TARGETS)).split(",") if t.strip())
    unknown = set(targets) - set(TARGETS)
    if unknown:
        raise SystemExit(f"unknown targets {sorted(unknown)}: pick from {','.join(TARGETS)}")
    threads = [int(n) for n in (args.threads or "1,8").split(",")]
    seconds = args.seconds or (0.5 if args.quick else 2.0)
    operations = _selected_operations(args.ops)
    tmp = temp_dir()
    results: dict = {"quick": args.quick, "loop_seconds": seconds, "throughput_runs": []}
    servers: dict[str, Server] = {}
    try:
        # The emulator is the server the others are compared with: always started.
        servers["localstack"] = start_emulator(tmp)
        if "moto" in targets:
            servers["moto"] = start_moto(tmp)
        if "ministack" in targets:
            servers["ministack"] = start_ministack(tmp)
        for run in range(args.repeat):
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            print(f"\n== throughput, ops/s ({seconds:g} s loops), run {run + 1}/{args.repeat}, load {load}")
            _print_throughput_header(threads, targets)
            results["throughput_runs"].append(_throughput(servers, threads, seconds, operations, targets))
    finally:
        for server in servers.values():
            server.stop()
    results["throughput"] = results["throughput_runs"][-1] if results["throughput_runs"] else []
    print("\n" + json.dumps(results))
    return 0


def _growth_only(tmp: Any, results: dict, levels: list[int], probe_calls: int, quick: bool) -> int:
    """Per-call cost as stores grow, alone (`bench.growth`): every operation of the table, DynamoDB
    Query/Scan on the table and its indexes, S3 ListObjectsV2, SQS receive past messages in flight;
    wall time, server CPU and Python calls per request at each level."""
    from bench import growth

    # Paired: a small and a large store in one server, measured in alternating blocks, so the CPU
    # ratio holds on a loaded machine (`python -m bench.growth` grows one store instead).
    rows = growth.run_paired(levels, probe_calls, 10 if quick else 20)
    growth.print_table(rows, levels)
    results["growth_rows"] = rows
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


def _target(name: str, value: str, target: str, passed: bool) -> dict:
    return {"name": name, "value": value, "target": target, "pass": passed}


def _targets(results: dict) -> list[dict]:
    targets = []
    if "localstack_ready_seconds" in results:
        ready, mini = results["localstack_ready_seconds"], results["ministack_ready_seconds"]
        bound = min(TARGET_READY_S, mini)
        targets.append(
            _target("start -> first S3 call", f"{ready:.3f} s", f"<= {bound:.3f} s", ready <= bound)
        )
        rss = results["localstack_rss_mb"]
        targets.append(
            _target(
                "RSS after first calls", f"{rss:.0f} MB", f"<= {TARGET_RSS_MB:.0f} MB", rss <= TARGET_RSS_MB
            )
        )
    if "localstack_stop_seconds" in results:
        stop, alive = results["localstack_stop_seconds"], results["localstack_stop_children_alive"]
        passed = stop <= TARGET_STOP_S and alive == 0
        targets.append(
            _target("SIGTERM -> exit", f"{stop:.3f} s, {alive} children", f"<= {TARGET_STOP_S} s, 0", passed)
        )
    for row in results.get("throughput", []):
        for count in (1, 8):
            mini = row.get(f"ministack_{count}")
            if mini is None:
                continue
            for target in ("edge", "legacy"):
                value = row[f"{target}_{count}"]
                name = f"throughput {target} {count} thr, {row['operation']}"
                targets.append(_target(name, f"{value:.0f}/s", f">= MiniStack {mini:.0f}/s", value >= mini))
        cpu, mini_cpu = row["edge_1_cpu_ms"], row["ministack_1_cpu_ms"]
        name = f"server CPU per op (edge, seq), {row['operation']}"
        targets.append(_target(name, f"{cpu:.2f} ms", f"<= MiniStack {mini_cpu:.2f} ms", cpu <= mini_cpu))
    for row in results.get("growth", []):
        levels = list(row["levels"])
        first, last = row["levels"][levels[0]]["median_us"], row["levels"][levels[-1]]["median_us"]
        name = f"no growth, {row['store']} ({levels[0]:,} -> {levels[-1]:,})"
        passed = last / first <= TARGET_GROWTH
        targets.append(_target(name, f"{last / first:.2f}x", f"<= {TARGET_GROWTH}x", passed))
    for row in results.get("growth_rows", []):
        name = f"no growth, {row['operation']} (Python calls, server CPU)"
        value = f"{row['python_calls_growth']:.2f}x, {row['server_cpu_us_growth']:.2f}x"
        targets.append(_target(name, value, f"<= {TARGET_GROWTH}x", row["pass"]))
    integrations = results.get("integrations", {})
    for key, value in integrations.get("bench_dynamodb", {}).items():
        if key.endswith("_cpu_growth"):
            label = key.removeprefix("dynamodb_").removesuffix("_cpu_growth")
            name = f"no growth, DynamoDB {label} server CPU (large table vs 1,000 reference)"
            targets.append(_target(name, f"{value:.2f}x", f"<= {TARGET_GROWTH}x", value <= TARGET_GROWTH))
    ratio = integrations.get("bench_s3_listing", {}).get("list_objects_v2_growth_ratio")
    if ratio is not None:
        name = "no growth, S3 ListObjectsV2 1,000-key page server CPU (large bucket vs 1,000 reference)"
        targets.append(_target(name, f"{ratio:.2f}x", f"<= {TARGET_GROWTH}x", ratio <= TARGET_GROWTH))
    for module, figure, bound, label in LATENCY_TARGETS:
        value = results.get("integrations", {}).get(module, {}).get(figure)
        if value is not None:
            targets.append(_target(label, f"{value} ms", f"< {bound:g} ms", value < bound))
    return targets


if __name__ == "__main__":
    sys.exit(main())
