"""Listing with AWS's exact fields: ListObjects (Marker, NextMarker), ListObjectsV2 (continuation tokens,
KeyCount, FetchOwner, StartAfter), EncodingType=url on every key field, paging over delimiters."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
KEYS = ["a/1", "a/2", "b", "c/x/1", "c/y", "d e+f", "é"]


@pytest.fixture(scope="module")
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture(scope="module")
def bucket(s3):
    import uuid

    name = f"list-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name)
    for key in KEYS:
        s3.put_object(Bucket=name, Key=key, Body=b"x")
    yield name
    for key in KEYS:
        s3.delete_object(Bucket=name, Key=key)
    s3.delete_bucket(Bucket=name)


def _raw(s3, operation: str, **params) -> ET.Element:
    url = s3.generate_presigned_url(operation, Params=params)
    response = requests.get(url)
    assert response.status_code == 200, response.text
    return ET.fromstring(response.content)


def test_list_v1_fields(s3, bucket):
    listed = s3.list_objects(Bucket=bucket)
    assert [o["Key"] for o in listed["Contents"]] == KEYS
    assert listed["Marker"] == ""
    assert listed["Prefix"] == ""
    assert listed["MaxKeys"] == 1000
    assert listed["IsTruncated"] is False
    assert "NextMarker" not in listed
    assert listed["Contents"][0]["Owner"]["ID"]


def test_list_v1_paging_with_delimiter_sets_next_marker(s3, bucket):
    first = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=2)
    assert [p["Prefix"] for p in first["CommonPrefixes"]] == ["a/"]
    assert [o["Key"] for o in first["Contents"]] == ["b"]
    assert first["IsTruncated"] is True
    assert first["NextMarker"] == "b"
    second = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=2, Marker=first["NextMarker"])
    assert [p["Prefix"] for p in second["CommonPrefixes"]] == ["c/"]
    assert [o["Key"] for o in second["Contents"]] == ["d e+f"]
    assert second["Marker"] == "b"


def test_list_v1_without_delimiter_has_no_next_marker(s3, bucket):
    root = _raw(s3, "list_objects", Bucket=bucket, MaxKeys=1)
    assert root.findtext(f"{NS}IsTruncated") == "true"
    assert root.find(f"{NS}NextMarker") is None
    assert root.findtext(f"{NS}Marker") == ""


def test_list_v2_paging_with_continuation_tokens(s3, bucket):
    seen, token, pages = [], None, 0
    while True:
        params = {"Bucket": bucket, "MaxKeys": 3}
        if token:
            params["ContinuationToken"] = token
        page = s3.list_objects_v2(**params)
        pages += 1
        assert page["KeyCount"] == len(page.get("Contents", []))
        if token:
            assert page["ContinuationToken"] == token
        seen += [o["Key"] for o in page.get("Contents", [])]
        if not page["IsTruncated"]:
            assert "NextContinuationToken" not in page
            break
        token = page["NextContinuationToken"]
    assert seen == KEYS
    assert pages == 3


def test_list_v2_key_count_includes_common_prefixes(s3, bucket):
    page = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["a/", "c/"]
    assert page["KeyCount"] == 5


def test_list_v2_owner_only_with_fetch_owner(s3, bucket):
    assert "Owner" not in s3.list_objects_v2(Bucket=bucket)["Contents"][0]
    assert s3.list_objects_v2(Bucket=bucket, FetchOwner=True)["Contents"][0]["Owner"]["ID"]


def test_list_v2_start_after(s3, bucket):
    page = s3.list_objects_v2(Bucket=bucket, StartAfter="b")
    assert page["StartAfter"] == "b"
    assert [o["Key"] for o in page["Contents"]] == KEYS[3:]


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_list_v2_invalid_continuation_token(s3, bucket, token):
    with pytest.raises(ClientError) as excinfo:
        s3.list_objects_v2(Bucket=bucket, ContinuationToken=token)
    assert excinfo.value.response["Error"]["Code"] == "InvalidArgument"
    assert excinfo.value.response["Error"]["Message"] == "The continuation token provided is incorrect"


def test_encoding_type_url_on_every_key_field(s3, bucket):
    root = _raw(s3, "list_objects_v2", Bucket=bucket, EncodingType="url", Prefix="d ", StartAfter="d ")
    assert root.findtext(f"{NS}EncodingType") == "url"
    assert root.findtext(f"{NS}Prefix") == "d+"
    assert root.findtext(f"{NS}StartAfter") == "d+"
    assert [c.findtext(f"{NS}Key") for c in root.iter(f"{NS}Contents")] == ["d+e%2Bf"]
    root = _raw(s3, "list_objects", Bucket=bucket, EncodingType="url", Delimiter="/", Marker="a/1")
    assert root.findtext(f"{NS}Marker") == "a/1"
    assert [c.findtext(f"{NS}Key") for c in root.iter(f"{NS}Contents")][-1] == "%C3%A9"
    # boto3 asks for url encoding on its own and decodes the keys again.
    listed = s3.list_objects(Bucket=bucket)
    assert [o["Key"] for o in listed["Contents"]] == KEYS
    listed = s3.list_objects(Bucket=bucket, EncodingType="url")
    assert listed["Contents"][5]["Key"] == "d+e%2Bf"


def test_prefix_and_delimiter_nested(s3, bucket):
    page = s3.list_objects_v2(Bucket=bucket, Prefix="c/", Delimiter="/")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["c/x/"]
    assert [o["Key"] for o in page["Contents"]] == ["c/y"]


def test_max_keys_zero(s3, bucket):
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=0)
    assert page["KeyCount"] == 0
    assert "Contents" not in page


def test_listing_carries_bucket_region(s3, bucket):
    headers = s3.list_objects_v2(Bucket=bucket)["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-bucket-region"] == "us-east-1"


def test_deleted_keys_leave_the_listing(s3, bucket):
    s3.put_object(Bucket=bucket, Key="tmp", Body=b"x")
    assert "tmp" in [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    s3.delete_object(Bucket=bucket, Key="tmp")
    assert "tmp" not in [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]


@pytest.fixture
def versioned(s3, unique_name, cleanup):
    name = unique_name("versions")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def test_list_object_versions_order_and_paging(s3, versioned):
    first = s3.put_object(Bucket=versioned, Key="k", Body=b"1")["VersionId"]
    second = s3.put_object(Bucket=versioned, Key="k", Body=b"2")["VersionId"]
    marker = s3.delete_object(Bucket=versioned, Key="k")["VersionId"]
    other = s3.put_object(Bucket=versioned, Key="z", Body=b"z")["VersionId"]
    page = s3.list_object_versions(Bucket=versioned, MaxKeys=2)
    assert page["IsTruncated"] is True
    assert [(m["VersionId"], m["IsLatest"]) for m in page["DeleteMarkers"]] == [(marker, True)]
    assert [(v["VersionId"], v["IsLatest"]) for v in page["Versions"]] == [(second, False)]
    assert page["NextKeyMarker"] == "k"
    assert page["NextVersionIdMarker"] == second
    rest = s3.list_object_versions(
        Bucket=versioned, KeyMarker=page["NextKeyMarker"], VersionIdMarker=page["NextVersionIdMarker"]
    )
    assert [(v["Key"], v["VersionId"]) for v in rest["Versions"]] == [("k", first), ("z", other)]
    assert rest["IsTruncated"] is False
    assert "NextKeyMarker" not in rest


def test_list_object_versions_encoding_and_prefixes(s3, versioned):
    s3.put_object(Bucket=versioned, Key="dir/a b", Body=b"x")
    s3.put_object(Bucket=versioned, Key="top+1", Body=b"x")
    root = _raw(s3, "list_object_versions", Bucket=versioned, EncodingType="url", Delimiter="/")
    assert root.findtext(f"{NS}EncodingType") == "url"
    assert [p.findtext(f"{NS}Prefix") for p in root.iter(f"{NS}CommonPrefixes")] == ["dir/"]
    assert [v.findtext(f"{NS}Key") for v in root.iter(f"{NS}Version")] == ["top%2B1"]
    listed = s3.list_object_versions(Bucket=versioned)
    assert sorted(v["Key"] for v in listed["Versions"]) == ["dir/a b", "top+1"]


def test_version_id_marker_needs_key_marker(s3, versioned):
    url = s3.generate_presigned_url("list_object_versions", Params={"Bucket": versioned})
    response = requests.get(url.replace("?versions", "?versions&version-id-marker=abc"))
    assert response.status_code == 400
    assert "A version-id marker cannot be specified without a key marker." in response.text


def test_list_multipart_uploads_paging_and_prefixes(s3, unique_name, cleanup):
    name = unique_name("uploads")
    s3.create_bucket(Bucket=name)
    uploads = {
        key: s3.create_multipart_upload(Bucket=name, Key=key)["UploadId"] for key in ["a/1", "a/2", "b", "c"]
    }

    def abort_and_delete():
        for key, upload in uploads.items():
            s3.abort_multipart_upload(Bucket=name, Key=key, UploadId=upload)
        s3.delete_bucket(Bucket=name)

    cleanup.append(abort_and_delete)
    first = s3.list_multipart_uploads(Bucket=name, MaxUploads=2)
    assert [u["Key"] for u in first["Uploads"]] == ["a/1", "a/2"]
    assert first["IsTruncated"] is True
    assert first["NextKeyMarker"] == "a/2"
    rest = s3.list_multipart_uploads(
        Bucket=name, KeyMarker=first["NextKeyMarker"], UploadIdMarker=first["NextUploadIdMarker"]
    )
    assert [u["Key"] for u in rest["Uploads"]] == ["b", "c"]
    grouped = s3.list_multipart_uploads(Bucket=name, Delimiter="/")
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["a/"]
    assert [u["Key"] for u in grouped["Uploads"]] == ["b", "c"]
    initiated = grouped["Uploads"][0]["Initiated"]
    assert abs((initiated - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 300


def test_version_id_marker_no_version_could_have(s3, versioned):
    s3.put_object(Bucket=versioned, Key="a", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        s3.list_object_versions(Bucket=versioned, KeyMarker="a", VersionIdMarker="no-such-version-id-12345")
    error = excinfo.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("InvalidArgument", "Invalid version id specified")


def test_restore_status_listed_when_asked_for(s3, unique_name, cleanup):
    name = unique_name("restore")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    s3.put_object(Bucket=name, Key="archived", Body=b"x", StorageClass="GLACIER")
    s3.put_object(Bucket=name, Key="plain", Body=b"x")
    s3.restore_object(Bucket=name, Key="archived", RestoreRequest={"Days": 2})
    listed = {
        item["Key"]: item
        for item in s3.list_objects_v2(Bucket=name, OptionalObjectAttributes=["RestoreStatus"])["Contents"]
    }
    status = listed["archived"]["RestoreStatus"]
    assert status["IsRestoreInProgress"] is False
    assert status["RestoreExpiryDate"] > datetime.datetime.now(datetime.timezone.utc)
    assert "RestoreStatus" not in listed["plain"]
    unasked = s3.list_objects_v2(Bucket=name)["Contents"]
    assert all("RestoreStatus" not in item for item in unasked)
