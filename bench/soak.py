"""The standing fault and load harness (`make soak`): a mixed load with hostile clients interleaved, then
a soak that watches memory. Every acknowledged write must be readable, nothing delivered twice, no 5xx,
and the server must keep answering. Prints a summary table; exits 1 on any loss, duplicate, 5xx or wedge.

    python -m bench.soak [--threads 32] [--load-seconds 60] [--soak-seconds 180]
    python -m bench.soak --short    # a probe: 20 s of load, 60 s of soak (the memory criterion is the same)
    python -m bench.soak --short --ops 30000   # the soak ends after 30,000 writes, however long they take
                                               # (and the load phase after 4,000 operations at least)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from botocore.exceptions import ClientError

from bench.delivery_latency import allow_sns
from bench.servers import Server, client, start_emulator, temp_dir

SQS_VISIBILITY = 300  # no message may come back inside the run: a second receive is a duplicate
SETTLE_SECONDS = 15.0
# What a 20 s load phase makes on an idle machine is ~5,000 operations.
LOAD_OPS_WITH_OPS = 4000


@dataclass
class Tally:
    """What the clients saw, shared by every thread (guarded by `lock`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    operations: int = 0
    writes: int = 0  # the writers' operations (puts, sends, publishes and their read-backs)
    server_errors: list[str] = field(default_factory=list)
    client_failures: list[str] = field(default_factory=list)
    objects: dict[str, str] = field(default_factory=dict)  # key -> md5 of the acknowledged body
    items: dict[str, int] = field(default_factory=dict)  # id -> acknowledged value
    sent: set[str] = field(default_factory=set)  # SQS message ids (ours) acknowledged
    published: set[str] = field(default_factory=set)  # SNS message ids (ours) acknowledged
    received: Counter = field(default_factory=Counter)  # our ids received from either queue
    hostile: Counter = field(default_factory=Counter)  # hostile case -> answers seen
    wedges: list[str] = field(default_factory=list)

    def count(self, n: int = 1) -> None:
        with self.lock:
            self.operations += n

    def fault(self, where: str, error: BaseException) -> None:
        status = getattr(error, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode")
        with self.lock:
            if status and status >= 500:
                self.server_errors.append(f"{where}: {status} {error}")
            else:
                self.client_failures.append(f"{where}: {type(error).__name__}: {error}")


@dataclass
class Resources:
    bucket: str
    table: str
    queue_url: str
    sns_queue_url: str
    topic_arn: str


def setup(url: str) -> Resources:
    name = f"soak-{uuid.uuid4().hex[:8]}"
    s3, sqs, ddb, sns = (client(s, url) for s in ("s3", "sqs", "dynamodb", "sns"))
    s3.create_bucket(Bucket=name)
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    attributes = {"VisibilityTimeout": str(SQS_VISIBILITY)}
    queue_url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    sns_queue_url = sqs.create_queue(QueueName=f"{name}-sns", Attributes=attributes)["QueueUrl"]
    sns_queue_arn = sqs.get_queue_attributes(QueueUrl=sns_queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    topic_arn = sns.create_topic(Name=name)["TopicArn"]
    allow_sns(sqs, sns_queue_url, sns_queue_arn)
    sns.subscribe(
        TopicArn=topic_arn, Protocol="sqs", Endpoint=sns_queue_arn, Attributes={"RawMessageDelivery": "true"}
    )
    return Resources(name, name, queue_url, sns_queue_url, topic_arn)


def writer(url: str, res: Resources, tally: Tally, stop: threading.Event, seed: int) -> None:
    """Puts objects and items, sends messages, publishes; reads back a random acknowledged write."""
    rng = random.Random(seed)
    s3, sqs, ddb, sns = (client(s, url) for s in ("s3", "sqs", "dynamodb", "sns"))
    while not stop.is_set():
        choice = rng.random()
        ident = uuid.uuid4().hex
        try:
            if choice < 0.25:
                body = rng.randbytes(rng.randrange(64, 8192))
                s3.put_object(Bucket=res.bucket, Key=ident, Body=body)
                with tally.lock:
                    tally.objects[ident] = hashlib.md5(body).hexdigest()
            elif choice < 0.35:
                with tally.lock:
                    key = rng.choice(list(tally.objects)) if tally.objects else None
                    expected = tally.objects.get(key) if key else None
                if key:
                    got = s3.get_object(Bucket=res.bucket, Key=key)["Body"].read()
                    if hashlib.md5(got).hexdigest() != expected:
                        tally.fault("s3 read-back", AssertionError(f"object {key} differs"))
            elif choice < 0.55:
                value = rng.randrange(1_000_000)
                ddb.put_item(TableName=res.table, Item={"id": {"S": ident}, "v": {"N": str(value)}})
                with tally.lock:
                    tally.items[ident] = value
            elif choice < 0.6:
                with tally.lock:
                    key = rng.choice(list(tally.items)) if tally.items else None
                if key:
                    ddb.update_item(
                        TableName=res.table,
                        Key={"id": {"S": key}},
                        UpdateExpression="SET v = v + :one",
                        ExpressionAttributeValues={":one": {"N": "1"}},
                    )
                    with tally.lock:
                        tally.items[key] += 1
            elif choice < 0.85:
                sqs.send_message(QueueUrl=res.queue_url, MessageBody=ident)
                with tally.lock:
                    tally.sent.add(ident)
            else:
                sns.publish(TopicArn=res.topic_arn, Message=ident)
                with tally.lock:
                    tally.published.add(ident)
            tally.count()
            with tally.lock:
                tally.writes += 1
        except Exception as error:  # noqa: BLE001 - every failure is a finding
            tally.fault("writer", error)


def consumer(url: str, queue_url: str, tally: Tally, stop: threading.Event) -> None:
    """Receives and deletes; a second receive of one of our ids is a duplicate."""
    sqs = client("sqs", url)
    while not stop.is_set():
        try:
            messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
                "Messages", []
            )
            if not messages:
                continue
            with tally.lock:
                for message in messages:
                    tally.received[message["Body"]] += 1
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)],
            )
            tally.count(2)
        except Exception as error:  # noqa: BLE001
            tally.fault("consumer", error)


# Hostile requests: (name, raw bytes). Each must get a 4xx or a closed connection, never a wedge.
def hostile_cases(host: str) -> list[tuple[str, bytes]]:
    head = f"Host: {host}\r\n"
    deep_json = b"[" * 100_000 + b"]" * 100_000
    deep_xml = b"<Tagging>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</Tagging>"
    surrogate = b'{"ExclusiveStartTableName": "\\ud800"}'
    return [
        (
            "chunked-not-hex",
            f"PUT /soak-hostile/k HTTP/1.1\r\n{head}Transfer-Encoding: chunked\r\n\r\nZZZ\r\n".encode(),
        ),
        (
            "chunked-negative",
            f"PUT /soak-hostile/k HTTP/1.1\r\n{head}Transfer-Encoding: chunked\r\n\r\n-5\r\n".encode(),
        ),
        (
            "chunked-no-crlf",
            f"PUT /soak-hostile/k HTTP/1.1\r\n{head}Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX".encode(),
        ),
        (
            "te-and-cl",
            f"PUT /soak-hostile/k HTTP/1.1\r\n{head}Transfer-Encoding: chunked\r\n"
            "Content-Length: 5\r\n\r\n0\r\n\r\n".encode(),
        ),
        (
            "two-cl",
            f"PUT /soak-hostile/k HTTP/1.1\r\n{head}Content-Length: 5\r\n"
            "Content-Length: 7\r\n\r\nhello".encode(),
        ),
        (
            "garbage-sigv4",
            f"GET / HTTP/1.1\r\n{head}Authorization: AWS4-HMAC-SHA256 Credential=, garbage\r\n\r\n".encode(),
        ),
        (
            "deep-json",
            f"POST / HTTP/1.1\r\n{head}X-Amz-Target: DynamoDB_20120810.PutItem\r\n"
            f"Content-Type: application/x-amz-json-1.0\r\nContent-Length: {len(deep_json)}\r\n\r\n".encode()
            + deep_json,
        ),
        (
            "lone-surrogate",
            f"POST / HTTP/1.1\r\n{head}X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
            f"Content-Type: application/x-amz-json-1.0\r\nContent-Length: {len(surrogate)}\r\n\r\n".encode()
            + surrogate,
        ),
        (
            "deep-xml",
            f"PUT /soak-hostile?tagging HTTP/1.1\r\n{head}Content-Length: {len(deep_xml)}\r\n\r\n".encode()
            + deep_xml,
        ),
    ]


def send_raw(host: str, port: int, payload: bytes, timeout: float = 10.0) -> int | None:
    """Send one raw request; the answer's status, or None if the server closed without one."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(payload)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return None
            data += chunk
    return int(data.split(b" ", 2)[1])


def healthy(host: str, port: int, timeout: float = 5.0) -> bool:
    payload = f"GET /_localstack/health HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode()
    try:
        return send_raw(host, port, payload, timeout) == 200
    except OSError:
        return False


def hostile(url: str, tally: Tally, stop: threading.Event) -> None:
    host, port = url.split("//")[1].split(":")
    cases = hostile_cases(f"{host}:{port}")
    while not stop.is_set():
        for name, payload in cases:
            if stop.is_set():
                return
            try:
                status = send_raw(host, int(port), payload)
            except OSError as error:
                status = None
                if isinstance(error, TimeoutError):
                    with tally.lock:
                        tally.wedges.append(f"{name}: no answer within 10 s")
            with tally.lock:
                tally.hostile[f"{name}:{status}"] += 1
                if status is not None and status >= 500:
                    tally.server_errors.append(f"hostile {name}: {status}")
            if not healthy(host, int(port)):
                with tally.lock:
                    tally.wedges.append(f"after {name}: health did not answer within 5 s")
            time.sleep(0.2)


def drain(url: str, queue_url: str, tally: Tally, quiet_seconds: float = 5.0) -> None:
    """Receive what is left until the queue stays empty for `quiet_seconds`."""
    quiet_since = time.monotonic()
    sqs = client("sqs", url)
    while time.monotonic() - quiet_since < quiet_seconds:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        )
        if messages:
            quiet_since = time.monotonic()
            with tally.lock:
                for message in messages:
                    tally.received[message["Body"]] += 1
            sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)],
            )


def verify(url: str, res: Resources, tally: Tally) -> dict[str, int]:
    """Everything acknowledged is there, once."""
    s3, ddb = client("s3", url), client("dynamodb", url)
    lost_objects = 0
    for key, md5 in list(tally.objects.items()):
        try:
            body = s3.get_object(Bucket=res.bucket, Key=key)["Body"].read()
            lost_objects += hashlib.md5(body).hexdigest() != md5
        except ClientError:
            lost_objects += 1
    lost_items = 0
    for ident, value in list(tally.items.items()):
        item = ddb.get_item(TableName=res.table, Key={"id": {"S": ident}}, ConsistentRead=True).get("Item")
        lost_items += item is None or int(item["v"]["N"]) != value
    lost_messages = len(tally.sent - set(tally.received))
    lost_notifications = len(tally.published - set(tally.received))
    duplicates = sum(1 for count in tally.received.values() if count > 1)
    return {
        "objects acknowledged": len(tally.objects),
        "objects lost or wrong": lost_objects,
        "items acknowledged": len(tally.items),
        "items lost or wrong": lost_items,
        "messages acknowledged": len(tally.sent),
        "messages lost": lost_messages,
        "notifications acknowledged": len(tally.published),
        "notifications lost": lost_notifications,
        "duplicates": duplicates,
    }


def run_threads(
    targets: list[Callable[[threading.Event], None]],
    seconds: float,
    done: Callable[[], bool] | None = None,
) -> None:
    """Runs `targets` for `seconds`, or, given `done`, until it answers True (however long that takes)."""
    stop = threading.Event()
    threads = [threading.Thread(target=t, args=(stop,), daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    if done is None:
        time.sleep(seconds)
    else:
        while not done():
            time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)


def load_phase(
    server: Server, threads: int, seconds: float, min_ops: int = 0
) -> tuple[Tally, dict[str, Any]]:
    """`threads` clients for `seconds`, and on until they have made `min_ops` operations.

    The soak's baseline is read after this phase: on a loaded machine 20 s held as few as 119
    operations with 36 server threads (against ~5,000 and 118), and the one-time growth of a server
    first driven by 32 clients was then charged to the soak (+41.6 % at 40,000 writes)."""
    res = setup(server.url)
    tally = Tally()
    writers = max(1, threads * 3 // 4)
    consumers = max(2, threads - writers)
    targets: list[Callable[[threading.Event], None]] = []
    for i in range(writers):
        targets.append(lambda stop, i=i: writer(server.url, res, tally, stop, seed=i))
    for i in range(consumers):
        queue = res.queue_url if i % 2 == 0 else res.sns_queue_url
        targets.append(lambda stop, q=queue: consumer(server.url, q, tally, stop))
    targets.append(lambda stop: hostile(server.url, tally, stop))
    peak_threads = [0]

    def watch_threads(stop: threading.Event) -> None:
        import psutil

        process = psutil.Process(server.process.pid)
        while not stop.wait(1):
            peak_threads[0] = max(peak_threads[0], process.num_threads())

    targets.append(watch_threads)
    started = time.monotonic()
    run_threads(
        targets,
        seconds,
        done=lambda: time.monotonic() - started >= seconds and tally.operations >= min_ops,
    )
    elapsed = time.monotonic() - started
    drain(server.url, res.queue_url, tally)
    drain(server.url, res.sns_queue_url, tally)
    counts = verify(server.url, res, tally)
    counts.update(
        {
            "operations": tally.operations,
            "ops/s": round(tally.operations / elapsed),
            "server 5xx": len(tally.server_errors),
            "client failures": len(tally.client_failures),
            "wedges": len(tally.wedges),
            "server threads (peak)": peak_threads[0],
            "client threads": len(targets) - 1,
        }
    )
    return tally, counts


def serve_each_operation_once(url: str) -> None:
    """Makes, fills and deletes one set of resources through every operation the soak uses.

    The soak's baseline must be a server that has already served each of them: the first call of an
    operation builds what every later call reuses (its botocore model and validator, moto's code
    paths, modules imported on first use), and that is not data kept. The load phase never deletes,
    so without this the soak's first deletes counted those one-time builds as growth.

    Each operation is made once for certain, not left to the writer's dice: on a loaded machine its
    2 s held a handful of writes, sometimes no PutObject, and then no DeleteObjects either, whose
    first call imports moto's IAM access control with botocore's credential and client modules and
    urllib3 (~140 code objects and their constants). Done during the soak's deletes, that import
    fell into the pools the deleted data had just freed and pinned ~27 arenas (+49 % RSS)."""
    res = setup(url)
    tally = Tally()
    stop = threading.Event()
    stop_after = threading.Timer(2.0, stop.set)
    stop_after.start()
    writer(url, res, tally, stop, seed=999)
    serve_each_write_once(url, res, tally)
    consumer_stop = threading.Event()
    threading.Timer(2.0, consumer_stop.set).start()
    consumer(url, res.queue_url, tally, consumer_stop)
    drain(url, res.queue_url, tally, quiet_seconds=1.0)
    drain(url, res.sns_queue_url, tally, quiet_seconds=1.0)
    verify(url, res, tally)
    delete_everything(url, res, tally)


def serve_each_write_once(url: str, res: Resources, tally: Tally) -> None:
    """One of each of the writer's operations, with its read-back, acknowledged in `tally`."""
    s3, sqs, ddb, sns = (client(s, url) for s in ("s3", "sqs", "dynamodb", "sns"))
    ident = uuid.uuid4().hex
    body = ident.encode()
    s3.put_object(Bucket=res.bucket, Key=ident, Body=body)
    tally.objects[ident] = hashlib.md5(body).hexdigest()
    s3.get_object(Bucket=res.bucket, Key=ident)["Body"].read()
    ddb.put_item(TableName=res.table, Item={"id": {"S": ident}, "v": {"N": "1"}})
    ddb.update_item(
        TableName=res.table,
        Key={"id": {"S": ident}},
        UpdateExpression="SET v = v + :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
    )
    tally.items[ident] = 2
    sqs.send_message(QueueUrl=res.queue_url, MessageBody=ident)
    tally.sent.add(ident)
    sns.publish(TopicArn=res.topic_arn, Message=ident)
    tally.published.add(ident)


def soak_phase(server: Server, seconds: float, threads: int = 8, ops: int | None = None) -> dict[str, Any]:
    """Writes for `seconds` (or, given `ops`, until the writers have made that many operations: the same
    work whatever the machine's load) while RSS is sampled, then deletes it all and looks at RSS again."""
    serve_each_operation_once(server.url)
    res = setup(server.url)
    tally = Tally()
    before = server.rss_mb()
    samples: list[tuple[int, float]] = []

    def sample(stop: threading.Event) -> None:
        while not stop.wait(5):
            samples.append((tally.operations, server.rss_mb()))

    targets: list[Callable[[threading.Event], None]] = [
        lambda stop, i=i: writer(server.url, res, tally, stop, seed=1000 + i) for i in range(threads)
    ]
    targets += [
        lambda stop, q=q: consumer(server.url, q, tally, stop) for q in (res.queue_url, res.sns_queue_url)
    ]
    targets.append(sample)
    started = time.monotonic()
    run_threads(targets, seconds, done=None if ops is None else lambda: tally.writes >= ops)
    elapsed = time.monotonic() - started
    drain(server.url, res.queue_url, tally)
    drain(server.url, res.sns_queue_url, tally)
    peak = server.rss_mb()
    counts = verify(server.url, res, tally)
    delete_everything(server.url, res, tally)
    # The memory worker looks every 5 s, and releases once the count of live objects stops falling.
    time.sleep(SETTLE_SECONDS)
    after = server.rss_mb()
    growth_per_k = (peak - before) / max(1, tally.operations / 1000)
    return {
        "operations": tally.operations,
        "writes": tally.writes,
        "seconds": round(elapsed),
        "RSS before (MB)": round(before, 1),
        "RSS peak (MB)": round(peak, 1),
        "RSS growth per 1,000 ops (MB)": round(growth_per_k, 3),
        "RSS after deleting (MB)": round(after, 1),
        "RSS back within 10 %": after <= before * 1.10,
        "server 5xx": len(tally.server_errors),
        "lost": counts["objects lost or wrong"] + counts["items lost or wrong"] + counts["messages lost"],
        "duplicates": counts["duplicates"],
    }


def delete_everything(url: str, res: Resources, tally: Tally) -> None:
    s3, sqs, ddb, sns = (client(s, url) for s in ("s3", "sqs", "dynamodb", "sns"))
    keys = list(tally.objects)
    for start in range(0, len(keys), 1000):
        s3.delete_objects(
            Bucket=res.bucket, Delete={"Objects": [{"Key": k} for k in keys[start : start + 1000]]}
        )
    s3.delete_bucket(Bucket=res.bucket)
    ddb.delete_table(TableName=res.table)
    sqs.delete_queue(QueueUrl=res.queue_url)
    sqs.delete_queue(QueueUrl=res.sns_queue_url)
    sns.delete_topic(TopicArn=res.topic_arn)


def print_table(title: str, rows: dict[str, Any]) -> None:
    print(f"\n{title}")
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"  {key:<{width}}  {value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--soak-seconds", type=float, default=180)
    parser.add_argument("--short", action="store_true", help="20 s of load and 60 s of soak")
    parser.add_argument(
        "--ops",
        type=int,
        default=None,
        help="end the soak after this many writes instead of after --soak-seconds (a loaded machine then "
        "does the same work, only slower)",
    )
    parser.add_argument(
        "--load-ops",
        type=int,
        default=None,
        help="the load phase goes on past its seconds until this many operations are made (default with "
        f"--ops: {LOAD_OPS_WITH_OPS:,}), so the soak's baseline is read after the same work",
    )
    args = parser.parse_args(argv)
    if args.load_ops is None:
        args.load_ops = LOAD_OPS_WITH_OPS if args.ops else 0
    if args.short:
        args.load_seconds, args.soak_seconds = 20.0, 60.0
    server = start_emulator(temp_dir(), extra_env={"DEBUG": "0"})
    failed = False
    try:
        tally, load = load_phase(server, args.threads, args.load_seconds, min_ops=args.load_ops)
        print_table(
            f"Load: {args.threads} client threads for {args.load_seconds:g} s, hostile cases interleaved",
            load,
        )
        print_table(
            "Hostile answers (case:status; None = connection closed)", dict(sorted(tally.hostile.items()))
        )
        for line in (tally.server_errors + tally.wedges + tally.client_failures)[:20]:
            print(f"  ! {line}")
        failed |= any(
            load[k]
            for k in (
                "objects lost or wrong",
                "items lost or wrong",
                "messages lost",
                "notifications lost",
                "duplicates",
                "server 5xx",
                "wedges",
            )
        )
        soak = soak_phase(server, args.soak_seconds, ops=args.ops)
        length = f"{args.ops:,} writes" if args.ops else f"{args.soak_seconds:g} s of writes"
        print_table(f"Soak: {length}, then everything deleted", soak)
        failed |= bool(soak["server 5xx"] or soak["lost"] or soak["duplicates"])
        print(json.dumps({"load": load, "soak": soak}))
    finally:
        server.stop()
    print(
        "\nFAILED: loss, duplicate, 5xx or wedge above"
        if failed
        else "\nOK: nothing lost, duplicated or wedged"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
