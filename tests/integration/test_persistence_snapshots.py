"""State archives and bad files: export/import into a second instance (with and without PERSISTENCE),
named snapshots, --services, reset, corrupt and truncated files, and keys that look like paths."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.persistent_server import PersistentServer
from tests.server_process import ROOT

TRAVERSAL_KEYS = ["../escape.txt", "%2e%2e/escape2.txt", "/etc/absolute.txt", "a/../../b.txt", "nul\x00byte"]


def _fill(server: PersistentServer) -> None:
    s3, sqs, dynamodb = server.client("s3"), server.client("sqs"), server.client("dynamodb")
    s3.create_bucket(Bucket="snap-bucket")
    s3.put_object(Bucket="snap-bucket", Key="a.txt", Body=b"alpha", Metadata={"m": "1"})
    s3.put_object(Bucket="snap-bucket", Key="big.bin", Body=os.urandom(300_000))
    queue = sqs.create_queue(QueueName="snap-queue")["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody="hello")
    dynamodb.create_table(
        TableName="snap-table",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.put_item(TableName="snap-table", Item={"pk": {"S": "x"}, "v": {"N": "1"}})


def _read(server: PersistentServer) -> dict:
    s3, sqs, dynamodb = server.client("s3"), server.client("sqs"), server.client("dynamodb")
    seen: dict = {}
    try:
        seen["objects"] = {
            o["Key"]: hashlib.sha256(
                s3.get_object(Bucket="snap-bucket", Key=o["Key"])["Body"].read()
            ).hexdigest()
            for o in s3.list_objects_v2(Bucket="snap-bucket").get("Contents", [])
        }
        seen["meta"] = s3.head_object(Bucket="snap-bucket", Key="a.txt")["Metadata"]
    except s3.exceptions.NoSuchBucket:
        seen["objects"] = None
    try:
        queue = sqs.get_queue_url(QueueName="snap-queue")["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])
        seen["messages"] = attributes["Attributes"]["ApproximateNumberOfMessages"]
    except sqs.exceptions.QueueDoesNotExist:
        seen["messages"] = None
    try:
        seen["items"] = dynamodb.scan(TableName="snap-table")["Items"]
    except dynamodb.exceptions.ResourceNotFoundException:
        seen["items"] = None
    return seen


def _cli(server: PersistentServer, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "bin" / "localstack"), "state", *args],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def source(tmp_path: Path):
    server = PersistentServer(tmp_path / "source", ["s3", "sqs", "dynamodb"], persistence=False).start()
    _fill(server)
    yield server
    server.stop()


def test_export_imports_into_a_fresh_instance_with_and_without_persistence(source, tmp_path: Path) -> None:
    expected = _read(source)
    # PERSISTENCE=0 writes nothing of its own.
    assert not source.state_dir.exists()
    archive = tmp_path / "state.lsstate"
    result = _cli(source, "export", str(archive))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        index = json.loads(opened.read("s3-objects.json"))
        assert manifest["format"] == "localstack-state" and manifest["format_version"] == 1
        assert set(manifest["services"]) >= {"s3", "sqs", "dynamodb"}
        bodies = {entry["key"]: opened.read(f"bodies/{entry['sha256']}") for entry in index}
        assert bodies["a.txt"] == b"alpha"
    for persistence in (False, True):
        target = PersistentServer(tmp_path / f"target-{persistence}", ["s3", "sqs", "dynamodb"], persistence)
        target.start()
        try:
            result = _cli(target, "import", str(archive))
            assert result.returncode == 0, result.stderr
            assert _read(target) == expected
            if persistence:
                target.restart()
                assert _read(target) == expected
        finally:
            target.stop()


def test_services_option_moves_only_those_services(source, tmp_path: Path) -> None:
    status, data = source.post("/_localstack/state/export?services=s3")
    assert status == 200
    target = PersistentServer(tmp_path / "target", ["s3", "sqs", "dynamodb"], persistence=False).start()
    try:
        assert target.post("/_localstack/state/import", data)[0] == 200
        seen = _read(target)
        assert seen["objects"] == _read(source)["objects"]
        assert seen["messages"] is None and seen["items"] is None
    finally:
        target.stop()


def test_named_snapshots_save_and_load(tmp_path: Path) -> None:
    server = PersistentServer(tmp_path, ["s3", "sqs", "dynamodb"]).start()
    try:
        _fill(server)
        expected = _read(server)
        assert _cli(server, "save", "fixture-1").returncode == 0
        server.client("s3").delete_object(Bucket="snap-bucket", Key="a.txt")
        server.client("dynamodb").delete_table(TableName="snap-table")
        assert _cli(server, "load", "fixture-1").returncode == 0
        assert _read(server) == expected
        assert "fixture-1" in _cli(server, "list").stdout
        missing = _cli(server, "load", "no-such-snapshot")
        assert missing.returncode == 1 and "no-such-snapshot" in missing.stderr
        for bad in ("../evil", "/abs", ".hidden", "a/b"):
            status, body = server.post(f"/_localstack/state/save?name={bad}")
            assert status == 400, bad
        server.restart()
        assert _read(server) == expected
        assert sorted(p.name for p in (server.state_dir / "snapshots").iterdir()) == ["fixture-1.lsstate"]
    finally:
        server.stop()


def test_reset_clears_what_persistence_holds(tmp_path: Path) -> None:
    server = PersistentServer(tmp_path, ["s3", "sqs", "dynamodb"]).start()
    try:
        _fill(server)
        assert server.post("/_localstack/state/reset")[0] == 200
        server.restart(kill=True)
        assert _read(server) == {"objects": None, "messages": None, "items": None}
        assert not list((server.state_dir / "bodies").rglob("*")) or all(
            p.is_dir() for p in (server.state_dir / "bodies").rglob("*")
        )
    finally:
        server.stop()


def _tree(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def stopped(tmp_path: Path) -> PersistentServer:
    """A state directory holding a snapshot and a log of two requests after it."""
    server = PersistentServer(tmp_path, ["s3", "sqs", "dynamodb"]).start()
    _fill(server)
    server.stop()
    server.start()
    server.client("sqs").create_queue(QueueName="after-snapshot-1")
    server.client("sqs").create_queue(QueueName="after-snapshot-2")
    server.kill()
    return server


@pytest.mark.parametrize(
    "damage, file",
    [
        ("truncate", "snapshot.lsstate"),
        ("flip", "snapshot.lsstate"),
        ("flip-middle", "requests.log"),
        ("version", "requests.log"),
        ("version", "snapshot.lsstate"),
    ],
)
def test_a_bad_file_stops_start_up_names_it_and_changes_nothing(stopped, damage: str, file: str) -> None:
    path = stopped.state_dir / file
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[len(data) // 3] ^= 0xFF
    elif damage == "flip-middle":
        first_record = data.index(b"\n") + 1
        data[first_record + 40] ^= 0xFF
    elif file == "requests.log":
        data[data.index(b" ") + 1] = ord("9")
    else:
        data = _with_manifest(bytes(data), format_version=99)
    path.write_bytes(bytes(data))
    before = _tree(stopped.state_dir)
    process = stopped.launch()
    assert process.wait(timeout=60) == 1
    log = stopped.log()
    assert str(path) in log, log[-3000:]
    assert "cannot load the saved state" in log
    assert _tree(stopped.state_dir) == before


def _with_manifest(data: bytes, **changes: object) -> bytes:
    import io

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "manifest.json":
                content = json.dumps({**json.loads(content), **changes}).encode()
            target.writestr(item, content)
    return out.getvalue()


def test_a_torn_log_tail_is_ignored(stopped) -> None:
    path = stopped.state_dir / "requests.log"
    with open(path, "ab") as handle:
        handle.write(b"R\x00\x00\x10\x00\x12\x34")  # a record's frame, cut off by the crash
    stopped.start()
    try:
        urls = stopped.client("sqs").list_queues()["QueueUrls"]
        assert {url.rpartition("/")[2] for url in urls} >= {
            "after-snapshot-1",
            "after-snapshot-2",
            "snap-queue",
        }
        assert _read(stopped)["items"] == [{"pk": {"S": "x"}, "v": {"N": "1"}}]
    finally:
        stopped.stop()


def test_state_directory_is_private_and_keys_stay_keys(tmp_path: Path) -> None:
    server = PersistentServer(tmp_path, ["s3"]).start()
    try:
        s3 = server.client("s3")
        s3.create_bucket(Bucket="paths")
        for key in TRAVERSAL_KEYS:
            s3.put_object(Bucket="paths", Key=key, Body=f"content of {key!r}".encode())
        server.restart(kill=True)
        server.restart()
        listed = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="paths")["Contents"])
        assert listed == sorted(TRAVERSAL_KEYS)
        for key in TRAVERSAL_KEYS:
            assert s3.get_object(Bucket="paths", Key=key)["Body"].read() == f"content of {key!r}".encode()
    finally:
        server.stop()
    assert stat.S_IMODE(server.state_dir.stat().st_mode) == 0o700
    names = [path.relative_to(server.state_dir).as_posix() for path in server.state_dir.rglob("*")]
    assert all("escape" not in name and "absolute" not in name for name in names), names
    assert not (tmp_path / "escape.txt").exists() and not (server.data_dir / "escape.txt").exists()
    for path in server.state_dir.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
