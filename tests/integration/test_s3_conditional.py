"""Conditional requests: reads (304, 412 in RFC 7232's order), copies, and conditional writes on PutObject
and CompleteMultipartUpload (412 PreconditionFailed, 409 ConditionalRequestConflict)."""

from __future__ import annotations

import datetime
import time

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

PRECONDITION = "At least one of the pre-conditions you specified did not hold"


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("cond")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _code(excinfo) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_put_if_none_match_star_on_existing_key(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1", IfNoneMatch="*")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k", Body=b"2", IfNoneMatch="*")
    assert _code(excinfo) == ("PreconditionFailed", 412)
    assert excinfo.value.response["Error"]["Message"] == PRECONDITION
    assert excinfo.value.response["Error"]["Condition"] == "If-None-Match"


def test_put_if_match(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["ETag"]
    s3.put_object(Bucket=bucket, Key="k", Body=b"2", IfMatch=etag)
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k", Body=b"3", IfMatch=etag)
    assert _code(excinfo) == ("PreconditionFailed", 412)
    assert excinfo.value.response["Error"]["Condition"] == "If-Match"


def test_put_if_match_on_missing_key(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="missing", Body=b"1", IfMatch='"abc"')
    assert _code(excinfo) == ("NoSuchKey", 404)


def _multipart(s3, bucket, key):
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=1, Body=b"part")["ETag"]
    return upload, {"Parts": [{"ETag": etag, "PartNumber": 1}]}


def test_complete_multipart_if_none_match(s3, bucket):
    upload, parts = _multipart(s3, bucket, "mp")
    s3.put_object(Bucket=bucket, Key="mp", Body=b"already there")
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload=parts, IfNoneMatch="*"
        )
    assert _code(excinfo) == ("PreconditionFailed", 412)


def test_complete_multipart_if_none_match_succeeds_on_new_key(s3, bucket):
    upload, parts = _multipart(s3, bucket, "fresh")
    s3.complete_multipart_upload(
        Bucket=bucket, Key="fresh", UploadId=upload, MultipartUpload=parts, IfNoneMatch="*"
    )
    assert s3.get_object(Bucket=bucket, Key="fresh")["Body"].read() == b"part"


def test_complete_multipart_conflict_after_concurrent_write(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="busy", Body=b"v1")["ETag"]
    upload, parts = _multipart(s3, bucket, "busy")
    # A write that lands while the upload runs, leaving the same ETag.
    s3.put_object(Bucket=bucket, Key="busy", Body=b"v1")
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="busy", UploadId=upload, MultipartUpload=parts, IfMatch=etag
        )
    assert _code(excinfo) == ("ConditionalRequestConflict", 409)


def test_get_if_none_match_is_304(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["ETag"]
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=etag)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304


def test_304_keeps_the_objects_validators_and_encryption(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    head = s3.head_object(Bucket=bucket, Key="k")
    modified = head["ResponseMetadata"]["HTTPHeaders"]["last-modified"]
    for call, condition in (
        (s3.get_object, {"IfNoneMatch": put["ETag"]}),
        (s3.head_object, {"IfNoneMatch": put["ETag"]}),
        (s3.get_object, {"IfModifiedSince": head["LastModified"]}),
        (s3.head_object, {"IfModifiedSince": head["LastModified"]}),
    ):
        with pytest.raises(ClientError) as excinfo:
            call(Bucket=bucket, Key="k", **condition)
        headers = excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304
        assert headers["etag"] == put["ETag"]
        assert headers["last-modified"] == modified
        assert headers["x-amz-server-side-encryption"] == "AES256"
        assert "x-amz-version-id" not in headers


def test_304_keeps_last_modified_on_the_legacy_port(aws_client, s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    legacy = aws_client("s3", legacy=True)
    with pytest.raises(ClientError) as excinfo:
        legacy.head_object(Bucket=bucket, Key="k", IfNoneMatch=put["ETag"])
    headers = excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304
    assert "last-modified" in headers


def test_304_of_a_versioned_object_names_its_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=put["ETag"])
    headers = excinfo.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-version-id"] == put["VersionId"]
    assert "last-modified" in headers


def test_get_if_match_mismatch_is_412(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="k", IfMatch='"nope"')
    assert _code(excinfo) == ("PreconditionFailed", 412)
    assert excinfo.value.response["Error"]["Condition"] == "If-Match"


def test_if_match_true_wins_over_if_unmodified_since_false(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["ETag"]
    past = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    got = s3.get_object(Bucket=bucket, Key="k", IfMatch=etag, IfUnmodifiedSince=past)
    assert got["Body"].read() == b"1"
    head = s3.head_object(Bucket=bucket, Key="k", IfMatch=etag, IfUnmodifiedSince=past)
    assert head["ETag"] == etag


def test_if_modified_since_in_the_future_is_ignored(s3, bucket):
    # A date later than the server's clock is invalid, so the condition is ignored (RFC 2616 14.25).
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    head = s3.head_object(Bucket=bucket, Key="k", IfModifiedSince=future)
    assert head["ResponseMetadata"]["HTTPStatusCode"] == 200
    got = s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=future)
    assert (got["ResponseMetadata"]["HTTPStatusCode"], got["Body"].read()) == (200, b"1")


def test_if_modified_since_not_a_date_is_ignored(aws_client, bucket):
    s3 = aws_client("s3")
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")

    def add_header(request, **_):
        request.headers["If-Modified-Since"] = "not a date"

    s3.meta.events.register("before-sign.s3.GetObject", add_header)
    got = s3.get_object(Bucket=bucket, Key="k")
    assert (got["ResponseMetadata"]["HTTPStatusCode"], got["Body"].read()) == (200, b"1")


def test_if_modified_since_after_the_change_is_304(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    later = s3.head_object(Bucket=bucket, Key="k")["LastModified"] + datetime.timedelta(seconds=1)
    if later > datetime.datetime.now(datetime.timezone.utc):
        time.sleep(1.1)  # the date must be in the past to count
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=later)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304


def test_if_unmodified_since_past_is_412(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="k", IfUnmodifiedSince=datetime.datetime(2000, 1, 1))
    assert _code(excinfo) == ("PreconditionFailed", 412)
    assert excinfo.value.response["Error"]["Condition"] == "If-Unmodified-Since"


def test_copy_source_if_match_mismatch(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"1")
    with pytest.raises(ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource=f"{bucket}/src", CopySourceIfMatch='"nope"')
    assert _code(excinfo) == ("PreconditionFailed", 412)
    assert excinfo.value.response["Error"]["Condition"] == "x-amz-copy-source-If-Match"


def test_copy_source_if_none_match(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="src", Body=b"1")["ETag"]
    with pytest.raises(ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource=f"{bucket}/src", CopySourceIfNoneMatch=etag)
    assert _code(excinfo) == ("PreconditionFailed", 412)


def test_delete_objects_keeps_an_object_whose_etag_does_not_hold(s3, bucket):
    matching = s3.put_object(Bucket=bucket, Key="a", Body=b"1")["ETag"]
    s3.put_object(Bucket=bucket, Key="b", Body=b"2")
    s3.put_object(Bucket=bucket, Key="c", Body=b"3")
    objects = [{"Key": "a", "ETag": matching}, {"Key": "b", "ETag": '"0123"'}, {"Key": "c"}]
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": objects})
    assert sorted(item["Key"] for item in result["Deleted"]) == ["a", "c"]
    assert result["Errors"] == [{"Key": "b", "Code": "PreconditionFailed", "Message": PRECONDITION}]
    assert [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["b"]
    alone = s3.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": "b", "ETag": '"0123"'}], "Quiet": True}
    )
    assert [error["Code"] for error in alone["Errors"]] == ["PreconditionFailed"]
    assert s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "b", "ETag": "*"}]})["Deleted"] == [
        {"Key": "b"}
    ]


def test_copy_source_conditions_in_s3_order(s3, bucket):
    """As S3 answered a copy with several failing conditions: If-Match first, then If-Unmodified-Since,
    If-None-Match (quoted or not), If-Modified-Since; a future If-Modified-Since is ignored."""
    etag = s3.put_object(Bucket=bucket, Key="src", Body=b"data")["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="src")["LastModified"]
    now = datetime.datetime.now(datetime.timezone.utc)
    yesterday = now - datetime.timedelta(days=1)
    source = f"{bucket}/src"
    attempts = [
        (
            {
                "CopySourceIfModifiedSince": modified,
                "CopySourceIfUnmodifiedSince": yesterday,
                "CopySourceIfMatch": "etag123",
                "CopySourceIfNoneMatch": etag,
            },
            "If-Match",
        ),
        (
            {
                "CopySourceIfModifiedSince": modified,
                "CopySourceIfUnmodifiedSince": yesterday,
                "CopySourceIfNoneMatch": etag,
            },
            "If-Unmodified-Since",
        ),
        ({"CopySourceIfModifiedSince": modified, "CopySourceIfNoneMatch": etag}, "If-None-Match"),
        ({"CopySourceIfModifiedSince": modified}, "If-Modified-Since"),
        ({"CopySourceIfNoneMatch": etag.strip('"')}, "If-None-Match"),
    ]
    for conditions, failed in attempts:
        with pytest.raises(ClientError) as excinfo:
            s3.copy_object(Bucket=bucket, Key="dst", CopySource=source, **conditions)
        assert _code(excinfo) == ("PreconditionFailed", 412)
        assert excinfo.value.response["Error"]["Condition"] == f"x-amz-copy-source-{failed}"
    s3.copy_object(
        Bucket=bucket,
        Key="dst",
        CopySource=source,
        CopySourceIfModifiedSince=now + datetime.timedelta(days=1),
    )
    s3.copy_object(
        Bucket=bucket,
        Key="dst",
        CopySource=source,
        CopySourceIfMatch=etag.strip('"'),
        CopySourceIfNoneMatch="etag123",
        CopySourceIfModifiedSince=yesterday,
        CopySourceIfUnmodifiedSince=modified,
    )
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"data"


def test_head_conditions_answer_304_and_412(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["ETag"]
    with pytest.raises(ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="k", IfNoneMatch=etag)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304
    with pytest.raises(ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="k", IfMatch='"nope"')
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412


def test_complete_multipart_after_a_delete_during_the_upload_conflicts(s3, bucket):
    s3.put_object(Bucket=bucket, Key="gone", Body=b"v1")
    upload, parts = _multipart(s3, bucket, "gone")
    s3.delete_object(Bucket=bucket, Key="gone")
    # The key is absent, so If-None-Match holds; the delete since the upload began still conflicts.
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="gone", UploadId=upload, MultipartUpload=parts, IfNoneMatch="*"
        )
    assert _code(excinfo) == ("ConditionalRequestConflict", 409)
    error = excinfo.value.response["Error"]
    assert (error["Condition"], error["Key"]) == ("If-None-Match", "gone")
    assert error["Message"] == (
        "The conditional request cannot succeed due to a conflicting operation against this resource."
    )
    # A new upload begun after the delete completes.
    upload, parts = _multipart(s3, bucket, "gone")
    s3.complete_multipart_upload(
        Bucket=bucket, Key="gone", UploadId=upload, MultipartUpload=parts, IfNoneMatch="*"
    )


def test_complete_multipart_if_match_after_a_delete_and_a_new_write(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"test")["ETag"]
    upload, parts = _multipart(s3, bucket, "k")
    s3.delete_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch=etag
        )
    assert _code(excinfo) == ("NoSuchKey", 404)
    again = s3.put_object(Bucket=bucket, Key="k", Body=b"test")["ETag"]
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch=again
        )
    assert _code(excinfo) == ("ConditionalRequestConflict", 409)
    assert excinfo.value.response["Error"]["Condition"] == "If-Match"


@pytest.mark.parametrize(
    ("conditions", "header"),
    [
        ({"IfNoneMatch": '"0123"'}, "If-None-Match"),
        ({"IfMatch": "*"}, "If-Match"),
        ({"IfMatch": '"0123"', "IfNoneMatch": "*"}, "If-Match,If-None-Match"),
    ],
)
def test_put_conditions_s3_does_not_take(s3, bucket, conditions, header):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k", Body=b"2", **conditions)
    assert _code(excinfo) == ("NotImplemented", 501)
    error = excinfo.value.response["Error"]
    assert error["Message"] == "A header you provided implies functionality that is not implemented"
    assert error["Header"] == header
    assert error["AdditionalMessage"] == (
        "Multiple conditional request headers present in the request"
        if "," in header
        else f"We don't accept the provided value of {header} header for this API"
    )
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"1"


@pytest.mark.parametrize(
    ("conditions", "header"),
    [
        ({"IfMatchSize": 10}, "x-amz-if-match-size"),
        ({"IfMatchLastModifiedTime": datetime.datetime(2000, 1, 1)}, "x-amz-if-match-last-modified-time"),
        (
            {
                "IfMatchSize": 10,
                "IfMatch": "badvalue",
                "IfMatchLastModifiedTime": datetime.datetime(2000, 1, 1),
            },
            "x-amz-if-match-last-modified-time",
        ),
    ],
)
def test_directory_bucket_delete_conditions_on_a_general_purpose_bucket(s3, bucket, conditions, header):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(Bucket=bucket, Key="k", **conditions)
    assert _code(excinfo) == ("NotImplemented", 501)
    assert excinfo.value.response["Error"]["Header"] == header
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"1"


def test_upload_part_copy_source_conditions(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="src", Body=b"0123456789")["ETag"]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    arguments = {
        "Bucket": bucket,
        "Key": "dst",
        "UploadId": upload,
        "PartNumber": 1,
        "CopySource": f"{bucket}/src",
    }
    now = datetime.datetime.now(datetime.timezone.utc)
    # A future If-Modified-Since is ignored; If-Match true wins over If-Unmodified-Since false.
    s3.upload_part_copy(CopySourceIfModifiedSince=now + datetime.timedelta(days=1), **arguments)
    s3.upload_part_copy(
        CopySourceIfMatch=etag, CopySourceIfUnmodifiedSince=now - datetime.timedelta(days=1), **arguments
    )
    refused = [
        ({"CopySourceIfMatch": "not-matching"}, "If-Match"),
        ({"CopySourceIfNoneMatch": etag}, "If-None-Match"),
        ({"CopySourceIfUnmodifiedSince": now - datetime.timedelta(days=1)}, "If-Unmodified-Since"),
        (
            {
                "CopySourceIfNoneMatch": "not-matching",
                "CopySourceIfUnmodifiedSince": now - datetime.timedelta(days=1),
            },
            "If-Unmodified-Since",
        ),
    ]
    for conditions, failed in refused:
        with pytest.raises(ClientError) as excinfo:
            s3.upload_part_copy(**conditions, **arguments)
        assert _code(excinfo) == ("PreconditionFailed", 412)
        assert excinfo.value.response["Error"]["Condition"] == f"x-amz-copy-source-{failed}"
    s3.abort_multipart_upload(Bucket=bucket, Key="dst", UploadId=upload)
