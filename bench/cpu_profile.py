"""Server CPU per call, and where it goes, for the issue's operations: each request is captured once
from botocore (signed), replayed N times into the edge's WSGI app in this process (no socket, no
client), timed with process CPU time and profiled with cProfile. CPU time, not wall time, and the count of
Python function calls per request (cProfile's), which does not move at all with the machine's load.

    python -m bench.cpu_profile [--calls 300] [--top 8] [operation ...]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from collections import defaultdict
from typing import Any, Callable

from werkzeug.test import EnvironBuilder

from bench.rawclient import COUNTER, Template, capture

URL = "http://localhost:4566"
NAME = "cpuprof"


def _gateway() -> Callable:
    """The edge app of an emulator running in this process (S3, SQS, DynamoDB and SNS, edge port only)."""
    import tempfile

    from localstack.config import Config
    from localstack.services.infra import Infrastructure
    from tests.server_process import free_port

    env = {"SERVICES": "s3,sqs,dynamodb,sns", "DEBUG": "0", "EDGE_PORT": str(free_port())}
    env |= {"USE_LEGACY_PORTS": "0", "DATA_DIR": tempfile.mkdtemp()}
    infra = Infrastructure(Config.from_env(env))
    infra.start()
    return infra.edge_app  # type: ignore[return-value]


def _call(app: Callable, template: Template, n: int | str) -> tuple[int, bytes]:
    path, body, headers = template.render(n)
    environ = EnvironBuilder(path=path, method=template.method, headers=headers, data=body).get_environ()
    return _run(app, environ)


def _run(app: Callable, environ: dict) -> tuple[int, bytes]:
    status: list[str] = []

    def start_response(line: str, headers: Any, exc_info: Any = None) -> None:
        status.append(line)

    body = b"".join(app(environ, start_response))
    return int(status[0].split()[0]), body


def _setup(app: Callable) -> dict[str, Template]:
    """Resources the operations use, made through the gateway, and each operation's template."""
    table = {"TableName": NAME}
    steps = [
        capture("s3", URL, "create_bucket", Bucket=NAME),
        capture("sqs", URL, "create_queue", QueueName=NAME),
        capture(
            "dynamodb",
            URL,
            "create_table",
            **table,
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        ),
        capture("sns", URL, "create_topic", Name=NAME),
    ]
    for step in steps:
        status, body = _call(app, step, 0)
        assert status == 200, body
    queue_url = f"{URL}/000000000000/{NAME}"
    topic_arn = f"arn:aws:sns:us-east-1:000000000000:{NAME}"
    put_item = capture(
        "dynamodb",
        URL,
        "put_item",
        **table,
        Item={"pk": {"S": "p1"}, "sk": {"S": COUNTER}, "v": {"S": "x" * 100}},
    )
    entries = [{"Id": str(n), "MessageBody": "x" * 100} for n in range(10)]
    send_batch = capture("sqs", URL, "send_message_batch", QueueUrl=queue_url, Entries=entries)
    for _ in range(100):  # 1,000 messages: each profiled receive leaves one more in flight
        _call(app, send_batch, 0)
    for n in range(300):  # a Query over 300 keys of one partition, ListObjectsV2 over 300 keys
        _call(app, put_item, n)
        _call(app, capture("s3", URL, "put_object", Bucket=NAME, Key=f"list/{n}", Body=b"x" * 1024), 0)
    return {
        "s3 PutObject": capture("s3", URL, "put_object", Bucket=NAME, Key=f"k{COUNTER}", Body=b"x" * 1024),
        "s3 GetObject": capture("s3", URL, "get_object", Bucket=NAME, Key="list/1"),
        "s3 ListObjectsV2 (300 keys)": capture("s3", URL, "list_objects_v2", Bucket=NAME, Prefix="list/"),
        "sqs SendMessage": capture("sqs", URL, "send_message", QueueUrl=queue_url, MessageBody="x" * 100),
        "sqs SendMessageBatch (10)": send_batch,
        "sqs ReceiveMessage": capture(
            "sqs", URL, "receive_message", QueueUrl=queue_url, MaxNumberOfMessages=1
        ),
        "dynamodb PutItem": put_item,
        "dynamodb GetItem": capture(
            "dynamodb", URL, "get_item", **table, Key={"pk": {"S": "p1"}, "sk": {"S": "5"}}
        ),
        "dynamodb Query (300 items)": capture(
            "dynamodb",
            URL,
            "query",
            **table,
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "p1"}},
        ),
        "sns Publish": capture("sns", URL, "publish", TopicArn=topic_arn, Message="x" * 100),
    }


def _area(filename: str) -> str:
    """Whose code a profiled function is."""
    if "/localstack/" in filename:
        return "localstack"
    if "site-packages/" in filename:
        package = filename.split("site-packages/", 1)[1].split("/", 1)[0]
        return package if package in ("moto", "werkzeug", "flask", "botocore", "jinja2") else "other libs"
    return "stdlib/builtins"


def profile(
    app: Callable, name: str, template: Template, calls: int, top: int, sort: str = "tottime"
) -> dict[str, Any]:
    environs = []
    for n in range(calls * 2 + 20):
        path, body, headers = template.render(f"{name[:2]}{n}")
        environs.append(
            EnvironBuilder(path=path, method=template.method, headers=headers, data=body).get_environ()
        )
    for environ in environs[:20]:
        status, body = _run(app, environ)
        assert status < 300, (name, status, body[:300])
    started = time.process_time()
    for environ in environs[20 : 20 + calls]:
        _run(app, environ)
    cpu_us = (time.process_time() - started) / calls * 1e6
    profiler = cProfile.Profile()
    profiler.enable()
    for environ in environs[20 + calls :]:
        _run(app, environ)
    profiler.disable()
    stats = pstats.Stats(profiler)
    areas: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        areas[_area(filename)] += tottime
        total += tottime
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(top)
    return {
        "cpu_us": cpu_us,
        "function_calls": stats.total_calls / calls,  # type: ignore[attr-defined]
        "areas": {area: share / total for area, share in sorted(areas.items(), key=lambda kv: -kv[1])},
        "top": out.getvalue(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu_profile", description=__doc__)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--quiet", action="store_true", help="only the CPU and area table")
    parser.add_argument("--sort", default="tottime", help="pstats order (cumulative, ncalls...)")
    parser.add_argument("operations", nargs="*")
    args = parser.parse_args(argv)
    app = _gateway()
    templates = _setup(app)
    for name, template in templates.items():
        if args.operations and not any(wanted.lower() in name.lower() for wanted in args.operations):
            continue
        calls = max(20, args.calls // 10) if "300" in name else args.calls
        result = profile(app, name, template, calls, args.top, args.sort)
        shares = ", ".join(f"{area} {share:.0%}" for area, share in result["areas"].items() if share >= 0.02)
        calls_made = result["function_calls"]
        print(
            f"{name:<28} {result['cpu_us']:8.0f} us CPU/call {calls_made:7.0f} Python calls/call   {shares}"
        )
        if not args.quiet:
            lines = [line for line in result["top"].splitlines() if line.strip()][-args.top - 1 :]
            print("\n".join(f"    {line}" for line in lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
