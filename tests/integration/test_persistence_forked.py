"""Background snapshots are pictured by a forked child (`localstack/persistence/forked.py`): writes
made while the child runs are acknowledged, logged after the snapshot's record and survive kill -9;
the child leaves no process and no socket behind (a restart on the same ports works)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psutil

from tests.persistent_server import PersistentServer

TABLE = "forked-table"


def _fill(server: PersistentServer, count: int) -> None:
    dynamodb = server.client("dynamodb")
    dynamodb.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    for first in range(0, count, 25):
        items = [
            {"PutRequest": {"Item": {"pk": {"S": f"fill-{n}"}, "v": {"S": "v" * 200}}}}
            for n in range(first, first + 25)
        ]
        dynamodb.batch_write_item(RequestItems={TABLE: items})


def _children_seen(pid: int, stop: threading.Event, seen: list[int]) -> None:
    process = psutil.Process(pid)
    while not stop.is_set():
        try:
            seen.extend(child.pid for child in process.children())
        except psutil.Error:
            return
        time.sleep(0.005)


def test_writes_during_a_forked_snapshot_survive_kill(tmp_path: Path) -> None:
    server = PersistentServer(tmp_path, ["dynamodb", "s3"]).start()
    try:
        _fill(server, 5_000)
        s3 = server.client("s3")
        s3.create_bucket(Bucket="forked-bucket")
        # Over BODY_MEMORY_LIMIT: the object's body is a spool file the child reads.
        big = bytes(range(251)) * 9000
        s3.put_object(Bucket="forked-bucket", Key="big.bin", Body=big)
        stop, seen = threading.Event(), []
        watcher = threading.Thread(target=_children_seen, args=(server.process.pid, stop, seen))
        watcher.start()
        dynamodb = server.client("dynamodb")
        acked = []
        # 2 s without writes start a background snapshot; these writes come while it is pictured.
        time.sleep(2.3)
        deadline = time.monotonic() + 3.0
        index = 0
        while time.monotonic() < deadline:
            dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": f"during-{index}"}})
            acked.append(f"during-{index}")
            index += 1
        stop.set()
        watcher.join()
        assert seen, "no snapshot child was seen"
        assert not psutil.Process(server.process.pid).children()
        server.restart(kill=True)
        dynamodb = server.client("dynamodb")
        for name in acked + ["fill-0", "fill-4999"]:
            assert dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": name}})["Item"]["pk"] == {"S": name}
        pages = dynamodb.get_paginator("scan").paginate(TableName=TABLE, Select="COUNT")
        assert sum(page["Count"] for page in pages) == 5_000 + len(acked)
        assert server.client("s3").get_object(Bucket="forked-bucket", Key="big.bin")["Body"].read() == big
    finally:
        server.stop()
