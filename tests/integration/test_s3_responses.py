"""Answers with S3's fields: ListBuckets paging and filters, PartNumber reads of multipart objects, UTF-8
metadata returned mail-safe, the bucket region header."""

from __future__ import annotations

import base64

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.s3_support import allow_public_reads, remove_bucket

PART = 5 * 1024 * 1024


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("resp")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


@pytest.fixture
def buckets(s3, aws_client, unique_name, cleanup):
    prefix = unique_name("lb")
    names = [f"{prefix}-{i}" for i in range(3)]
    for name in names:
        s3.create_bucket(Bucket=name)
        cleanup.append(lambda name=name: s3.delete_bucket(Bucket=name))
    eu = aws_client("s3", region="eu-west-1")
    eu.create_bucket(Bucket=f"{prefix}-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    cleanup.append(lambda: remove_bucket(eu, f"{prefix}-eu"))
    return prefix, names + [f"{prefix}-eu"]


def test_list_buckets_pages(s3, buckets):
    prefix, names = buckets
    first = s3.list_buckets(MaxBuckets=2, Prefix=prefix)
    assert [b["Name"] for b in first["Buckets"]] == names[:2]
    assert first["Prefix"] == prefix
    second = s3.list_buckets(MaxBuckets=2, Prefix=prefix, ContinuationToken=first["ContinuationToken"])
    assert [b["Name"] for b in second["Buckets"]] == names[2:]
    assert "ContinuationToken" not in second


def test_list_buckets_region_filter_and_field(s3, buckets):
    prefix, names = buckets
    listed = s3.list_buckets(Prefix=prefix, BucketRegion="eu-west-1")
    assert [(b["Name"], b["BucketRegion"]) for b in listed["Buckets"]] == [(names[-1], "eu-west-1")]
    assert s3.list_buckets(Prefix=prefix)["Buckets"][0]["BucketRegion"] == "us-east-1"


def test_list_buckets_invalid_max_buckets(s3):
    url = s3.generate_presigned_url("list_buckets", Params={"MaxBuckets": 5})
    response = requests.get(url.replace("max-buckets=5", "max-buckets=0"))
    assert response.status_code == 400
    assert "<Code>InvalidArgument</Code>" in response.text


def _multipart(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    parts = []
    for number, body in ((1, b"a" * PART), (2, b"tail")):
        etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=number, Body=body)["ETag"]
        parts.append({"ETag": etag, "PartNumber": number})
    return s3.complete_multipart_upload(
        Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": parts}
    )


def test_get_object_part_number(s3, bucket):
    completed = _multipart(s3, bucket)
    got = s3.get_object(Bucket=bucket, Key="mp", PartNumber=2)
    assert got["Body"].read() == b"tail"
    assert got["PartsCount"] == 2
    assert got["ContentRange"] == f"bytes {PART}-{PART + 3}/{PART + 4}"
    assert got["ETag"] == completed["ETag"]
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206


def test_head_object_part_number(s3, bucket):
    completed = _multipart(s3, bucket)
    head = s3.head_object(Bucket=bucket, Key="mp", PartNumber=1)
    assert head["ContentLength"] == PART
    assert head["PartsCount"] == 2
    assert head["ETag"] == completed["ETag"]
    assert head["ContentRange"] == f"bytes 0-{PART - 1}/{PART + 4}"


def test_part_number_past_the_last(s3, bucket):
    _multipart(s3, bucket)
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="mp", PartNumber=3)
    assert excinfo.value.response["Error"]["Code"] == "InvalidPartNumber"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 416


def test_utf8_metadata_is_returned_mail_safe(s3, bucket):
    url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "utf"})
    value = "héllo wörld"
    # http.client sends header values as latin-1: hand it the UTF-8 bytes that way.
    response = requests.put(url, data=b"x", headers={"x-amz-meta-greeting": value.encode().decode("latin-1")})
    assert response.status_code == 200, response.text
    head = s3.head_object(Bucket=bucket, Key="utf")
    expected = f"=?UTF-8?B?{base64.b64encode(value.encode()).decode()}?="
    assert head["Metadata"]["greeting"] == expected


def test_head_bucket_region_header(aws_client, s3, unique_name, cleanup):
    eu = aws_client("s3", region="eu-west-1")
    name = unique_name("region")
    eu.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    cleanup.append(lambda: remove_bucket(eu, name))
    head = s3.head_bucket(Bucket=name)
    assert head["BucketRegion"] == "eu-west-1"
    assert head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"] == "eu-west-1"
    # Anonymous: denied, but the region is answered (how SDKs discover it).
    anonymous = requests.head(s3.meta.endpoint_url + f"/{name}")
    assert anonymous.status_code == 403
    assert anonymous.headers["x-amz-bucket-region"] == "eu-west-1"


def test_policy_status_without_policy(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.get_bucket_policy_status(Bucket=bucket)
    assert excinfo.value.response["Error"]["Code"] == "NoSuchBucketPolicy"


def test_object_attributes_object_parts(s3, bucket):
    _multipart(s3, bucket)
    attributes = s3.get_object_attributes(
        Bucket=bucket, Key="mp", ObjectAttributes=["ObjectParts", "ObjectSize"]
    )
    assert attributes["ObjectParts"]["TotalPartsCount"] == 2
    assert attributes["ObjectSize"] == PART + 4


def test_expected_bucket_owner_mismatch(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.list_objects_v2(Bucket=bucket, ExpectedBucketOwner="111122223333")
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"
    s3.list_objects_v2(Bucket=bucket, ExpectedBucketOwner="000000000000")


def test_head_of_a_missing_key_is_404_not_found(s3, bucket, server):
    """The check SDKs and tools make before writing: a bare 404, never 'not implemented'."""
    with pytest.raises(ClientError) as error:
        s3.head_object(Bucket=bucket, Key="missing")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error.value.response["Error"]["Code"] == "404"
    answer = requests.head(f"{server.edge_url}/{bucket}/missing")
    assert answer.status_code in (403, 404)
    assert answer.content == b""


def test_get_of_a_delete_marker_version_is_method_not_allowed(s3, unique_name, cleanup):
    name = unique_name("marker")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})

    cleanup.append(lambda: remove_bucket(s3, name))
    s3.put_object(Bucket=name, Key="k", Body=b"v")
    marker = s3.delete_object(Bucket=name, Key="k")["VersionId"]
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=name, Key="k")
    assert excinfo.value.response["Error"]["Code"] == "NoSuchKey"
    assert excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"
    assert excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amz-version-id"] == marker
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=name, Key="k", VersionId=marker)
    response = excinfo.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 405
    assert response["Error"]["Code"] == "MethodNotAllowed"
    assert response["Error"]["Message"] == "The specified method is not allowed against this resource."
    assert response["Error"]["Method"] == "GET"
    assert response["Error"]["ResourceType"] == "DeleteMarker"
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-delete-marker"] == "true"
    assert headers["x-amz-version-id"] == marker
    assert "last-modified" in headers
    with pytest.raises(ClientError) as excinfo:
        s3.head_object(Bucket=name, Key="k", VersionId=marker)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405
    assert excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"


def test_anonymous_get_with_response_overrides_is_invalid_request(s3, bucket):
    s3.put_object(Bucket=bucket, Key="pub", Body=b"hello")
    allow_public_reads(s3, bucket)
    url = s3.meta.endpoint_url + f"/{bucket}/pub"
    assert requests.get(url).content == b"hello"
    answer = requests.get(url, params={"response-content-type": "text/x"})
    assert answer.status_code == 400
    assert b"<Code>InvalidRequest</Code>" in answer.content
    assert (
        b"<Message>Request specific response headers cannot be used for anonymous GET requests.</Message>"
        in answer.content
    )
    signed = s3.get_object(Bucket=bucket, Key="pub", ResponseContentType="text/x")
    assert signed["ContentType"] == "text/x"
    # Upload-only headers moto keeps with the object are not answered.
    assert "x-amz-content-sha256" not in signed["ResponseMetadata"]["HTTPHeaders"]


def test_copy_of_an_archived_object_is_object_not_in_active_tier(s3, bucket):
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    with pytest.raises(ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="warm", CopySource={"Bucket": bucket, "Key": "cold"})
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert excinfo.value.response["Error"] == {
        "Code": "ObjectNotInActiveTierError",
        "Message": "The source object of the COPY operation is not in the active tier and is only stored in "
        "Amazon Glacier.",
    }
    s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 1})
    s3.copy_object(Bucket=bucket, Key="warm", CopySource={"Bucket": bucket, "Key": "cold"})
    assert s3.get_object(Bucket=bucket, Key="warm")["Body"].read() == b"x"


def test_requests_are_named_by_s3s_request_id_headers(aws_client, unique_name, cleanup):
    from botocore.exceptions import ClientError

    s3 = aws_client("s3")
    name = unique_name("reqid")
    created = s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    for metadata in (created["ResponseMetadata"], s3.list_objects_v2(Bucket=name)["ResponseMetadata"]):
        headers = metadata["HTTPHeaders"]
        assert "x-amzn-requestid" not in headers
        assert metadata["RequestId"] == headers["x-amz-request-id"]
        assert metadata["HostId"] == headers["x-amz-id-2"] != ""
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=name, Key="missing")
    assert excinfo.value.response["ResponseMetadata"]["HostId"]
    assert excinfo.value.response["ResponseMetadata"]["RequestId"]


def test_ranges_s3_cannot_read_serve_the_whole_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="r", Body=b"0123456789")
    for unreadable in ("0-1", "bytes=1-0", "bytes=-1-", "bytes=0--1", "bytes=0-1,3-4,7-9", "bytes=-"):
        got = s3.get_object(Bucket=bucket, Key="r", Range=unreadable)
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 200, unreadable
        assert "ContentRange" not in got
        assert got["Body"].read() == b"0123456789"
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=-15")["ContentRange"] == "bytes 0-9/10"
    for unsatisfiable in ("bytes=-0", "bytes=100-200"):
        with pytest.raises(ClientError) as excinfo:
            s3.get_object(Bucket=bucket, Key="r", Range=unsatisfiable)
        error = excinfo.value.response["Error"]
        assert (error["Code"], error["ActualObjectSize"], error["RangeRequested"]) == (
            "InvalidRange",
            "10",
            unsatisfiable,
        )


def test_delete_object_tagging_of_a_missing_key(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object_tagging(Bucket=bucket, Key="absent")
    error = excinfo.value.response["Error"]
    assert (error["Code"], error["Message"], error["Key"]) == (
        "NoSuchKey",
        "The specified key does not exist.",
        "absent",
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    s3.put_object(Bucket=bucket, Key="tagged", Body=b"1", Tagging="a=b")
    s3.delete_object_tagging(Bucket=bucket, Key="tagged")
    assert s3.get_object_tagging(Bucket=bucket, Key="tagged")["TagSet"] == []
