"""S3 refusals checked against AWS's answers (its error code list, S3-compatible servers verified against
AWS): a CompleteMultipartUpload without a body, a lifecycle configuration without rules, a RestoreObject of a
missing key."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("refusals")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _refused(call, **kwargs) -> tuple[int, dict]:
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"], excinfo.value.response["Error"]


def test_complete_multipart_upload_without_a_body(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=1, Body=b"part")
    status, error = _refused(s3.complete_multipart_upload, Bucket=bucket, Key="m", UploadId=upload)
    assert (status, error) == (
        400,
        {"Code": "InvalidRequest", "Message": "You must specify at least one part"},
    )
    # The upload is still there to complete.
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [upload]


def test_lifecycle_configuration_without_rules_is_malformed(s3, bucket):
    status, error = _refused(
        s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration={"Rules": []}
    )
    assert (status, error["Code"]) == (400, "MalformedXML")
    assert error["Message"] == (
        "The XML you provided was not well-formed or did not validate against our published schema"
    )


def test_restore_of_a_missing_key_names_it(s3, bucket):
    status, error = _refused(s3.restore_object, Bucket=bucket, Key="gone", RestoreRequest={"Days": 1})
    assert (status, error) == (
        404,
        {"Code": "NoSuchKey", "Message": "The specified key does not exist.", "Key": "gone"},
    )


@pytest.mark.parametrize("condition", ["*", '"9b2cf535f27731c974343645a3985328"'])
def test_conditional_delete_of_a_missing_object_names_it(s3, bucket, condition):
    status, error = _refused(s3.delete_object, Bucket=bucket, Key="gone", IfMatch=condition)
    assert (status, error) == (
        404,
        {"Code": "NoSuchKey", "Message": "The specified key does not exist.", "Key": "gone"},
    )


def test_conditional_delete_with_the_current_etag_deletes(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["ETag"]
    status, error = _refused(s3.delete_object, Bucket=bucket, Key="k", IfMatch='"0000"')
    assert (status, error["Code"], error["Condition"]) == (412, "PreconditionFailed", "If-Match")
    answer = s3.delete_object(Bucket=bucket, Key="k", IfMatch=etag)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


@pytest.mark.parametrize("marker", ["abc", "2147483648"])
def test_list_parts_marker_that_is_no_integer(s3, bucket, marker):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]

    def send_marker(request, **_):
        request.url = request.url.replace("part-number-marker=0", f"part-number-marker={marker}")

    s3.meta.events.register("before-sign.s3.ListParts", send_marker)
    status, error = _refused(s3.list_parts, Bucket=bucket, Key="m", UploadId=upload, PartNumberMarker=0)
    assert (status, error) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "Provided part-number-marker not an integer or within integer range",
            "ArgumentName": "part-number-marker",
            "ArgumentValue": marker,
        },
    )
