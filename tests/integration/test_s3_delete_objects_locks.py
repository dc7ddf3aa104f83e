"""DeleteObjects naming several versions of one key in an Object Lock bucket: each version Object Lock
protects (legal hold, GOVERNANCE retention) is refused under its own version id, in Quiet mode too, while
the other versions named with it are deleted, and the protected one is kept."""

from __future__ import annotations

import datetime

import pytest

from tests.integration.s3_support import remove_bucket

# Recorded answers: a legal hold's refusal is S3's plain sentence, a retention's names the lock.
RETENTION_MESSAGE = "Access Denied because object protected by object lock."
REFUSALS = {
    "legal-hold": {"Code": "AccessDenied", "Message": "Access Denied"},
    "governance": {"Code": "AccessDenied", "Message": RETENTION_MESSAGE},
}


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def locked_bucket(s3, unique_name, cleanup):
    name = unique_name("dolock")
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _put_locked(s3, bucket: str, key: str, lock: str) -> str:
    if lock == "legal-hold":
        extra = {"ObjectLockLegalHoldStatus": "ON"}
    else:
        until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
        extra = {"ObjectLockMode": "GOVERNANCE", "ObjectLockRetainUntilDate": until}
    return s3.put_object(Bucket=bucket, Key=key, Body=b"kept", **extra)["VersionId"]


def _remaining(s3, bucket: str) -> tuple[list[str], list[str]]:
    listed = s3.list_object_versions(Bucket=bucket)
    return (
        [entry["VersionId"] for entry in listed.get("Versions", [])],
        [entry["VersionId"] for entry in listed.get("DeleteMarkers", [])],
    )


@pytest.mark.parametrize("quiet", [False, True])
@pytest.mark.parametrize("lock", ["legal-hold", "governance"])
def test_locked_version_refused_beside_a_deletable_version(s3, locked_bucket, lock, quiet):
    locked = _put_locked(s3, locked_bucket, "k", lock)
    plain = s3.put_object(Bucket=locked_bucket, Key="k", Body=b"gone")["VersionId"]
    answer = s3.delete_objects(
        Bucket=locked_bucket,
        Delete={
            "Objects": [{"Key": "k", "VersionId": locked}, {"Key": "k", "VersionId": plain}],
            "Quiet": quiet,
        },
    )
    assert answer["Errors"] == [{"Key": "k", "VersionId": locked, **REFUSALS[lock]}]
    if quiet:
        assert "Deleted" not in answer
    else:
        assert answer["Deleted"] == [{"Key": "k", "VersionId": plain}]
    assert _remaining(s3, locked_bucket) == ([locked], [])


@pytest.mark.parametrize("quiet", [False, True])
@pytest.mark.parametrize("lock", ["legal-hold", "governance"])
def test_locked_version_refused_beside_its_delete_marker(s3, locked_bucket, lock, quiet):
    locked = _put_locked(s3, locked_bucket, "k", lock)
    marker = s3.delete_object(Bucket=locked_bucket, Key="k")["VersionId"]
    answer = s3.delete_objects(
        Bucket=locked_bucket,
        Delete={
            "Objects": [{"Key": "k", "VersionId": locked}, {"Key": "k", "VersionId": marker}],
            "Quiet": quiet,
        },
    )
    assert answer["Errors"] == [{"Key": "k", "VersionId": locked, **REFUSALS[lock]}]
    if quiet:
        assert "Deleted" not in answer
    else:
        assert answer["Deleted"] == [
            {"Key": "k", "VersionId": marker, "DeleteMarker": True, "DeleteMarkerVersionId": marker}
        ]
    assert _remaining(s3, locked_bucket) == ([locked], [])
    assert s3.get_object(Bucket=locked_bucket, Key="k")["Body"].read() == b"kept"


@pytest.mark.parametrize("quiet", [False, True])
def test_locked_versions_of_two_keys_each_named(s3, locked_bucket, quiet):
    held = _put_locked(s3, locked_bucket, "a", "legal-hold")
    governed = _put_locked(s3, locked_bucket, "b", "governance")
    plain = s3.put_object(Bucket=locked_bucket, Key="b", Body=b"gone")["VersionId"]
    answer = s3.delete_objects(
        Bucket=locked_bucket,
        Delete={
            "Objects": [
                {"Key": "a", "VersionId": held},
                {"Key": "b", "VersionId": plain},
                {"Key": "b", "VersionId": governed},
            ],
            "Quiet": quiet,
        },
    )
    assert answer["Errors"] == [
        {"Key": "a", "VersionId": held, **REFUSALS["legal-hold"]},
        {"Key": "b", "VersionId": governed, **REFUSALS["governance"]},
    ]
    assert answer.get("Deleted") == (None if quiet else [{"Key": "b", "VersionId": plain}])
    assert sorted(_remaining(s3, locked_bucket)[0]) == sorted([held, governed])


def test_governance_bypass_deletes_both_but_a_legal_hold_still_refuses(s3, locked_bucket):
    governed = _put_locked(s3, locked_bucket, "k", "governance")
    held = _put_locked(s3, locked_bucket, "k", "legal-hold")
    answer = s3.delete_objects(
        Bucket=locked_bucket,
        Delete={"Objects": [{"Key": "k", "VersionId": held}, {"Key": "k", "VersionId": governed}]},
        BypassGovernanceRetention=True,
    )
    assert answer["Errors"] == [{"Key": "k", "VersionId": held, **REFUSALS["legal-hold"]}]
    assert answer["Deleted"] == [{"Key": "k", "VersionId": governed}]
    assert _remaining(s3, locked_bucket) == ([held], [])
