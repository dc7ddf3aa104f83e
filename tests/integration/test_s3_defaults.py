"""S3's defaults since 2023: SSE-S3 on every object, checksums validated, stored and returned (CRC64NVME
for uploads without one), aws-chunked bodies decoded, BucketOwnerEnforced and Block Public Access."""

from __future__ import annotations

import base64
import zlib

import pytest
from botocore.exceptions import ClientError

from localstack.services.s3 import checksums
from tests.integration.s3_support import remove_bucket


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("def")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def test_objects_are_encrypted_with_sse_s3(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert put["ServerSideEncryption"] == "AES256"
    assert s3.head_object(Bucket=bucket, Key="k")["ServerSideEncryption"] == "AES256"
    assert s3.get_object(Bucket=bucket, Key="k")["ServerSideEncryption"] == "AES256"


def test_default_bucket_encryption_rule(s3, bucket):
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    # SSE-C is blocked on new buckets since April 2026.
    assert rules == [
        {
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
            "BucketKeyEnabled": False,
            "BlockedEncryptionTypes": {"EncryptionType": ["SSE-C"]},
        }
    ]


def test_new_bucket_ownership_and_public_access_block(s3, bucket):
    rules = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert block == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }


def test_public_acl_refused_with_bucket_owner_enforced(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="public-read")
    assert excinfo.value.response["Error"]["Code"] == "AccessControlListNotSupported"
    assert excinfo.value.response["Error"]["Message"] == "The bucket does not allow ACLs"
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    assert excinfo.value.response["Error"]["Code"] == "AccessControlListNotSupported"


def test_private_acl_accepted_with_bucket_owner_enforced(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="bucket-owner-full-control")
    s3.put_bucket_acl(Bucket=bucket, ACL="private")


def test_create_bucket_with_acl_and_enforced_ownership(s3, unique_name):
    with pytest.raises(ClientError) as excinfo:
        s3.create_bucket(Bucket=unique_name("acl"), ACL="public-read")
    assert excinfo.value.response["Error"]["Code"] == "InvalidBucketAclWithObjectOwnership"
    assert excinfo.value.response["Error"]["Message"] == (
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"
    )


def test_acls_disabled_only_once_the_bucket_acl_grants_its_owner_alone(s3, unique_name, cleanup):
    """PutBucketOwnershipControls with BucketOwnerEnforced is refused while the bucket ACL grants others."""
    name = unique_name("own")
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    cleanup.append(lambda: remove_bucket(s3, name))
    s3.put_bucket_acl(Bucket=name, ACL="log-delivery-write")
    enforced = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls=enforced)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert excinfo.value.response["Error"]["Code"] == "InvalidBucketAclWithObjectOwnership"
    assert excinfo.value.response["Error"]["Message"] == (
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"
    )
    s3.put_bucket_acl(Bucket=name, ACL="private")
    s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls=enforced)
    rules = s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerEnforced"}]


def test_public_acl_refused_by_block_public_access(s3, unique_name, cleanup):
    name = unique_name("bpa")
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    cleanup.append(lambda: remove_bucket(s3, name))
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_acl(Bucket=name, ACL="public-read")
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"
    s3.delete_public_access_block(Bucket=name)
    s3.put_bucket_acl(Bucket=name, ACL="public-read")


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"])
def test_checksum_stored_and_returned(s3, bucket, algorithm):
    body = b"checksummed body"
    expected = checksums.encoded(body, algorithm)
    # The value is sent precomputed: botocore needs awscrt to compute CRC32C and CRC64NVME itself.
    put = s3.put_object(Bucket=bucket, Key="c", Body=body, **{f"Checksum{algorithm}": expected})
    assert put[f"Checksum{algorithm}"] == expected
    assert put["ChecksumType"] == "FULL_OBJECT"
    head = s3.head_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert head[f"Checksum{algorithm}"] == expected
    assert head["ChecksumType"] == "FULL_OBJECT"
    attributes = s3.get_object_attributes(Bucket=bucket, Key="c", ObjectAttributes=["Checksum"])
    assert attributes["Checksum"][f"Checksum{algorithm}"] == expected


def test_get_object_with_checksum_mode(s3, bucket):
    s3.put_object(Bucket=bucket, Key="c", Body=b"body", ChecksumAlgorithm="SHA256")
    got = s3.get_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert got["ChecksumSHA256"] == checksums.encoded(b"body", "SHA256")
    assert got["Body"].read() == b"body"
    assert "ChecksumSHA256" not in s3.head_object(Bucket=bucket, Key="c")


def test_known_checksum_values():
    assert checksums.crc32c(b"123456789") == 0xE3069283
    assert checksums.crc64nvme(b"123456789") == 0xAE8B14860A799888


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"])
def test_wrong_checksum_is_bad_digest(s3, bucket, algorithm):
    wrong = checksums.encoded(b"something else", algorithm)
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="c", Body=b"body", **{f"Checksum{algorithm}": wrong})
    assert excinfo.value.response["Error"]["Code"] == "BadDigest"
    assert excinfo.value.response["Error"]["Message"] == (
        f"The {algorithm} you specified did not match the calculated checksum."
    )


def test_malformed_checksum_value(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="c", Body=b"body", ChecksumCRC32="abc")
    assert excinfo.value.response["Error"]["Code"] == "InvalidRequest"
    assert excinfo.value.response["Error"]["Message"] == "Value for x-amz-checksum-crc32 header is invalid."


def test_upload_without_checksum_gets_crc64nvme(aws_client, bucket):
    s3 = aws_client("s3", config={"request_checksum_calculation": "when_required"})
    put = s3.put_object(Bucket=bucket, Key="plain", Body=b"no checksum sent")
    # PutObject answers with the checksum S3 added.
    assert put["ChecksumCRC64NVME"] == checksums.encoded(b"no checksum sent", "CRC64NVME")
    assert put["ChecksumType"] == "FULL_OBJECT"
    head = s3.head_object(Bucket=bucket, Key="plain", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] == checksums.encoded(b"no checksum sent", "CRC64NVME")
    assert head["ChecksumType"] == "FULL_OBJECT"


def test_aws_chunked_upload_with_trailer_checksum(aws_client, bucket):
    """boto3 streams file-like bodies as aws-chunked with a trailing CRC32: decoded, never stored."""
    import io

    s3 = aws_client("s3", config={"request_checksum_calculation": "when_supported"})
    body = b"streamed " * 1000
    s3.put_object(Bucket=bucket, Key="chunked", Body=io.BytesIO(body))
    got = s3.get_object(Bucket=bucket, Key="chunked", ChecksumMode="ENABLED")
    assert got["Body"].read() == body
    assert got["ChecksumCRC32"] == base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()
    assert "ContentEncoding" not in got


def test_aws_chunked_keeps_user_content_encoding(aws_client, bucket):
    import io

    s3 = aws_client("s3", config={"request_checksum_calculation": "when_supported"})
    s3.put_object(Bucket=bucket, Key="gz", Body=io.BytesIO(b"zipped"), ContentEncoding="gzip")
    assert s3.head_object(Bucket=bucket, Key="gz")["ContentEncoding"] == "gzip"


def test_multipart_composite_checksum(s3, bucket):
    part1, part2 = b"a" * (5 * 1024 * 1024), b"tail"
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumAlgorithm="SHA256")["UploadId"]
    parts = []
    for number, body in ((1, part1), (2, part2)):
        result = s3.upload_part(
            Bucket=bucket, Key="mp", UploadId=upload, PartNumber=number, Body=body, ChecksumAlgorithm="SHA256"
        )
        parts.append(
            {"ETag": result["ETag"], "PartNumber": number, "ChecksumSHA256": result["ChecksumSHA256"]}
        )
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": parts})
    head = s3.head_object(Bucket=bucket, Key="mp", ChecksumMode="ENABLED")
    expected = checksums.composite(
        [checksums.digest(part1, "SHA256"), checksums.digest(part2, "SHA256")], "SHA256"
    )
    assert head["ChecksumSHA256"] == expected
    assert head["ChecksumType"] == "COMPOSITE"


@pytest.mark.parametrize(
    "algorithm,kind,expected",
    [
        ("SHA256", None, "COMPOSITE"),
        ("CRC32", "FULL_OBJECT", "FULL_OBJECT"),
        ("CRC64NVME", None, "FULL_OBJECT"),
    ],
)
def test_create_multipart_upload_answers_its_checksum_type(s3, bucket, algorithm, kind, expected):
    """The type the parts' checksums combine by: CRC64NVME's FULL_OBJECT and the others' COMPOSITE default."""
    extra = {"ChecksumType": kind} if kind else {}
    created = s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumAlgorithm=algorithm, **extra)
    assert (created["ChecksumAlgorithm"], created["ChecksumType"]) == (algorithm, expected)
    s3.abort_multipart_upload(Bucket=bucket, Key="mp", UploadId=created["UploadId"])


@pytest.mark.parametrize("kind", ["COMPOSITE", "FULL_OBJECT"])
def test_part_number_read_answers_the_part_checksum(s3, bucket, kind):
    """A PartNumber read of a COMPOSITE object answers that part's checksum; of a FULL_OBJECT one of several
    parts, no checksum (the whole object's is not the part's)."""
    part1, part2 = b"a" * (5 * 1024 * 1024), b"tail"
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumAlgorithm="CRC32", ChecksumType=kind)
    parts = []
    for number, body in ((1, part1), (2, part2)):
        result = s3.upload_part(
            Bucket=bucket,
            Key="mp",
            UploadId=upload["UploadId"],
            PartNumber=number,
            Body=body,
            ChecksumAlgorithm="CRC32",
        )
        parts.append({"ETag": result["ETag"], "PartNumber": number, "ChecksumCRC32": result["ChecksumCRC32"]})
    s3.complete_multipart_upload(
        Bucket=bucket, Key="mp", UploadId=upload["UploadId"], MultipartUpload={"Parts": parts}
    )
    for read in (s3.head_object, s3.get_object):
        answer = read(Bucket=bucket, Key="mp", PartNumber=2, ChecksumMode="ENABLED")
        assert answer["PartsCount"] == 2
        if kind == "COMPOSITE":
            assert (answer["ChecksumCRC32"], answer["ChecksumType"]) == (
                parts[1]["ChecksumCRC32"],
                "COMPOSITE",
            )
        else:
            assert "ChecksumCRC32" not in answer and "ChecksumType" not in answer


def test_object_attributes_list_a_composite_objects_parts(s3, bucket):
    """GetObjectAttributes pages a COMPOSITE object's parts (size and checksum) by MaxParts and
    PartNumberMarker; a FULL_OBJECT one answers only its part count."""
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumAlgorithm="SHA256")["UploadId"]
    parts = []
    for number, body in ((1, b"a" * (5 * 1024 * 1024)), (2, b"tail")):
        result = s3.upload_part(
            Bucket=bucket, Key="mp", UploadId=upload, PartNumber=number, Body=body, ChecksumAlgorithm="SHA256"
        )
        parts.append(
            {"ETag": result["ETag"], "PartNumber": number, "ChecksumSHA256": result["ChecksumSHA256"]}
        )
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": parts})
    first = s3.get_object_attributes(Bucket=bucket, Key="mp", ObjectAttributes=["ObjectParts"], MaxParts=1)
    assert first["ObjectParts"] == {
        "TotalPartsCount": 2,
        "PartNumberMarker": 0,
        "NextPartNumberMarker": 1,
        "MaxParts": 1,
        "IsTruncated": True,
        "Parts": [{"PartNumber": 1, "Size": 5 * 1024 * 1024, "ChecksumSHA256": parts[0]["ChecksumSHA256"]}],
    }
    rest = s3.get_object_attributes(
        Bucket=bucket, Key="mp", ObjectAttributes=["ObjectParts"], PartNumberMarker=1
    )["ObjectParts"]
    assert (rest["IsTruncated"], rest["MaxParts"], rest["NextPartNumberMarker"]) == (False, 1000, 2)
    assert rest["Parts"] == [{"PartNumber": 2, "Size": 4, "ChecksumSHA256": parts[1]["ChecksumSHA256"]}]


def test_copy_object_result_names_its_checksum_type(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"hello", ChecksumAlgorithm="CRC32")
    copied = s3.copy_object(
        Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"}, ChecksumAlgorithm="SHA256"
    )["CopyObjectResult"]
    assert copied["ChecksumSHA256"] == checksums.encoded(b"hello", "SHA256")
    assert copied["ChecksumType"] == "FULL_OBJECT"


@pytest.mark.parametrize(
    "algorithm,kind,message",
    [
        (
            "SHA256",
            "FULL_OBJECT",
            "The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm.",
        ),
        (
            "CRC64NVME",
            "COMPOSITE",
            "The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.",
        ),
        (
            None,
            "FULL_OBJECT",
            "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.",
        ),
    ],
)
def test_create_multipart_upload_refuses_a_checksum_type_that_does_not_fit(
    s3, bucket, algorithm, kind, message
):
    extra = {"ChecksumAlgorithm": algorithm} if algorithm else {}
    with pytest.raises(ClientError) as excinfo:
        s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumType=kind, **extra)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert (excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]) == (
        "InvalidRequest",
        message,
    )


def test_part_checksums_must_follow_the_uploads_algorithm(s3, bucket):
    """A part with another algorithm's checksum is refused; a COMPOSITE upload's completion must list every
    part's checksum."""
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", ChecksumAlgorithm="SHA1")["UploadId"]
    with pytest.raises(ClientError) as excinfo:
        s3.upload_part(
            Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"x", ChecksumAlgorithm="CRC32"
        )
    assert excinfo.value.response["Error"]["Message"] == (
        "Checksum Type mismatch occurred, expected checksum Type: sha1, actual checksum Type: crc32"
    )
    etag = s3.upload_part(
        Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"x", ChecksumAlgorithm="SHA1"
    )["ETag"]
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket,
            Key="mp",
            UploadId=upload,
            MultipartUpload={"Parts": [{"ETag": etag, "PartNumber": 1}]},
        )
    assert (excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]) == (
        "InvalidRequest",
        "The upload was created using a sha1 checksum. The complete request must include the checksum for "
        "each part. It was missing for part 1 in the request.",
    )
    s3.abort_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload)


@pytest.mark.skipif(not checksums.NATIVE, reason="the native CRC module (_native_crc.c) was not compiled")
def test_large_put_without_checksum_answers_crc64nvme(aws_client, bucket):
    """AWS answers every PutObject without a checksum with the CRC64NVME it gave the object; a body above
    the in-memory limit gets it computed while it arrives."""
    import os

    s3 = aws_client("s3", config={"request_checksum_calculation": "when_required"})
    body = os.urandom(3 * 1024 * 1024 + 5)
    put = s3.put_object(Bucket=bucket, Key="big", Body=body)
    expected = checksums.encoded(body, "CRC64NVME")
    assert (put["ChecksumCRC64NVME"], put["ChecksumType"]) == (expected, "FULL_OBJECT")
    head = s3.head_object(Bucket=bucket, Key="big", ChecksumMode="ENABLED")
    assert (head["ChecksumCRC64NVME"], head["ChecksumType"]) == (expected, "FULL_OBJECT")


@pytest.mark.parametrize("multipart", [False, True], ids=["put", "multipart"])
def test_large_upload_without_checksum_gets_crc64nvme_computed_in_the_background(
    aws_client, bucket, multipart
):
    """From 8 MiB the value is computed by a helper process as soon as the object is stored; a read that
    asks before it is done waits for it."""
    import os

    s3 = aws_client("s3", config={"request_checksum_calculation": "when_required"})
    body = os.urandom(9 * 1024 * 1024)
    if multipart:
        upload = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
        parts = []
        for number, piece in ((1, body[: 5 * 1024 * 1024]), (2, body[5 * 1024 * 1024 :])):
            etag = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=number, Body=piece)
            parts.append({"ETag": etag["ETag"], "PartNumber": number})
        s3.complete_multipart_upload(
            Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={"Parts": parts}
        )
    else:
        s3.put_object(Bucket=bucket, Key="big", Body=body)
    expected = checksums.encoded(body, "CRC64NVME")
    got = s3.get_object(Bucket=bucket, Key="big", ChecksumMode="ENABLED")
    assert got["Body"].read() == body
    assert (got["ChecksumCRC64NVME"], got["ChecksumType"]) == (expected, "FULL_OBJECT")
    assert s3.head_object(Bucket=bucket, Key="big", ChecksumMode="ENABLED")["ChecksumCRC64NVME"] == expected


def test_multipart_without_checksum_is_full_object_crc64nvme(aws_client, bucket):
    s3 = aws_client("s3", config={"request_checksum_calculation": "when_required"})
    part1, part2 = b"b" * (5 * 1024 * 1024), b"end"
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp2")["UploadId"]
    parts = []
    for number, body in ((1, part1), (2, part2)):
        etag = s3.upload_part(Bucket=bucket, Key="mp2", UploadId=upload, PartNumber=number, Body=body)["ETag"]
        parts.append({"ETag": etag, "PartNumber": number})
    completed = s3.complete_multipart_upload(
        Bucket=bucket, Key="mp2", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    if checksums.NATIVE:
        # Joined from the parts' CRCs at completion (without the native CRC, computed after it).
        expected = checksums.encoded(part1 + part2, "CRC64NVME")
        assert (completed["ChecksumCRC64NVME"], completed["ChecksumType"]) == (expected, "FULL_OBJECT")
    attributes = s3.get_object_attributes(Bucket=bucket, Key="mp2", ObjectAttributes=["Checksum"])
    assert attributes["Checksum"]["ChecksumType"] == "FULL_OBJECT"
    assert attributes["Checksum"]["ChecksumCRC64NVME"] == checksums.encoded(part1 + part2, "CRC64NVME")


def _crc32(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def _upload_crc32_parts(s3, bucket, key, kind):
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm="CRC32", ChecksumType=kind)
    parts = []
    for number, body in ((1, b"c" * (5 * 1024 * 1024)), (2, b"end")):
        result = s3.upload_part(
            Bucket=bucket,
            Key=key,
            UploadId=upload["UploadId"],
            PartNumber=number,
            Body=body,
            ChecksumAlgorithm="CRC32",
        )
        parts.append({"ETag": result["ETag"], "PartNumber": number, "ChecksumCRC32": result["ChecksumCRC32"]})
    return upload["UploadId"], parts


def test_list_parts_carries_part_checksums(s3, bucket):
    upload, parts = _upload_crc32_parts(s3, bucket, "lp", "COMPOSITE")
    listed = s3.list_parts(Bucket=bucket, Key="lp", UploadId=upload)
    assert [p["ChecksumCRC32"] for p in listed["Parts"]] == [p["ChecksumCRC32"] for p in parts]
    assert listed["ChecksumAlgorithm"] == "CRC32"
    assert listed["ChecksumType"] == "COMPOSITE"
    s3.abort_multipart_upload(Bucket=bucket, Key="lp", UploadId=upload)


def test_complete_full_object_checksum_checked_and_returned(s3, bucket):
    whole = b"c" * (5 * 1024 * 1024) + b"end"
    upload, parts = _upload_crc32_parts(s3, bucket, "fo", "FULL_OBJECT")
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket,
            Key="fo",
            UploadId=upload,
            MultipartUpload={"Parts": parts},
            ChecksumCRC32=_crc32(b"wrong"),
            ChecksumType="FULL_OBJECT",
        )
    assert excinfo.value.response["Error"]["Code"] == "BadDigest"
    completed = s3.complete_multipart_upload(
        Bucket=bucket,
        Key="fo",
        UploadId=upload,
        MultipartUpload={"Parts": parts},
        ChecksumCRC32=_crc32(whole),
        ChecksumType="FULL_OBJECT",
    )
    assert completed["ChecksumCRC32"] == _crc32(whole)
    assert completed["ChecksumType"] == "FULL_OBJECT"
    assert "VersionId" not in completed


def test_complete_with_wrong_part_checksum_is_invalid_part(s3, bucket):
    upload, parts = _upload_crc32_parts(s3, bucket, "bad", "COMPOSITE")
    parts[1]["ChecksumCRC32"] = _crc32(b"other")
    with pytest.raises(ClientError) as excinfo:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="bad", UploadId=upload, MultipartUpload={"Parts": parts}
        )
    assert excinfo.value.response["Error"]["Code"] == "InvalidPart"
    s3.abort_multipart_upload(Bucket=bucket, Key="bad", UploadId=upload)


def test_sse_kms_key_must_exist_and_be_enabled(aws_client, bucket):
    s3 = aws_client("s3")
    kms = aws_client("kms")
    key = kms.create_key()["KeyMetadata"]
    put = s3.put_object(
        Bucket=bucket, Key="kms", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key["KeyId"]
    )
    # S3 names the key by its ARN, as recorded against S3.
    assert (put["ServerSideEncryption"], put["SSEKMSKeyId"]) == ("aws:kms", key["Arn"])
    s3.put_object(
        Bucket=bucket, Key="alias", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId="alias/aws/s3"
    )
    missing = "11111111-2222-3333-4444-555555555555"
    other_region = key["Arn"].replace(":us-east-1:", ":us-west-2:")
    cases = [
        ("fake-key-id", "KMS.NotFoundException", "Invalid keyId 'fake-key-id'"),
        (
            missing,
            "KMS.NotFoundException",
            f"Key 'arn:aws:kms:us-east-1:000000000000:key/{missing}' does not exist",
        ),
        (other_region, "KMS.NotFoundException", "Invalid arn us-west-2"),
    ]
    kms.disable_key(KeyId=key["KeyId"])
    cases.append((key["Arn"], "KMS.DisabledException", f"{key['Arn']} is disabled."))
    for key_id, code, message in cases:
        with pytest.raises(ClientError) as excinfo:
            s3.put_object(
                Bucket=bucket, Key="k", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=key_id
            )
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert (excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]) == (
            code,
            message,
        )
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", SSEKMSKeyId=key["KeyId"])
    error = excinfo.value.response["Error"]
    assert (error["Code"], error["Message"]) == (
        "InvalidArgument",
        "Server Side Encryption with AWS KMS managed key requires HTTP header "
        "x-amz-server-side-encryption : aws:kms",
    )


def test_bucket_default_kms_key_is_checked_on_upload(aws_client, bucket):
    s3 = aws_client("s3")
    by_default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "aws/s3"}
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": by_default}]},
    )
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    error = excinfo.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("KMS.NotFoundException", "Invalid keyId aws/s3")
    key = aws_client("kms").create_key()["KeyMetadata"]
    by_default["KMSMasterKeyID"] = key["Arn"]
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": by_default}]},
    )
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert (put["ServerSideEncryption"], put["SSEKMSKeyId"]) == ("aws:kms", key["Arn"])
