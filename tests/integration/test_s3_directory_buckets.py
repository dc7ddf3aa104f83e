"""Directory buckets (S3 Express One Zone): `base--zone-id--x-s3` names created with a directory
configuration, the session boto3 asks for first, objects stored in them, ListDirectoryBuckets apart from
ListBuckets, and the zone HeadBucket answers with."""

from __future__ import annotations

import datetime
import uuid

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

ZONE = "use1-az4"


def _config(zone: str = ZONE, location_type: str = "AvailabilityZone") -> dict:
    return {
        "Location": {"Type": location_type, "Name": zone},
        "Bucket": {"DataRedundancy": "SingleAvailabilityZone", "Type": "Directory"},
    }


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def directory_bucket(s3, cleanup):
    name = f"d{uuid.uuid4().hex[:10]}--{ZONE}--x-s3"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration=_config())

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _error(excinfo) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_objects_round_trip_through_a_session(s3, directory_bucket):
    s3.put_object(Bucket=directory_bucket, Key="dir/file.txt", Body=b"zonal")
    assert s3.get_object(Bucket=directory_bucket, Key="dir/file.txt")["Body"].read() == b"zonal"
    listed = s3.list_objects_v2(Bucket=directory_bucket)
    assert [item["Key"] for item in listed["Contents"]] == ["dir/file.txt"]


def test_create_session_answers_credentials(s3, directory_bucket):
    session = s3.create_session(Bucket=directory_bucket)
    credentials = session["Credentials"]
    assert credentials["AccessKeyId"]
    assert credentials["SecretAccessKey"]
    assert credentials["SessionToken"]
    assert credentials["Expiration"]
    assert session["ServerSideEncryption"] == "AES256"


def test_head_bucket_names_the_zone(s3, directory_bucket):
    head = s3.head_bucket(Bucket=directory_bucket)
    assert head["BucketLocationType"] == "AvailabilityZone"
    assert head["BucketLocationName"] == ZONE
    assert head["BucketRegion"] == "us-east-1"
    assert head["BucketArn"] == f"arn:aws:s3express:us-east-1:000000000000:bucket/{directory_bucket}"


def test_directory_buckets_are_listed_apart(s3, directory_bucket, unique_name, cleanup):
    general = unique_name("general")
    s3.create_bucket(Bucket=general)
    cleanup.append(lambda: remove_bucket(s3, general))
    directory_names = [b["Name"] for b in s3.list_directory_buckets()["Buckets"]]
    general_names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert directory_bucket in directory_names and general not in directory_names
    assert general in general_names and directory_bucket not in general_names
    listed = next(b for b in s3.list_directory_buckets()["Buckets"] if b["Name"] == directory_bucket)
    assert listed["BucketRegion"] == "us-east-1"
    assert listed["BucketArn"].startswith("arn:aws:s3express:us-east-1:")


def test_list_directory_buckets_pages(s3, cleanup):
    names = sorted(f"p{uuid.uuid4().hex[:8]}--{ZONE}--x-s3" for _ in range(3))
    for name in names:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration=_config())
        cleanup.append(lambda name=name: s3.delete_bucket(Bucket=name))
    seen, token = [], None
    while True:
        kwargs = {"MaxDirectoryBuckets": 1, **({"ContinuationToken": token} if token else {})}
        page = s3.list_directory_buckets(**kwargs)
        assert len(page["Buckets"]) <= 1
        seen += [b["Name"] for b in page["Buckets"]]
        token = page.get("ContinuationToken")
        if not token:
            break
    assert [name for name in seen if name in names] == names


def test_zone_in_name_must_match_the_location(s3):
    name = f"d{uuid.uuid4().hex[:10]}--use1-az5--x-s3"
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration=_config(ZONE))
    assert _error(excinfo) == ("InvalidBucketName", 400)


def test_directory_configuration_needs_a_directory_name(s3):
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket="plain-name", CreateBucketConfiguration=_config())
    assert _error(excinfo) == ("InvalidBucketName", 400)
    assert excinfo.value.response["Error"]["BucketName"] == "plain-name"


def test_objects_are_stored_in_express_one_zone(s3, directory_bucket):
    s3.put_object(Bucket=directory_bucket, Key="k", Body=b"x")
    assert s3.head_object(Bucket=directory_bucket, Key="k")["StorageClass"] == "EXPRESS_ONEZONE"
    listed = s3.list_objects_v2(Bucket=directory_bucket)["Contents"]
    assert [item["StorageClass"] for item in listed] == ["EXPRESS_ONEZONE"]
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=directory_bucket, Key="k2", Body=b"x", StorageClass="STANDARD_IA")
    assert _error(excinfo) == ("InvalidStorageClass", 400)


def test_express_one_zone_is_only_for_directory_buckets(s3, unique_name, cleanup):
    general = unique_name("general")
    s3.create_bucket(Bucket=general)
    cleanup.append(lambda: remove_bucket(s3, general))
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=general, Key="k", Body=b"x", StorageClass="EXPRESS_ONEZONE")
    assert _error(excinfo) == ("InvalidStorageClass", 400)
    assert excinfo.value.response["Error"]["StorageClass"] == "EXPRESS_ONEZONE"


def test_session_of_an_iam_user_signs_with_its_own_secret(
    aws_client, s3, directory_bucket, unique_name, cleanup
):
    """CreateSession needs s3express:CreateSession; the session's requests are signed with the key's
    secret, so a signature made with anything else is refused."""
    import json

    iam = aws_client("iam")
    name = unique_name("express-user")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    cleanup.append(lambda: iam.delete_user(UserName=name))
    cleanup.append(lambda: iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"]))
    credentials = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
    client = aws_client("s3", credentials=credentials)
    with pytest.raises(ClientError) as excinfo:
        client.put_object(Bucket=directory_bucket, Key="k", Body=b"x")
    assert _error(excinfo) == ("AccessDenied", 403)
    statements = [{"Effect": "Allow", "Action": ["s3express:CreateSession", "s3:*"], "Resource": "*"}]
    iam.put_user_policy(
        UserName=name,
        PolicyName="express",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )
    cleanup.append(lambda: iam.delete_user_policy(UserName=name, PolicyName="express"))
    client.put_object(Bucket=directory_bucket, Key="k", Body=b"signed")
    assert client.get_object(Bucket=directory_bucket, Key="k")["Body"].read() == b"signed"
    forged = aws_client("s3", credentials={**credentials, "aws_secret_access_key": "not-the-secret"})
    with pytest.raises(ClientError) as excinfo:
        forged.get_object(Bucket=directory_bucket, Key="k")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_listing_directory_buckets_is_its_own_action(aws_client, directory_bucket, unique_name, cleanup):
    import json

    iam = aws_client("iam")
    name = unique_name("lister")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    cleanup.append(lambda: iam.delete_user(UserName=name))
    cleanup.append(lambda: iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"]))
    statement = {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}
    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    iam.put_user_policy(UserName=name, PolicyName="general", PolicyDocument=document)
    cleanup.append(lambda: iam.delete_user_policy(UserName=name, PolicyName="general"))
    client = aws_client(
        "s3",
        credentials={
            "aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"],
        },
    )
    client.list_buckets()
    with pytest.raises(ClientError) as excinfo:
        client.list_directory_buckets()
    assert _error(excinfo) == ("AccessDenied", 403)
    assert "s3express:ListAllMyDirectoryBuckets" in excinfo.value.response["Error"]["Message"]


def test_delete_conditions_on_size_and_time(s3, directory_bucket):
    s3.put_object(Bucket=directory_bucket, Key="k", Body=b"four")
    modified = s3.head_object(Bucket=directory_bucket, Key="k")["LastModified"]
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(Bucket=directory_bucket, Key="k", IfMatchSize=5)
    assert _error(excinfo) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as excinfo:
        s3.delete_object(
            Bucket=directory_bucket, Key="k", IfMatchLastModifiedTime=datetime.datetime(2001, 1, 1)
        )
    assert _error(excinfo) == ("PreconditionFailed", 412)
    deleted = s3.delete_object(
        Bucket=directory_bucket, Key="k", IfMatchSize=4, IfMatchLastModifiedTime=modified
    )
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    gone = s3.delete_object(Bucket=directory_bucket, Key="k", IfMatchSize=4)
    assert gone["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_location_type_outside_its_values_is_malformed(s3):
    name = f"d{uuid.uuid4().hex[:10]}--{ZONE}--x-s3"
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration=_config(location_type="Region"))
    assert _error(excinfo) == ("MalformedXML", 400)


@pytest.mark.parametrize(
    ("operation", "arguments"),
    [
        ("get_bucket_versioning", {}),
        ("put_bucket_versioning", {"VersioningConfiguration": {"Status": "Enabled"}}),
        ("get_bucket_acl", {}),
        ("put_bucket_acl", {"ACL": "private"}),
        ("get_object_lock_configuration", {}),
        ("put_bucket_tagging", {"Tagging": {"TagSet": [{"Key": "k", "Value": "v"}]}}),
        ("get_bucket_cors", {}),
        ("list_object_versions", {}),
        ("get_object_tagging", {"Key": "k"}),
        ("get_object_retention", {"Key": "k"}),
    ],
)
def test_operations_directory_buckets_do_not_serve(s3, directory_bucket, operation, arguments):
    s3.put_object(Bucket=directory_bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        getattr(s3, operation)(Bucket=directory_bucket, **arguments)
    assert _error(excinfo) == ("NotImplemented", 501)
    assert excinfo.value.response["Error"]["Message"] == (
        "A header you provided implies functionality that is not implemented"
    )
    # What directory buckets do serve still works.
    assert s3.get_object(Bucket=directory_bucket, Key="k")["Body"].read() == b"x"


def _refusal(excinfo) -> tuple[int, str, str]:
    error = excinfo.value.response["Error"]
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"], error["Code"], error["Message"]


def test_append_adds_to_the_object_at_its_size(s3, directory_bucket):
    s3.put_object(Bucket=directory_bucket, Key="log", Body=b"0123456789", ContentType="text/plain")
    answer = s3.put_object(Bucket=directory_bucket, Key="log", Body=b"abc", WriteOffsetBytes=10)
    assert answer["Size"] == 13
    assert answer["ServerSideEncryption"] == "AES256"
    got = s3.get_object(Bucket=directory_bucket, Key="log", ChecksumMode="ENABLED")
    assert got["Body"].read() == b"0123456789abc"
    assert got["ContentType"] == "text/plain"
    assert got["ETag"] == answer["ETag"]
    assert got["ChecksumType"] == "FULL_OBJECT"
    plain = s3.put_object(Bucket=directory_bucket, Key="same", Body=b"0123456789abc")
    assert got["ChecksumCRC32"] == plain["ChecksumCRC32"]


def test_append_at_offset_zero_creates_a_missing_object(s3, directory_bucket):
    s3.put_object(Bucket=directory_bucket, Key="new", Body=b"first", WriteOffsetBytes=0)
    assert s3.get_object(Bucket=directory_bucket, Key="new")["Body"].read() == b"first"


@pytest.mark.parametrize("offset", [3, 11])
def test_append_at_another_offset_is_invalid_write_offset(s3, directory_bucket, offset):
    s3.put_object(Bucket=directory_bucket, Key="log", Body=b"0123456789")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=directory_bucket, Key="log", Body=b"abc", WriteOffsetBytes=offset)
    assert _refusal(excinfo) == (
        400,
        "InvalidWriteOffset",
        "The write offset value that you specified does not match the current object size.",
    )
    assert s3.get_object(Bucket=directory_bucket, Key="log")["Body"].read() == b"0123456789"
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=directory_bucket, Key="missing", Body=b"abc", WriteOffsetBytes=offset)
    assert _refusal(excinfo)[1] == "InvalidWriteOffset"


def test_append_refuses_metadata_and_an_empty_body(s3, directory_bucket):
    s3.put_object(Bucket=directory_bucket, Key="log", Body=b"0123")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=directory_bucket, Key="log", Body=b"x", WriteOffsetBytes=4, Metadata={"a": "b"})
    assert _refusal(excinfo) == (
        400,
        "InvalidRequest",
        "Cannot specify both a write offset value and user-defined object metadata for existing objects.",
    )
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=directory_bucket, Key="log", Body=b"", WriteOffsetBytes=4)
    assert _refusal(excinfo) == (
        400,
        "InvalidRequest",
        "Request body cannot be empty when 'write offset' is specified.",
    )
    assert s3.get_object(Bucket=directory_bucket, Key="log")["Body"].read() == b"0123"


def test_append_with_another_checksum_algorithm_is_refused(s3, directory_bucket):
    s3.put_object(Bucket=directory_bucket, Key="log", Body=b"0123", ChecksumAlgorithm="SHA1")
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(
            Bucket=directory_bucket, Key="log", Body=b"x", WriteOffsetBytes=4, ChecksumAlgorithm="SHA256"
        )
    assert _refusal(excinfo) == (
        400,
        "InvalidRequest",
        "Checksum Type mismatch occurred, expected checksum Type: sha1, actual checksum Type: sha256",
    )


def test_rename_moves_the_object_with_its_properties(s3, directory_bucket):
    s3.put_object(
        Bucket=directory_bucket, Key="old", Body=b"data", ContentType="text/csv", Metadata={"m": "1"}
    )
    before = s3.head_object(Bucket=directory_bucket, Key="old")
    assert (
        s3.rename_object(Bucket=directory_bucket, Key="new", RenameSource=f"{directory_bucket}/old")[
            "ResponseMetadata"
        ]["HTTPStatusCode"]
        == 200
    )
    after = s3.head_object(Bucket=directory_bucket, Key="new")
    for field in ("ETag", "ContentType", "Metadata", "LastModified", "ContentLength"):
        assert after[field] == before[field]
    assert [item["Key"] for item in s3.list_objects_v2(Bucket=directory_bucket)["Contents"]] == ["new"]
    with pytest.raises(ClientError) as excinfo:
        s3.head_object(Bucket=directory_bucket, Key="old")
    assert _error(excinfo) == ("404", 404)


def test_rename_of_a_missing_source_is_no_such_key(s3, directory_bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.rename_object(Bucket=directory_bucket, Key="new", RenameSource=f"{directory_bucket}/none")
    assert _refusal(excinfo) == (404, "NoSuchKey", "The specified key does not exist.")


def test_rename_honours_its_conditions(s3, directory_bucket):
    s3.put_object(Bucket=directory_bucket, Key="a", Body=b"a")
    s3.put_object(Bucket=directory_bucket, Key="b", Body=b"b")
    source = f"{directory_bucket}/a"
    with pytest.raises(ClientError) as excinfo:
        s3.rename_object(Bucket=directory_bucket, Key="b", RenameSource=source, DestinationIfNoneMatch="*")
    assert _refusal(excinfo)[:2] == (412, "PreconditionFailed")
    with pytest.raises(ClientError) as excinfo:
        s3.rename_object(Bucket=directory_bucket, Key="c", RenameSource=source, SourceIfMatch='"nope"')
    assert _refusal(excinfo)[:2] == (412, "PreconditionFailed")
    assert excinfo.value.response["Error"]["Condition"] == "x-amz-rename-source-If-Match"
    etag = s3.head_object(Bucket=directory_bucket, Key="b")["ETag"]
    s3.rename_object(Bucket=directory_bucket, Key="b", RenameSource=source, DestinationIfMatch=etag)
    assert s3.get_object(Bucket=directory_bucket, Key="b")["Body"].read() == b"a"
    assert [item["Key"] for item in s3.list_objects_v2(Bucket=directory_bucket)["Contents"]] == ["b"]


def test_append_of_a_large_body(s3, directory_bucket):
    # Over the memory limit: the appended body arrives spooled to disk.
    s3.put_object(Bucket=directory_bucket, Key="big", Body=b"a" * 1024)
    large = b"b" * (2 * 1024 * 1024 + 5)
    s3.put_object(Bucket=directory_bucket, Key="big", Body=large, WriteOffsetBytes=1024)
    head = s3.head_object(Bucket=directory_bucket, Key="big")
    assert head["ContentLength"] == 1024 + len(large)
    body = s3.get_object(Bucket=directory_bucket, Key="big", Range="bytes=1020-1027")["Body"].read()
    assert body == b"aaaabbbb"


def test_append_to_a_multipart_object(s3, directory_bucket):
    upload = s3.create_multipart_upload(Bucket=directory_bucket, Key="mp", ChecksumAlgorithm="CRC32")[
        "UploadId"
    ]
    first = b"1" * (5 * 1024 * 1024)
    parts = []
    for number, body in ((1, first), (2, b"22")):
        answer = s3.upload_part(
            Bucket=directory_bucket, Key="mp", UploadId=upload, PartNumber=number, Body=body
        )
        parts.append({"PartNumber": number, "ETag": answer["ETag"], "ChecksumCRC32": answer["ChecksumCRC32"]})
    s3.complete_multipart_upload(
        Bucket=directory_bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    size = len(first) + 2
    assert (
        s3.put_object(Bucket=directory_bucket, Key="mp", Body=b"333", WriteOffsetBytes=size)["Size"]
        == size + 3
    )
    tail = s3.get_object(Bucket=directory_bucket, Key="mp", Range=f"bytes={size - 3}-")["Body"].read()
    assert tail == b"122333"
