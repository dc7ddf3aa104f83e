"""S3 request validation with AWS's own codes: bucket names, key length, Content-MD5, paging arguments,
location constraints, tag and metadata limits, part sizes."""

from __future__ import annotations

import base64
import hashlib
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("val")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _error(excinfo) -> dict:
    return excinfo.value.response["Error"]


def _status(excinfo) -> int:
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.mark.parametrize("name", ["Bad_Bucket", "ab", "a" * 64, "192.168.5.4", "foo..bar", "-foo", "xn--abc"])
def test_invalid_bucket_name(s3, name):
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket=name)
    assert _error(excinfo)["Code"] == "InvalidBucketName"
    assert _error(excinfo)["Message"] == "The specified bucket is not valid."
    assert _error(excinfo)["BucketName"] == name


def test_key_too_long(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="a" * 1025, Body=b"x")
    assert _error(excinfo)["Code"] == "KeyTooLongError"
    assert _error(excinfo)["Message"] == "Your key is too long"
    assert _status(excinfo) == 400


def test_key_of_1024_bytes_is_accepted(s3, bucket, cleanup):
    s3.put_object(Bucket=bucket, Key="k" * 1024, Body=b"x")


def test_bad_content_md5(s3, bucket):
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="md5", Body=b"body", ContentMD5=wrong)
    assert _error(excinfo)["Code"] == "BadDigest"
    assert _error(excinfo)["Message"] == "The Content-MD5 you specified did not match what we received."


def test_invalid_content_md5(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="md5", Body=b"body", ContentMD5="not-md5")
    assert _error(excinfo)["Code"] == "InvalidDigest"
    assert _error(excinfo)["Message"] == "The Content-MD5 you specified was invalid."


@pytest.mark.parametrize(
    "value, message, name",
    [
        ("-1", "Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys"),
        ("abc", "Provided max-keys not an integer or within integer range", "max-keys"),
    ],
)
def test_invalid_max_keys(server, s3, bucket, value, message, name):
    url = s3.generate_presigned_url("list_objects_v2", Params={"Bucket": bucket})
    response = requests.get(url.replace("list-type=2", f"list-type=2&max-keys={value}"))
    assert response.status_code == 400
    error = ET.fromstring(response.content)
    assert error.findtext("Code") == "InvalidArgument"
    assert error.findtext("Message") == message
    assert error.findtext("ArgumentName") == name
    assert error.findtext("ArgumentValue") == value


def test_location_constraint_of_another_region(s3, unique_name):
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(
            Bucket=unique_name("loc"), CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
    assert _error(excinfo)["Code"] == "IllegalLocationConstraintException"
    assert _error(excinfo)["Message"] == (
        "The eu-west-1 location constraint is incompatible for the region specific endpoint "
        "this request was sent to."
    )


def test_location_constraint_us_east_1_is_invalid(s3, unique_name):
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(
            Bucket=unique_name("loc"), CreateBucketConfiguration={"LocationConstraint": "us-east-1"}
        )
    assert _error(excinfo)["Code"] == "InvalidLocationConstraint"
    assert _error(excinfo)["Message"] == "The specified location-constraint is not valid"


def test_missing_location_constraint_outside_us_east_1(aws_client, unique_name):
    s3 = aws_client("s3", region="eu-central-1")
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket=unique_name("loc"))
    assert _error(excinfo)["Code"] == "IllegalLocationConstraintException"
    assert "unspecified location constraint" in _error(excinfo)["Message"]


def test_eleven_object_tags(s3, bucket):
    tagging = "&".join(f"k{i}=v" for i in range(11))
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="tags", Body=b"x", Tagging=tagging)
    assert _error(excinfo)["Code"] == "InvalidTag"
    assert _error(excinfo)["Message"] == "Object tags cannot be greater than 10"


def test_eleven_tags_in_put_object_tagging(s3, bucket, cleanup):
    s3.put_object(Bucket=bucket, Key="tags", Body=b"x")
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(11)]
    with pytest.raises(ClientError) as excinfo:
        s3.put_object_tagging(Bucket=bucket, Key="tags", Tagging={"TagSet": tags})
    assert _error(excinfo)["Code"] == "InvalidTag"


def test_metadata_too_large(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="meta", Body=b"x", Metadata={"big": "v" * 2100})
    assert _error(excinfo)["Code"] == "MetadataTooLarge"
    assert _error(excinfo)["Message"] == "Your metadata headers exceed the maximum allowed metadata size."
    assert _error(excinfo)["MaxSizeAllowed"] == "2048"


def test_small_part_that_is_not_the_last(s3, bucket, cleanup):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="parts")["UploadId"]
    cleanup.append(lambda: s3.abort_multipart_upload(Bucket=bucket, Key="parts", UploadId=upload))
    parts = []
    for number in (1, 2):
        etag = s3.upload_part(Bucket=bucket, Key="parts", UploadId=upload, PartNumber=number, Body=b"small")[
            "ETag"
        ]
        parts.append({"ETag": etag, "PartNumber": number})
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="parts", UploadId=upload, MultipartUpload={"Parts": parts}
        )
    error = _error(excinfo)
    assert error["Code"] == "EntityTooSmall"
    assert error["Message"] == "Your proposed upload is smaller than the minimum allowed size"
    assert (error["ProposedSize"], error["MinSizeAllowed"], error["PartNumber"]) == ("5", "5242880", "1")
    assert error["ETag"] == parts[0]["ETag"].strip('"')


def test_unknown_upload_id_is_no_such_upload(s3, bucket):
    message = (
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
        "aborted or completed."
    )
    calls = (
        lambda: s3.complete_multipart_upload(
            Bucket=bucket,
            Key="k",
            UploadId="nope",
            MultipartUpload={"Parts": [{"ETag": "x", "PartNumber": 1}]},
        ),
        lambda: s3.upload_part(Bucket=bucket, Key="k", UploadId="nope", PartNumber=1, Body=b"x"),
        lambda: s3.list_parts(Bucket=bucket, Key="k", UploadId="nope"),
        lambda: s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId="nope"),
    )
    for call in calls:
        with pytest.raises(ClientError) as excinfo:
            call()
        assert _status(excinfo) == 404
        assert (_error(excinfo)["Code"], _error(excinfo)["Message"]) == ("NoSuchUpload", message)
        assert _error(excinfo)["UploadId"] == "nope"


def test_content_sha256_mismatch(s3, bucket):
    url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "sha"})
    response = requests.put(url, data=b"body", headers={"x-amz-content-sha256": "0" * 64})
    assert response.status_code == 400
    error = ET.fromstring(response.content)
    assert error.findtext("Code") == "XAmzContentSHA256Mismatch"
    assert error.findtext("S3ComputedContentSHA256") == hashlib.sha256(b"body").hexdigest()


def test_delete_objects_needs_content_md5_or_checksum(server, s3, bucket):
    url = s3.generate_presigned_url(
        "delete_objects", Params={"Bucket": bucket, "Delete": {"Objects": [{"Key": "a"}]}}
    )
    body = b"<Delete><Object><Key>a</Key></Object></Delete>"
    response = requests.post(url, data=body)
    assert response.status_code == 400
    assert (
        ET.fromstring(response.content).findtext("Message")
        == "Missing required header for this request: Content-MD5"
    )


def test_part_number_out_of_range(s3, bucket, cleanup):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="p")["UploadId"]
    cleanup.append(lambda: s3.abort_multipart_upload(Bucket=bucket, Key="p", UploadId=upload))
    with pytest.raises(ClientError) as excinfo:
        s3.upload_part(Bucket=bucket, Key="p", UploadId=upload, PartNumber=10001, Body=b"x")
    assert _error(excinfo)["Code"] == "InvalidArgument"
    assert _error(excinfo)["Message"] == "Part number must be an integer between 1 and 10000, inclusive"


def test_unsupported_server_side_encryption_is_invalid_argument(aws_client, unique_name, cleanup):
    s3 = aws_client("s3")
    name = unique_name("sse")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=name, Key="k", Body=b"x", ServerSideEncryption="AES512")
    error = excinfo.value.response["Error"]
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Code"] == "InvalidArgument"
    assert error["Message"] == "The encryption method specified is not supported"
    assert error["ArgumentName"] == "x-amz-server-side-encryption"
    assert error["ArgumentValue"] == "AES512"


def test_version_id_no_version_could_have_is_invalid_argument(aws_client, unique_name, cleanup):
    s3 = aws_client("s3")
    name = unique_name("vid")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})

    cleanup.append(lambda: remove_bucket(s3, name))
    version = s3.put_object(Bucket=name, Key="k", Body=b"x")["VersionId"]
    for call in (s3.get_object, s3.get_object_tagging, s3.delete_object):
        with pytest.raises(ClientError) as excinfo:
            call(Bucket=name, Key="k", VersionId="not-a-version")
        error = excinfo.value.response["Error"]
        assert (error["Code"], error["Message"]) == ("InvalidArgument", "Invalid version id specified")
        assert (error["ArgumentName"], error["ArgumentValue"]) == ("versionId", "not-a-version")
    with pytest.raises(ClientError) as excinfo:
        s3.head_object(Bucket=name, Key="k", VersionId="not-a-version")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # Well formed but unknown (an id as AWS makes them): NoSuchVersion.
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=name, Key="k", VersionId="3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH")
    assert excinfo.value.response["Error"]["Code"] == "NoSuchVersion"
    assert s3.get_object(Bucket=name, Key="k", VersionId=version)["Body"].read() == b"x"


@pytest.mark.parametrize("bad", ["a,b", "a;b", "a?b", "a*b", "a#b", "a\tb", "a\U0001f600"])
def test_bucket_tag_value_outside_the_tag_alphabet(s3, bucket, bad):
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "k", "Value": bad}]})
    assert _status(excinfo) == 400
    assert _error(excinfo) == {
        "Code": "InvalidTag",
        "Message": "The TagValue you have provided is invalid",
        "TagKey": "k",
        "TagValue": bad,
    }


def test_bucket_tag_key_outside_the_tag_alphabet(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "cost,center", "Value": "v"}]})
    assert _error(excinfo) == {
        "Code": "InvalidTag",
        "Message": "The TagKey you have provided is invalid",
        "TagKey": "cost,center",
    }


def test_bucket_tags_with_every_allowed_character(s3, bucket):
    tags = [
        {"Key": "Ünï cödé_.:/=+-@ 42", "Value": "välue with spaces_.:/=+-@ ٣"},
        {"Key": "empty", "Value": ""},
    ]
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})
    assert sorted(s3.get_bucket_tagging(Bucket=bucket)["TagSet"], key=lambda t: t["Key"]) == sorted(
        tags, key=lambda t: t["Key"]
    )


def test_object_tag_value_with_a_comma(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="tags", Body=b"x", Tagging="k=a%2Cb")
    assert _error(excinfo) == {
        "Code": "InvalidTag",
        "Message": "The TagValue you have provided is invalid",
        "TagKey": "k",
        "TagValue": "a,b",
    }


def test_reserved_prefix_is_worded_per_kind_of_tagging(s3, bucket, unique_name, cleanup):
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "aws:cost", "Value": "v"}]})
    assert _error(excinfo) == {
        "Code": "InvalidTag",
        "Message": "System tags cannot be added/updated by requester",
        "TagKey": "aws:cost",
    }
    s3.put_object(Bucket=bucket, Key="tags", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object_tagging(
            Bucket=bucket, Key="tags", Tagging={"TagSet": [{"Key": "aws:cost", "Value": "v"}]}
        )
    assert _error(excinfo) == {
        "Code": "InvalidTag",
        "Message": "Your TagKey cannot be prefixed with aws:",
        "TagKey": "aws:cost",
    }
    # A prefix in another case is an ordinary key.
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "AWS:cost", "Value": "v"}]})


def test_object_tag_with_an_empty_value_keeps_it(s3, bucket, cleanup):
    s3.put_object(Bucket=bucket, Key="tags", Body=b"x", Tagging="empty=&k=v")
    tags = s3.get_object_tagging(Bucket=bucket, Key="tags")["TagSet"]
    assert sorted(tags, key=lambda t: t["Key"]) == [
        {"Key": "empty", "Value": ""},
        {"Key": "k", "Value": "v"},
    ]
