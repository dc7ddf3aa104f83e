"""The operations the bench times, each set up against one server URL, and the loops that time them."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Callable

from bench.rawclient import COUNTER, Connection, capture, json_field
from bench.servers import client

KIB = b"x" * 1024
Call = Callable[[Connection, int, int], None]


@dataclass
class Operation:
    name: str
    service: str
    setup: Callable[[str, str, int], Call]  # (url, unique tag, threads) -> call(conn, thread, i)


def _s3_put(url: str, tag: str, threads: int) -> Call:
    bucket = f"bench-put-{tag}"
    client("s3", url).create_bucket(Bucket=bucket)
    template = capture("s3", url, "put_object", Bucket=bucket, Key=COUNTER, Body=KIB)
    return lambda conn, thread, i: conn.send(template, f"{thread}-{i}") and None


def _s3_get(url: str, tag: str, threads: int) -> Call:
    bucket = f"bench-get-{tag}"
    s3 = client("s3", url)
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="object", Body=KIB)
    template = capture("s3", url, "get_object", Bucket=bucket, Key="object")

    def call(conn: Connection, thread: int, i: int) -> None:
        if len(conn.send(template)) != len(KIB):
            raise RuntimeError("GetObject returned a wrong body")

    return call


def _sqs_send(url: str, tag: str, threads: int) -> Call:
    queue = client("sqs", url).create_queue(QueueName=f"bench-send-{tag}")["QueueUrl"]
    template = capture("sqs", url, "send_message", QueueUrl=queue, MessageBody="m" * 100)
    return lambda conn, thread, i: conn.send(template) and None


def _sqs_receive_delete(url: str, tag: str, threads: int) -> Call:
    """One op = ReceiveMessage + DeleteMessage; each thread's queue is refilled by 10 every 10 ops
    (amortized in the figure), so the queue stays shallow for both servers."""
    sqs = client("sqs", url)
    queues = [sqs.create_queue(QueueName=f"bench-recv-{tag}-{n}")["QueueUrl"] for n in range(threads)]
    entries = [{"Id": str(n), "MessageBody": "m" * 100} for n in range(10)]
    refill = [capture("sqs", url, "send_message_batch", QueueUrl=q, Entries=entries) for q in queues]
    receive = [capture("sqs", url, "receive_message", QueueUrl=q, MaxNumberOfMessages=1) for q in queues]
    delete = [capture("sqs", url, "delete_message", QueueUrl=q, ReceiptHandle=COUNTER) for q in queues]

    def call(conn: Connection, thread: int, i: int) -> None:
        if i % 10 == 0:
            conn.send(refill[thread])
        messages = json_field(conn.send(receive[thread])).get("Messages") or []
        if not messages:
            raise RuntimeError("ReceiveMessage returned no message")
        handle = json.dumps(messages[0]["ReceiptHandle"])[1:-1]
        conn.send(delete[thread], handle)

    return call


def _ddb_table(url: str, name: str) -> None:
    ddb = client("dynamodb", url)
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )


def _ddb_put(url: str, tag: str, threads: int) -> Call:
    table = f"bench-put-{tag}"
    _ddb_table(url, table)
    item = {"pk": {"S": COUNTER}, "value": {"S": "v" * 100}, "n": {"N": "1"}}
    template = capture("dynamodb", url, "put_item", TableName=table, Item=item)
    return lambda conn, thread, i: conn.send(template, f"{thread}-{i}") and None


def _ddb_get(url: str, tag: str, threads: int) -> Call:
    table = f"bench-get-{tag}"
    _ddb_table(url, table)
    client("dynamodb", url).put_item(TableName=table, Item={"pk": {"S": "key"}, "value": {"S": "v" * 100}})
    template = capture("dynamodb", url, "get_item", TableName=table, Key={"pk": {"S": "key"}})

    def call(conn: Connection, thread: int, i: int) -> None:
        if b'"value"' not in conn.send(template):
            raise RuntimeError("GetItem returned no item")

    return call


def _sns_publish(url: str, tag: str, threads: int) -> Call:
    topic = client("sns", url).create_topic(Name=f"bench-{tag}")["TopicArn"]
    template = capture("sns", url, "publish", TopicArn=topic, Message="m" * 100)
    return lambda conn, thread, i: conn.send(template) and None


def _ddb_query(url: str, tag: str, threads: int) -> Call:
    """One op = a Query of each of 10 partitions of 30 items (a "round")."""
    table = f"bench-query-{tag}"
    ddb = client("dynamodb", url)
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    for part in range(10):
        for batch in range(0, 30, 25):
            items = [
                {
                    "PutRequest": {
                        "Item": {"pk": {"S": f"p{part}"}, "sk": {"S": f"{n:03d}"}, "v": {"S": "v" * 50}}
                    }
                }
                for n in range(batch, min(batch + 25, 30))
            ]
            ddb.batch_write_item(RequestItems={table: items})
    templates = [
        capture(
            "dynamodb",
            url,
            "query",
            TableName=table,
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": f"p{part}"}},
        )
        for part in range(10)
    ]

    def call(conn: Connection, thread: int, i: int) -> None:
        for template in templates:
            if json_field(conn.send(template)).get("Count") != 30:
                raise RuntimeError("Query returned a wrong count")

    return call


def _s3_list(url: str, tag: str, threads: int) -> Call:
    bucket = f"bench-list-{tag}"
    s3 = client("s3", url)
    s3.create_bucket(Bucket=bucket)
    for n in range(300):
        s3.put_object(Bucket=bucket, Key=f"key-{n:04d}", Body=b"x")
    template = capture("s3", url, "list_objects_v2", Bucket=bucket)

    def call(conn: Connection, thread: int, i: int) -> None:
        if conn.send(template).count(b"<Key>") != 300:
            raise RuntimeError("ListObjectsV2 returned a wrong count")

    return call


OPERATIONS = [
    Operation("S3 PutObject 1KiB", "s3", _s3_put),
    Operation("S3 GetObject 1KiB", "s3", _s3_get),
    Operation("SQS SendMessage", "sqs", _sqs_send),
    Operation("SQS Receive+Delete", "sqs", _sqs_receive_delete),
    Operation("DynamoDB PutItem", "dynamodb", _ddb_put),
    Operation("DynamoDB GetItem", "dynamodb", _ddb_get),
    Operation("SNS Publish", "sns", _sns_publish),
    Operation("DynamoDB Query 10x30", "dynamodb", _ddb_query),
    Operation("S3 ListObjectsV2 300", "s3", _s3_list),
]


def ops_per_second(url: str, call: Call, threads: int, seconds: float) -> float:
    """Run `call` in `threads` threads (one keep-alive connection each) for `seconds`; total ops/s."""
    ops, elapsed = run_loop(url, call, threads, seconds)
    return ops / elapsed


def run_loop(url: str, call: Call, threads: int, seconds: float) -> tuple[int, float]:
    """(ops done, seconds taken) of `call` in `threads` threads for about `seconds`."""
    counts = [0] * threads
    errors: list[BaseException] = []
    start = threading.Barrier(threads + 1)
    stop = threading.Event()

    def worker(thread: int) -> None:
        conn = Connection(url)
        try:
            call(conn, thread, 0)  # warm the connection (and the backend)
            start.wait(timeout=120)
            i = 1
            while not stop.is_set():
                call(conn, thread, i)
                i += 1
            counts[thread] = i - 1
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
            stop.set()
            start.abort()
        finally:
            conn.close()

    workers = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for thread in workers:
        thread.start()
    try:
        start.wait(timeout=120)
    except threading.BrokenBarrierError:
        pass
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"bench call failed: {errors[0]}")
    return sum(counts), elapsed
