"""A plain PutObject is logged as the object it stored (an `OBJECT` record), anything else as its
request: after a kill -9 both replay to the very objects the server had, compared through the APIs."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

from tests.persistent_server import PersistentServer

ODD_KEY = "dir/a b+c/%2e%2e/ü?x=1#frag"


def _write(server: PersistentServer) -> None:
    s3 = server.client("s3")
    s3.create_bucket(Bucket="plain", ObjectOwnership="ObjectWriter")
    s3.delete_public_access_block(Bucket="plain")
    s3.put_object(Bucket="plain", Key="tagged", Body=b"first", Tagging="a=1&b=2")
    # Overwritten without tags: the old object's tags go with it.
    s3.put_object(Bucket="plain", Key="tagged", Body=b"second")
    s3.put_object(Bucket="plain", Key="kept-tags", Body=b"x", Tagging="team=blue")
    s3.put_object(
        Bucket="plain",
        Key="rich",
        Body=b"rich body" * 100,
        ContentType="text/plain; charset=utf-8",
        CacheControl="max-age=60",
        ContentDisposition="attachment",
        Metadata={"owner": "me", "n": "1"},
        ACL="public-read",
        ServerSideEncryption="AES256",
        ChecksumAlgorithm="SHA256",
        StorageClass="STANDARD_IA",
    )
    s3.put_object(Bucket="plain", Key="empty", Body=b"")
    s3.put_object(Bucket="plain", Key=ODD_KEY, Body=b"odd")
    s3.copy_object(Bucket="plain", Key="copied", CopySource={"Bucket": "plain", "Key": "rich"})
    url = s3.generate_presigned_url("put_object", Params={"Bucket": "plain", "Key": "presigned"})
    upload = urllib.request.Request(url, data=b"uploaded by URL", method="PUT")
    with urllib.request.urlopen(upload, timeout=30) as answer:
        assert answer.status == 200
    s3.create_bucket(Bucket="versioned")
    s3.put_bucket_versioning(Bucket="versioned", VersioningConfiguration={"Status": "Enabled"})
    for body in (b"v1", b"v2"):
        s3.put_object(Bucket="versioned", Key="k", Body=body)


def _read(server: PersistentServer) -> dict:
    s3 = server.client("s3")
    seen: dict = {}
    for key in ("tagged", "kept-tags", "rich", "empty", ODD_KEY, "copied", "presigned"):
        answer = s3.get_object(Bucket="plain", Key=key, ChecksumMode="ENABLED")
        answer.pop("ResponseMetadata")
        answer["Body"] = answer["Body"].read()
        seen[key] = {
            "object": answer,
            "tags": s3.get_object_tagging(Bucket="plain", Key=key)["TagSet"],
            "acl": s3.get_object_acl(Bucket="plain", Key=key)["Grants"],
        }
    listing = s3.list_objects_v2(Bucket="plain")["Contents"]
    seen["listing"] = [(o["Key"], o["ETag"], o["Size"], o["LastModified"]) for o in listing]
    versions = s3.list_object_versions(Bucket="versioned")["Versions"]
    seen["versions"] = [(v["VersionId"], v["ETag"], v["IsLatest"]) for v in versions]
    return seen


def test_put_objects_replay_from_object_records_after_kill_9(tmp_path: Path) -> None:
    from localstack.persistence.request_log import read_records

    server = PersistentServer(tmp_path / "first", ["s3"]).start()
    try:
        _write(server)
        expected = _read(server)
        # The state as a kill -9 leaves it now (the compactor folds the log after 2 s idle).
        copy = PersistentServer(tmp_path / "second", ["s3"])
        shutil.copytree(server.state_dir, copy.state_dir)
    finally:
        server.kill()
    methods = [(record.method, record.path) for record in read_records(copy.state_dir / "requests.log")]
    assert methods.count(("OBJECT", "/s3-object")) == 7, methods
    assert sum(1 for method, path in methods if method == "PUT" and path.startswith("/versioned/k")) == 2
    assert ("PUT", "/plain/copied") in methods
    copy.start()
    try:
        assert expected["tagged"]["tags"] == [] and expected["rich"]["object"]["Body"] == b"rich body" * 100
        assert _read(copy) == expected
        # The replayed objects are folded into a snapshot and come back from it too.
        copy.restart()
        assert _read(copy) == expected
    finally:
        copy.stop()
    log = copy.log()
    assert "Traceback" not in log and "replaying" not in log, log[-5000:]


def test_an_object_record_that_cannot_be_put_back_is_reported_and_start_up_goes_on(tmp_path: Path) -> None:
    from moto.s3.models import FakeKey

    from localstack.persistence import effects, pickling, request_log

    key = FakeKey("k", b"body", "000000000000", "us-east-1", bucket_name="gone")
    state = {"account": "000000000000", "partition": "aws", "bucket": "gone", "key": key, "tags": None}
    data = pickling.dumps(state, pickling.BodySink())
    body = effects._U32.pack(len(data)) + data + b"body"
    key.dispose()
    server = PersistentServer(tmp_path, ["s3"])
    server.state_dir.mkdir(parents=True, mode=0o700)
    record = request_log.LogRecord(1, "s3", effects.METHOD, effects.PATH, [], body, 1.0, 0)
    (server.state_dir / "requests.log").write_bytes(request_log._HEADER + record.encode())
    server.start()
    try:
        assert server.client("s3").list_buckets()["Buckets"] == []
    finally:
        server.stop()
    assert "replaying object record 1 failed: KeyError('gone')" in server.log(), server.log()[-3000:]
