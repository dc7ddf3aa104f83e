"""Answers S3 gave in LocalStack's AWS-recorded snapshots (tests/aws/services/s3/*.snapshot.json), replayed
against us: codes, messages, ArgumentName/ArgumentValue and the fields of each answer."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


@pytest.fixture(scope="module")
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, cleanup):
    name = f"rec-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[int, dict]:
    return exc.value.response["ResponseMetadata"]["HTTPStatusCode"], exc.value.response["Error"]


def _uploads(s3, bucket: str) -> list[str]:
    """Three uploads of key1 (ids 3-5 in creation order), one of key2 (2), one of key3 (1), as recorded."""
    ids = {}
    for index, key in enumerate(["key3", "key2", "key1", "key1", "key1"], start=1):
        ids[index] = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    return ids


def test_list_multipart_uploads_next_markers_always_present(s3, bucket):
    empty = s3.list_multipart_uploads(Bucket=bucket)
    assert (empty["NextKeyMarker"], empty["NextUploadIdMarker"]) == ("", "")
    ids = _uploads(s3, bucket)
    listed = s3.list_multipart_uploads(Bucket=bucket)
    assert listed["IsTruncated"] is False
    assert [u["UploadId"] for u in listed["Uploads"]] == [ids[3], ids[4], ids[5], ids[2], ids[1]]
    # Not truncated, still the last upload of the page.
    assert (listed["NextKeyMarker"], listed["NextUploadIdMarker"]) == ("key3", ids[1])
    last = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="key3", MaxUploads=1)
    assert "Uploads" not in last
    assert (last["NextKeyMarker"], last["NextUploadIdMarker"], last["IsTruncated"]) == ("", "", False)
    both = s3.list_multipart_uploads(Bucket=bucket, KeyMarker="key1", UploadIdMarker=ids[5], MaxUploads=1)
    assert [u["UploadId"] for u in both["Uploads"]] == [ids[2]]
    assert (both["NextKeyMarker"], both["NextUploadIdMarker"], both["IsTruncated"]) == ("key2", ids[2], True)


def test_list_multipart_uploads_upload_id_marker_alone_is_ignored(s3, bucket):
    ids = _uploads(s3, bucket)
    listed = s3.list_multipart_uploads(Bucket=bucket, UploadIdMarker=ids[2], MaxUploads=1)
    assert listed["UploadIdMarker"] == ""
    assert listed["KeyMarker"] == ""
    assert [u["UploadId"] for u in listed["Uploads"]] == [ids[3]]


def test_list_multipart_uploads_upload_id_marker_of_another_key(s3, bucket):
    ids = _uploads(s3, bucket)
    with pytest.raises(ClientError) as exc:
        s3.list_multipart_uploads(Bucket=bucket, KeyMarker="key1", UploadIdMarker=ids[2], MaxUploads=1)
    assert _error(exc) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "Invalid uploadId marker",
            "ArgumentName": "upload-id-marker",
            "ArgumentValue": ids[2],
        },
    )


def test_list_multipart_uploads_common_prefix_page_has_empty_next_markers(s3, bucket):
    for key in ["folder/aSubfolder/subFile1", "folder/file1", "folder/file2"]:
        s3.create_multipart_upload(Bucket=bucket, Key=key)
    page = s3.list_multipart_uploads(Bucket=bucket, Prefix="folder/", Delimiter="/", MaxUploads=1)
    assert page["CommonPrefixes"] == [{"Prefix": "folder/aSubfolder/"}]
    assert page["IsTruncated"] is True
    assert (page["NextKeyMarker"], page["NextUploadIdMarker"]) == ("", "")


def test_list_multipart_uploads_raw_carries_next_markers(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="test/foo/key")["UploadId"]
    url = s3.generate_presigned_url("list_multipart_uploads", Params={"Bucket": bucket, "Prefix": "test/foo"})
    root = ET.fromstring(requests.get(url).content)
    assert root.findtext(f"{NS}NextKeyMarker") == "test/foo/key"
    assert root.findtext(f"{NS}NextUploadIdMarker") == upload
    assert root.find(f"{NS}EncodingType") is None


def test_list_buckets_invalid_bucket_region(s3):
    with pytest.raises(ClientError) as exc:
        s3.list_buckets(BucketRegion="eu-east-1")
    status, error = _error(exc)
    assert status == 400
    assert error == {
        "Code": "InvalidArgument",
        "Message": "Argument value eu-east-1 is not a valid AWS Region",
        "ArgumentName": "bucket-region",
    }


def test_list_parts_empty_marker_and_max_parts_read_as_defaults(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"test")
    url = s3.generate_presigned_url("list_parts", Params={"Bucket": bucket, "Key": "mp", "UploadId": upload})
    for extra in ("&part-number-marker=", "&part-number-marker=&max-parts="):
        response = requests.get(url + extra)
        assert response.status_code == 200, response.text
        root = ET.fromstring(response.content)
        assert root.findtext(f"{NS}PartNumberMarker") == "0"
        assert root.findtext(f"{NS}NextPartNumberMarker") == "1"
        assert root.findtext(f"{NS}MaxParts") == "1000"
        assert [p.findtext(f"{NS}PartNumber") for p in root.iter(f"{NS}Part")] == ["1"]


def test_head_bucket_answers_access_point_alias_false(s3, bucket):
    response = s3.head_bucket(Bucket=bucket)
    assert response["AccessPointAlias"] is False
    assert response["BucketRegion"] == "us-east-1"
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amz-access-point-alias"] == "false"


def test_create_bucket_location_is_path_in_us_east_1_and_virtual_host_url_elsewhere(aws_client, cleanup):
    east = aws_client("s3")
    name = f"rec-{uuid.uuid4().hex[:12]}"
    assert east.create_bucket(Bucket=name)["Location"] == f"/{name}"
    cleanup.append(lambda: remove_bucket(east, name))
    west = aws_client("s3", region="us-west-2")
    other = f"rec-{uuid.uuid4().hex[:12]}"
    location = west.create_bucket(
        Bucket=other, CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )["Location"]
    cleanup.append(lambda: remove_bucket(west, other))
    assert location.startswith(f"http://{other}.s3.")
    assert location.endswith("/")


@pytest.fixture
def acl_bucket(s3, bucket):
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    )
    return bucket


@pytest.mark.parametrize("target", ["bucket", "object"])
def test_put_acl_without_any_acl_is_missing_security_header(s3, acl_bucket, target):
    if target == "object":
        s3.put_object(Bucket=acl_bucket, Key="o", Body=b"x")
    with pytest.raises(ClientError) as exc:
        if target == "bucket":
            s3.put_bucket_acl(Bucket=acl_bucket)
        else:
            s3.put_object_acl(Bucket=acl_bucket, Key="o")
    assert _error(exc) == (
        400,
        {
            "Code": "MissingSecurityHeader",
            "Message": "Your request was missing a required header",
            "MissingHeaderName": "x-amz-acl",
        },
    )


@pytest.mark.parametrize("target", ["bucket", "object"])
def test_put_acl_with_header_and_body_is_unexpected_content(s3, acl_bucket, target):
    owner = s3.get_bucket_acl(Bucket=acl_bucket)["Owner"]
    policy = {"Owner": owner, "Grants": []}
    if target == "object":
        s3.put_object(Bucket=acl_bucket, Key="o", Body=b"x")
    with pytest.raises(ClientError) as exc:
        if target == "bucket":
            s3.put_bucket_acl(Bucket=acl_bucket, ACL="private", AccessControlPolicy=policy)
        else:
            s3.put_object_acl(Bucket=acl_bucket, Key="o", ACL="private", AccessControlPolicy=policy)
    assert _error(exc) == (
        400,
        {"Code": "UnexpectedContent", "Message": "This request does not support content"},
    )


def _xml_error(body: bytes) -> dict[str, str]:
    return {
        child.tag: child.text or ""
        for child in ET.fromstring(body)
        if child.tag not in ("RequestId", "HostId")
    }


@pytest.mark.parametrize(
    "version,removed,named",
    [
        ("s3", "signature", "Signature"),
        ("s3", "AWSAccessKeyId", "AWSAccessKeyId"),
        ("s3v4", "x-amz-signature", "X-Amz-Signature"),
        ("s3v4", "x-amz-algorithm", "X-Amz-Algorithm"),
    ],
)
def test_post_form_missing_a_signature_field(aws_client, bucket, version, removed, named):
    client = aws_client("s3", config={"signature_version": version})
    post = client.generate_presigned_post(bucket, "form.txt")
    fields = {name: value for name, value in post["fields"].items() if name != removed}
    response = requests.post(post["url"], data=fields, files={"file": b"abc"})
    assert response.status_code == 400
    assert _xml_error(response.content) == {
        "Code": "InvalidArgument",
        "Message": f"Bucket POST must contain a field named '{named}'.  If it is specified, please check the "
        "order of the fields.",
        "ArgumentName": named,
        "ArgumentValue": "",
    }


def test_post_form_without_any_signature_field_is_anonymous(aws_client, bucket):
    response = requests.post(
        aws_client("s3").generate_presigned_post(bucket, "k")["url"], data={"key": "k"}, files={"file": b"a"}
    )
    assert response.status_code == 403
    assert _xml_error(response.content) == {"Code": "AccessDenied", "Message": "Access Denied"}


def test_sigv2_presigned_url_without_signature(aws_client, bucket):
    client = aws_client("s3", config={"signature_version": "s3"})
    url = client.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "k"})
    response = requests.put(url.replace("Signature=", "NoSignature="), data=b"x")
    assert response.status_code == 403
    assert _xml_error(response.content) == {
        "Code": "AccessDenied",
        "Message": "Query-string authentication requires the Signature, Expires and AWSAccessKeyId "
        "parameters",
    }


def test_delete_objects_quiet_answers_only_errors(s3, bucket):
    s3.put_object(Bucket=bucket, Key="present", Body=b"x")
    etag = s3.head_object(Bucket=bucket, Key="present")["ETag"]
    quiet = s3.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": "present"}, {"Key": "absent"}], "Quiet": True}
    )
    assert "Deleted" not in quiet and "Errors" not in quiet
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="present", Body=b"x")
    mixed = s3.delete_objects(
        Bucket=bucket,
        Delete={"Objects": [{"Key": "present", "ETag": '"0000"'}, {"Key": "absent"}], "Quiet": True},
    )
    assert "Deleted" not in mixed
    assert [(e["Key"], e["Code"]) for e in mixed["Errors"]] == [("present", "PreconditionFailed")]
    loud = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "present", "ETag": etag}]})
    assert loud["Deleted"] == [{"Key": "present"}]


def test_complete_multipart_parts_out_of_order(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    etags = [
        s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=n, Body=b"x" * 5 * 1024 * 1024)[
            "ETag"
        ]
        for n in (1, 2)
    ]
    with pytest.raises(ClientError) as exc:
        s3.complete_multipart_upload(
            Bucket=bucket,
            Key="mp",
            UploadId=upload,
            MultipartUpload={
                "Parts": [{"PartNumber": 2, "ETag": etags[1]}, {"PartNumber": 1, "ETag": etags[0]}]
            },
        )
    assert _error(exc) == (
        400,
        {
            "Code": "InvalidPartOrder",
            "Message": "The list of parts was not in ascending order. Parts must be ordered by part number.",
            "UploadId": upload,
        },
    )


@pytest.mark.parametrize("operation", ["put_object", "create_multipart_upload"])
def test_outposts_storage_class_is_refused(s3, bucket, operation):
    with pytest.raises(ClientError) as exc:
        getattr(s3, operation)(Bucket=bucket, Key="k", StorageClass="OUTPOSTS")
    assert _error(exc) == (
        400,
        {
            "Code": "InvalidStorageClass",
            "Message": "The storage class you specified is not valid",
            "StorageClassRequested": "OUTPOSTS",
        },
    )


def test_sse_kms_object_answers_key_arn_and_get_needs_a_usable_key(aws_client, s3, bucket):
    kms = aws_client("kms")
    key = kms.create_key()["KeyMetadata"]
    put = s3.put_object(
        Bucket=bucket, Key="k", Body=b"test-sse", ServerSideEncryption="aws:kms", SSEKMSKeyId=key["KeyId"]
    )
    assert put["SSEKMSKeyId"] == key["Arn"]
    assert s3.get_object(Bucket=bucket, Key="k")["SSEKMSKeyId"] == key["Arn"]
    assert s3.head_object(Bucket=bucket, Key="k")["SSEKMSKeyId"] == key["Arn"]
    kms.disable_key(KeyId=key["KeyId"])
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="k")
    assert _error(exc) == (400, {"Code": "KMS.DisabledException", "Message": f"{key['Arn']} is disabled."})
    # HEAD decrypts nothing.
    assert s3.head_object(Bucket=bucket, Key="k")["ServerSideEncryption"] == "aws:kms"
    kms.enable_key(KeyId=key["KeyId"])
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=bucket, Key="k")
    assert _error(exc) == (
        400,
        {"Code": "KMS.KMSInvalidStateException", "Message": f"{key['Arn']} is pending deletion."},
    )


def test_delete_objects_of_a_delete_marker_version_reports_the_marker(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "k", "VersionId": marker}]})
    assert deleted["Deleted"] == [
        {"Key": "k", "VersionId": marker, "DeleteMarker": True, "DeleteMarkerVersionId": marker}
    ]


MALFORMED = "The XML you provided was not well-formed or did not validate against our published schema"


def _lifecycle_error(s3, bucket, rule):
    rule = {"ID": "rule", "Status": "Enabled", **rule}
    with pytest.raises(ClientError) as exc:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})
    return _error(exc)


@pytest.mark.parametrize(
    "rule",
    [
        {"Filter": {}, "NoncurrentVersionExpiration": {}},
        {"Filter": {"And": {"ObjectSizeGreaterThan": 10}}, "Expiration": {"Days": 1}},
        {"Filter": {"And": {"Prefix": "a"}}, "Expiration": {"Days": 1}},
    ],
    ids=["noncurrent-expiration-without-days", "and-with-one-size", "and-with-one-prefix"],
)
def test_lifecycle_schema_refusals(s3, bucket, rule):
    assert _lifecycle_error(s3, bucket, rule) == (400, {"Code": "MalformedXML", "Message": MALFORMED})


def test_lifecycle_duplicate_tag_keys(s3, bucket):
    tags = [{"Key": "k", "Value": "v"}, {"Key": "k", "Value": "w"}]
    rule = {"Filter": {"And": {"Prefix": "a", "Tags": tags}}, "Expiration": {"Days": 1}}
    assert _lifecycle_error(s3, bucket, rule) == (
        400,
        {"Code": "InvalidRequest", "Message": "Duplicate Tag Keys are not allowed."},
    )


def test_lifecycle_date_not_at_midnight_names_the_date(s3, bucket):
    import datetime

    rule = {"Filter": {}, "Expiration": {"Date": datetime.datetime(2030, 1, 1, 12, 0, 0)}}
    assert _lifecycle_error(s3, bucket, rule) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "'Date' must be at midnight GMT",
            "ArgumentName": "Date",
            "ArgumentValue": "2030-01-01T12:00:00Z",
        },
    )


def test_object_retention_needs_mode_and_date_together(s3, cleanup):
    import datetime

    name = f"rec-lock-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    s3.put_object(Bucket=name, Key="k", Body=b"x")

    cleanup.append(lambda: remove_bucket(s3, name))
    for retention in ({"Mode": "GOVERNANCE"}, {"RetainUntilDate": datetime.datetime(2100, 1, 1)}):
        with pytest.raises(ClientError) as exc:
            s3.put_object_retention(Bucket=name, Key="k", Retention=retention)
        assert _error(exc) == (400, {"Code": "MalformedXML", "Message": MALFORMED})
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    s3.put_object_retention(Bucket=name, Key="k", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": until})
    # An empty Retention lifts a GOVERNANCE one with the bypass, as recorded.
    s3.put_object_retention(Bucket=name, Key="k", Retention={}, BypassGovernanceRetention=True)


def test_locked_version_refusals_and_delete_marker_retention(s3, cleanup):
    import datetime

    name = f"rec-lock-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    version = s3.put_object(Bucket=name, Key="k", Body=b"x")["VersionId"]
    s3.put_object_legal_hold(Bucket=name, Key="k", VersionId=version, LegalHold={"Status": "ON"})
    marker = s3.delete_object(Bucket=name, Key="k")["VersionId"]

    cleanup.append(lambda: remove_bucket(s3, name))
    with pytest.raises(ClientError) as exc:
        s3.delete_object(Bucket=name, Key="k", VersionId=version)
    assert _error(exc) == (403, {"Code": "AccessDenied", "Message": "Access Denied"})
    deleted = s3.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "k", "VersionId": version}]})
    assert deleted["Errors"] == [
        {"Key": "k", "VersionId": version, "Code": "AccessDenied", "Message": "Access Denied"}
    ]
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    for method, call in (
        (
            "PUT",
            lambda: s3.put_object_retention(
                Bucket=name,
                Key="k",
                VersionId=marker,
                Retention={"Mode": "GOVERNANCE", "RetainUntilDate": until},
            ),
        ),
        ("GET", lambda: s3.get_object_retention(Bucket=name, Key="k", VersionId=marker)),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert _error(exc) == (
            405,
            {
                "Code": "MethodNotAllowed",
                "Message": "The specified method is not allowed against this resource.",
                "Method": method,
                "ResourceType": "DeleteMarker",
            },
        )


NO_SUCH_UPLOAD = (
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
    "aborted or completed."
)


def test_multipart_upload_id_with_another_key_is_no_such_upload(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="right")["UploadId"]
    expected = (404, {"Code": "NoSuchUpload", "Message": NO_SUCH_UPLOAD, "UploadId": upload})
    calls = [
        lambda: s3.upload_part(Bucket=bucket, Key="wrong", UploadId=upload, PartNumber=1, Body=b"x"),
        lambda: s3.list_parts(Bucket=bucket, Key="wrong", UploadId=upload),
        lambda: s3.abort_multipart_upload(Bucket=bucket, Key="wrong", UploadId=upload),
        lambda: s3.complete_multipart_upload(
            Bucket=bucket,
            Key="wrong",
            UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": "x"}]},
        ),
    ]
    for call in calls:
        with pytest.raises(ClientError) as exc:
            call()
        assert _error(exc) == expected
    # The upload is untouched.
    assert s3.list_parts(Bucket=bucket, Key="right", UploadId=upload).get("Parts") is None
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [upload]


def test_cross_location_logging_names_a_source_outside_us_east_1(aws_client, cleanup):
    west = aws_client("s3", region="us-west-2")
    europe = aws_client("s3", region="eu-west-1")
    source, target = f"rec-src-{uuid.uuid4().hex[:10]}", f"rec-dst-{uuid.uuid4().hex[:10]}"
    west.create_bucket(Bucket=source, CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    cleanup.append(lambda: remove_bucket(west, source))
    europe.create_bucket(Bucket=target, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    cleanup.append(lambda: remove_bucket(europe, target))
    with pytest.raises(ClientError) as exc:
        west.put_bucket_logging(
            Bucket=source,
            BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": target, "TargetPrefix": "log"}},
        )
    assert _error(exc) == (
        403,
        {
            "Code": "CrossLocationLoggingProhibitted",
            "Message": "Cross S3 location logging not allowed. ",
            "SourceBucketLocation": "us-west-2",
            "TargetBucketLocation": "eu-west-1",
        },
    )


def test_post_form_content_length_range_that_is_not_a_number(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k", Conditions=[["content-length-range", "test", 10]])
    response = requests.post(post["url"], data=post["fields"], files={"file": b"abcdef"})
    assert response.status_code == 403
    assert _xml_error(response.content) == {
        "Code": "AccessDenied",
        "Message": "Invalid according to Policy: Policy Condition failed: "
        '["content-length-range", "test", "10"]',
    }


def test_put_bucket_cors_with_an_empty_origin_is_stored(s3, bucket):
    rules = [{"AllowedOrigins": [""], "AllowedMethods": ["GET", "PUT", "HEAD"]}]
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == rules


CORS_NOT_ENABLED = "CORSResponse: CORS is not enabled for this bucket."


def test_cors_preflight_without_bucket_rules_or_bucket(s3, bucket, server):
    url = f"{server.edge_url}/{bucket}"
    cases = [
        (
            url,
            {"Origin": "http://a.example", "Access-Control-Request-Method": "PUT"},
            CORS_NOT_ENABLED,
            "PUT",
        ),
        (url, {"Origin": "http://a.example"}, CORS_NOT_ENABLED, "OPTIONS"),
        (url + "-missing", {"Origin": "http://a.example"}, "CORSResponse: Bucket not found", "OPTIONS"),
    ]
    for target, headers, message, method in cases:
        response = requests.options(target, headers=headers)
        assert response.status_code == 403
        assert "Access-Control-Allow-Origin" not in response.headers
        assert _xml_error(response.content) == {
            "Code": "AccessForbidden",
            "Message": message,
            "Method": method,
            "ResourceType": "BUCKET",
        }
    # A real request from another origin gets no CORS headers from a bucket without rules.
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    signed = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
    response = requests.get(signed, headers={"Origin": "http://a.example"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_preflight_refused_on_the_bucket_names_the_bucket(s3, bucket, server):
    rules = [
        {"AllowedOrigins": ["http://*.origin.com"], "AllowedMethods": ["GET", "PUT"], "MaxAgeSeconds": 3000}
    ]
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    headers = {"Origin": "http://test.origin2.com", "Access-Control-Request-Method": "GET"}
    response = requests.options(f"{server.edge_url}/{bucket}", headers=headers)
    assert response.status_code == 403
    error = _xml_error(response.content)
    assert (error["Code"], error["Method"], error["ResourceType"]) == ("AccessForbidden", "GET", "BUCKET")
    allowed = requests.options(
        f"{server.edge_url}/{bucket}", headers={**headers, "Origin": "http://test.origin.com"}
    )
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == "http://test.origin.com"
    assert allowed.headers["Access-Control-Allow-Methods"] == "GET, PUT"


def test_version_ids_of_an_unversioned_bucket(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    unknown = "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"
    invalid = (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "Invalid version id specified",
            "ArgumentName": "versionId",
            "ArgumentValue": unknown,
        },
    )
    for call in (s3.get_object, s3.delete_object):
        with pytest.raises(ClientError) as exc:
            call(Bucket=bucket, Key="k", VersionId=unknown)
        assert _error(exc) == invalid
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "k", "VersionId": unknown}]})
    assert "Deleted" not in deleted
    assert deleted["Errors"] == [
        {
            "Key": "k",
            "VersionId": unknown,
            "Code": "NoSuchVersion",
            "Message": "The specified version does not exist.",
        }
    ]
    # Nothing was deleted (moto removed the object), and the null version is still the object's.
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"data"


def test_delete_objects_of_versions_a_key_does_not_have(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    s3.delete_object(Bucket=bucket, Key="k", VersionId=version)
    deleted = s3.delete_objects(
        Bucket=bucket,
        Delete={"Objects": [{"Key": "k", "VersionId": version}, {"Key": "other", "VersionId": version}]},
    )
    assert "Deleted" not in deleted
    assert [(e["Key"], e["VersionId"], e["Code"]) for e in deleted["Errors"]] == [
        ("k", version, "NoSuchVersion"),
        ("other", version, "NoSuchVersion"),
    ]


def test_delete_versioned_bucket_that_is_not_empty(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    expected = (
        409,
        {
            "Code": "BucketNotEmpty",
            "Message": "The bucket you tried to delete is not empty. You must delete all versions in the "
            "bucket.",
            "BucketName": bucket,
        },
    )
    for remaining in (version, marker):
        with pytest.raises(ClientError) as exc:
            s3.delete_bucket(Bucket=bucket)
        assert _error(exc) == expected
        s3.delete_object(Bucket=bucket, Key="k", VersionId=remaining)


TAGGING_HEADER = (
    "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag "
    "name duplicates."
)


@pytest.mark.parametrize("tagging", ["key1=val1&key1=val2", "key1=val1,key2=val2"])
def test_put_object_tagging_header_that_is_no_query_string(s3, bucket, tagging):
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging=tagging)
    assert _error(exc) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": TAGGING_HEADER,
            "ArgumentName": "x-amz-tagging",
            "ArgumentValue": tagging,
        },
    )


def test_get_object_tagging_of_a_missing_key_names_bucket_and_key(s3, bucket):
    with pytest.raises(ClientError) as exc:
        s3.get_object_tagging(Bucket=bucket, Key="fake-key")
    assert _error(exc) == (
        404,
        {"Code": "NoSuchKey", "Message": "The specified key does not exist.", "Key": f"{bucket}/fake-key"},
    )


def test_create_bucket_with_an_unknown_object_ownership_names_only_the_header(s3, unique_name):
    with pytest.raises(ClientError) as exc:
        s3.create_bucket(Bucket=unique_name("rec-own"), ObjectOwnership="RandomValue")
    assert _error(exc) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "Invalid x-amz-object-ownership header: RandomValue",
            "ArgumentName": "x-amz-object-ownership",
        },
    )


def test_version_id_marker_of_a_deleted_version_still_places_the_listing(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    versions = [s3.put_object(Bucket=bucket, Key="prefixed_key", Body=b"")["VersionId"] for _ in range(5)]
    for version in versions[2:]:
        s3.delete_object(Bucket=bucket, Key="prefixed_key", VersionId=version)
    listed = s3.list_object_versions(
        Bucket=bucket, Prefix="prefix", MaxKeys=5, KeyMarker="prefixed_key", VersionIdMarker=versions[2]
    )
    assert listed["VersionIdMarker"] == versions[2]
    assert [(v["VersionId"], v["IsLatest"]) for v in listed["Versions"]] == [
        (versions[1], True),
        (versions[0], False),
    ]


def _managed_key(aws_client) -> dict:
    """The account's alias/aws/s3 key, as KMS describes it."""
    kms = aws_client("kms")
    return kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]


def test_sse_kms_without_a_key_uses_the_aws_managed_key(s3, bucket, aws_client):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"data", ServerSideEncryption="aws:kms")
    managed = _managed_key(aws_client)
    assert managed["KeyManager"] == "AWS"
    assert put["ServerSideEncryption"] == "aws:kms"
    assert put["SSEKMSKeyId"] == managed["Arn"]
    aliases = aws_client("kms").list_aliases(KeyId=managed["KeyId"])["Aliases"]
    assert [a["AliasName"] for a in aliases] == ["alias/aws/s3"]
    head = s3.head_object(Bucket=bucket, Key="k")
    assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", managed["Arn"])
    got = s3.get_object(Bucket=bucket, Key="k")
    assert (got["ServerSideEncryption"], got["SSEKMSKeyId"]) == ("aws:kms", managed["Arn"])
    copied = s3.copy_object(
        Bucket=bucket, Key="c", CopySource={"Bucket": bucket, "Key": "k"}, ServerSideEncryption="aws:kms"
    )
    assert copied["SSEKMSKeyId"] == managed["Arn"]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m", ServerSideEncryption="aws:kms")
    assert (upload["ServerSideEncryption"], upload["SSEKMSKeyId"]) == ("aws:kms", managed["Arn"])
    part = s3.upload_part(Bucket=bucket, Key="m", UploadId=upload["UploadId"], PartNumber=1, Body=b"x")
    done = s3.complete_multipart_upload(
        Bucket=bucket,
        Key="m",
        UploadId=upload["UploadId"],
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]},
    )
    assert done["SSEKMSKeyId"] == managed["Arn"]
    assert s3.head_object(Bucket=bucket, Key="m")["SSEKMSKeyId"] == managed["Arn"]


def test_bucket_default_sse_kms_without_a_key_uses_the_aws_managed_key(s3, bucket, aws_client):
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}
            ]
        },
    )
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    managed = _managed_key(aws_client)
    assert put["ServerSideEncryption"] == "aws:kms"
    assert put["SSEKMSKeyId"] == managed["Arn"]
    assert put["BucketKeyEnabled"] is True
    head = s3.head_object(Bucket=bucket, Key="k")
    assert (head["SSEKMSKeyId"], head["BucketKeyEnabled"]) == (managed["Arn"], True)
    # The rule itself is kept as sent: no key id is filled in.
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms"}
    assert rule["BucketKeyEnabled"] is True
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m")
    assert (upload["ServerSideEncryption"], upload["SSEKMSKeyId"]) == ("aws:kms", managed["Arn"])
    assert upload["BucketKeyEnabled"] is True
    s3.abort_multipart_upload(Bucket=bucket, Key="m", UploadId=upload["UploadId"])


def test_no_answer_names_an_owner_display_name(s3, bucket):
    """S3 stopped answering DisplayName (Owner, Initiator, Grantee) in every region on November 21, 2025."""
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=1, Body=b"x")
    answers = {
        "ListBuckets": s3.list_buckets(),
        "ListObjects": s3.list_objects(Bucket=bucket),
        "ListObjectsV2": s3.list_objects_v2(Bucket=bucket, FetchOwner=True),
        "ListObjectVersions": s3.list_object_versions(Bucket=bucket),
        "GetBucketAcl": s3.get_bucket_acl(Bucket=bucket),
        "GetObjectAcl": s3.get_object_acl(Bucket=bucket, Key="k"),
        "ListMultipartUploads": s3.list_multipart_uploads(Bucket=bucket),
        "ListParts": s3.list_parts(Bucket=bucket, Key="m", UploadId=upload),
    }
    owners = {
        "ListBuckets": answers["ListBuckets"]["Owner"],
        "ListObjects": answers["ListObjects"]["Contents"][0]["Owner"],
        "ListObjectsV2": answers["ListObjectsV2"]["Contents"][0]["Owner"],
        "ListObjectVersions": answers["ListObjectVersions"]["Versions"][0]["Owner"],
        "GetBucketAcl": answers["GetBucketAcl"]["Owner"],
        "GetBucketAcl grantee": answers["GetBucketAcl"]["Grants"][0]["Grantee"],
        "GetObjectAcl": answers["GetObjectAcl"]["Owner"],
        "ListMultipartUploads": answers["ListMultipartUploads"]["Uploads"][0]["Owner"],
        "ListMultipartUploads initiator": answers["ListMultipartUploads"]["Uploads"][0]["Initiator"],
        "ListParts": answers["ListParts"]["Owner"],
        "ListParts initiator": answers["ListParts"]["Initiator"],
    }
    for name, owner in owners.items():
        assert owner.get("ID"), name
        assert "DisplayName" not in owner, name


def test_copy_into_a_bucket_defaulting_to_sse_kms_uses_the_aws_managed_key(s3, bucket, aws_client):
    s3.put_object(Bucket=bucket, Key="plain", Body=b"data")
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
        },
    )
    copied = s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "plain"})
    managed = _managed_key(aws_client)
    assert (copied["ServerSideEncryption"], copied["SSEKMSKeyId"]) == ("aws:kms", managed["Arn"])
    head = s3.head_object(Bucket=bucket, Key="copy")
    assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", managed["Arn"])
