"""Versioning as S3 answers it: suspended buckets' null versions and delete markers, NoSuchVersion's
fields, and the version listing that shows them."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

MISSING_VERSION = "KpO7nUSFDXHv9pO1vJ7sSIgN2HcFx4tA"


@pytest.fixture(scope="module")
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def suspended(s3):
    """A bucket whose key "k" has one version written while versioning was enabled, then suspended."""
    name = f"susp-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=name, Key="k", Body=b"enabled")["VersionId"]
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Suspended"})
    yield name, first
    listed = s3.list_object_versions(Bucket=name)
    for entry in listed.get("Versions", []) + listed.get("DeleteMarkers", []):
        s3.delete_object(Bucket=name, Key=entry["Key"], VersionId=entry["VersionId"])
    s3.delete_bucket(Bucket=name)


def _versions(s3, bucket: str) -> list[tuple[str, str, bool]]:
    listed = s3.list_object_versions(Bucket=bucket)
    entries = [("version", v["VersionId"], v["IsLatest"]) for v in listed.get("Versions", [])]
    entries += [("marker", m["VersionId"], m["IsLatest"]) for m in listed.get("DeleteMarkers", [])]
    return sorted(entries)


def test_suspended_put_replaces_only_the_null_version(s3, suspended):
    bucket, first = suspended
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    s3.put_object(Bucket=bucket, Key="k", Body=b"two")
    assert _versions(s3, bucket) == sorted([("version", first, False), ("version", "null", True)])
    assert s3.get_object(Bucket=bucket, Key="k", VersionId=first)["Body"].read() == b"enabled"
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"two"
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"two"


def test_suspended_delete_leaves_a_null_delete_marker(s3, suspended):
    bucket, first = suspended
    s3.put_object(Bucket=bucket, Key="k", Body=b"null version")
    deleted = s3.delete_object(Bucket=bucket, Key="k")
    assert deleted["DeleteMarker"] is True
    assert deleted["VersionId"] == "null"
    # The null version is gone, replaced by the marker; the version made while enabled stays.
    assert _versions(s3, bucket) == sorted([("version", first, False), ("marker", "null", True)])
    assert s3.get_object(Bucket=bucket, Key="k", VersionId=first)["Body"].read() == b"enabled"


def test_get_and_head_of_a_null_delete_marker(s3, suspended):
    bucket, _ = suspended
    s3.delete_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as got:
        s3.get_object(Bucket=bucket, Key="k")
    assert got.value.response["Error"]["Code"] == "NoSuchKey"
    headers = got.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-delete-marker"] == "true"
    assert headers["x-amz-version-id"] == "null"
    with pytest.raises(ClientError) as head:
        s3.head_object(Bucket=bucket, Key="k", VersionId="null")
    assert head.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405
    headers = head.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-delete-marker"] == "true"
    assert headers["x-amz-version-id"] == "null"


def test_suspended_delete_of_a_version_id_removes_only_that_version(s3, suspended):
    bucket, first = suspended
    s3.put_object(Bucket=bucket, Key="k", Body=b"null version")
    deleted = s3.delete_object(Bucket=bucket, Key="k", VersionId=first)
    assert deleted["VersionId"] == first
    assert "DeleteMarker" not in deleted
    assert _versions(s3, bucket) == [("version", "null", True)]
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"null version"


def test_suspended_delete_of_a_key_never_written_leaves_a_marker(s3, suspended):
    bucket, _ = suspended
    deleted = s3.delete_object(Bucket=bucket, Key="never")
    assert deleted["DeleteMarker"] is True
    assert deleted["VersionId"] == "null"
    markers = s3.list_object_versions(Bucket=bucket, Prefix="never")["DeleteMarkers"]
    assert [(m["Key"], m["VersionId"], m["IsLatest"]) for m in markers] == [("never", "null", True)]


def test_no_such_version_names_the_key_and_the_version(s3, suspended):
    bucket, _ = suspended
    with pytest.raises(ClientError) as got:
        s3.get_object(Bucket=bucket, Key="k", VersionId=MISSING_VERSION)
    error = got.value.response["Error"]
    assert got.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error == {
        "Code": "NoSuchVersion",
        "Message": "The specified version does not exist.",
        "Key": "k",
        "VersionId": MISSING_VERSION,
    }
