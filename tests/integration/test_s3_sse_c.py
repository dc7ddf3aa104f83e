"""SSE-C: customer-provided keys validated on upload, required (and matched) on reads and copies, and echoed
in the x-amz-server-side-encryption-customer-* headers."""

from __future__ import annotations

import base64
import hashlib

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

KEY = b"k" * 32
OTHER = b"o" * 32
ALLOW_SSE_C = {
    "Rules": [
        {
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
            "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]},
        }
    ]
}


def _sse(key: bytes = KEY, prefix: str = "SSECustomer") -> dict[str, str]:
    # boto3 base64-encodes the key and adds its MD5 itself.
    return {f"{prefix}Algorithm": "AES256", f"{prefix}Key": key.decode()}


def _md5(key: bytes) -> str:
    return base64.b64encode(hashlib.md5(key).digest()).decode()


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("ssec")
    s3.create_bucket(Bucket=name)
    # New buckets block SSE-C writes since April 2026; these tests use a bucket that allows them.
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration=ALLOW_SSE_C)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _code(excinfo) -> tuple[str, int]:
    response = excinfo.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_put_and_get_with_customer_key(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"secret", **_sse())
    assert put["SSECustomerAlgorithm"] == "AES256"
    assert put["SSECustomerKeyMD5"] == _md5(KEY)
    assert "ServerSideEncryption" not in put
    got = s3.get_object(Bucket=bucket, Key="k", **_sse())
    assert got["Body"].read() == b"secret"
    assert got["SSECustomerKeyMD5"] == _md5(KEY)
    head = s3.head_object(Bucket=bucket, Key="k", **_sse())
    assert head["SSECustomerAlgorithm"] == "AES256"


def test_get_without_key_is_refused(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"secret", **_sse())
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="k")
    assert _code(excinfo) == ("InvalidRequest", 400)
    assert excinfo.value.response["Error"]["Message"] == (
        "The object was stored using a form of Server Side Encryption. "
        "The correct parameters must be provided to retrieve the object."
    )
    with pytest.raises(ClientError) as excinfo:
        s3.head_object(Bucket=bucket, Key="k")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_get_with_other_key_is_denied(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"secret", **_sse())
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="k", **_sse(OTHER))
    assert _code(excinfo) == ("AccessDenied", 403)


def test_key_on_a_plain_object_is_refused(s3, bucket):
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="plain", **_sse())
    assert _code(excinfo) == ("InvalidRequest", 400)


def test_invalid_algorithm(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(
            Bucket=bucket, Key="k", Body=b"x", SSECustomerAlgorithm="AES128", SSECustomerKey=KEY.decode()
        )
    assert _code(excinfo) == ("InvalidEncryptionAlgorithmError", 400)


def test_key_of_wrong_length(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", **_sse(b"short"))
    assert _code(excinfo) == ("InvalidArgument", 400)
    assert (
        excinfo.value.response["Error"]["Message"]
        == "The secret key was invalid for the specified algorithm."
    )


def test_key_md5_mismatch(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        # With an MD5 given, boto3 sends the key as it is: here already base64-encoded.
        encoded = base64.b64encode(KEY).decode()
        s3.put_object(
            Bucket=bucket,
            Key="k",
            Body=b"x",
            SSECustomerAlgorithm="AES256",
            SSECustomerKey=encoded,
            SSECustomerKeyMD5=_md5(OTHER),
        )
    assert _code(excinfo) == ("InvalidArgument", 400)
    assert excinfo.value.response["Error"]["Message"] == (
        "The calculated MD5 hash of the key did not match the hash that was provided."
    )


def test_copy_needs_the_source_key(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"secret", **_sse())
    with pytest.raises(ClientError) as excinfo:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert _code(excinfo) == ("InvalidRequest", 400)
    s3.copy_object(
        Bucket=bucket,
        Key="dst",
        CopySource={"Bucket": bucket, "Key": "src"},
        **_sse(prefix="CopySourceSSECustomer"),
    )
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"secret"


def test_multipart_upload_with_customer_key(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", **_sse())
    assert upload["SSECustomerKeyMD5"] == _md5(KEY)
    part = s3.upload_part(
        Bucket=bucket, Key="mp", UploadId=upload["UploadId"], PartNumber=1, Body=b"p", **_sse()
    )
    s3.complete_multipart_upload(
        Bucket=bucket,
        Key="mp",
        UploadId=upload["UploadId"],
        MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
    )
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="mp")
    assert _code(excinfo) == ("InvalidRequest", 400)
    assert s3.get_object(Bucket=bucket, Key="mp", **_sse())["Body"].read() == b"p"


def test_wrong_key_message_on_get_and_copy(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"secret", **_sse())
    message = (
        "Requests specifying Server Side Encryption with Customer provided keys "
        "must provide the correct secret key."
    )
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket=bucket, Key="k", **_sse(OTHER))
    assert excinfo.value.response["Error"]["Message"] == message
    with pytest.raises(ClientError) as excinfo:
        s3.copy_object(
            Bucket=bucket,
            Key="c",
            CopySource={"Bucket": bucket, "Key": "k"},
            **_sse(OTHER, "CopySourceSSECustomer"),
        )
    assert _code(excinfo) == ("AccessDenied", 403)
    assert excinfo.value.response["Error"]["Message"] == message


def test_part_encryption_must_match_the_upload(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", **_sse())["UploadId"]
    plain = s3.create_multipart_upload(Bucket=bucket, Key="plain")["UploadId"]
    requested = (
        "The multipart upload initiate requested encryption. Subsequent part requests must include the "
        "appropriate encryption parameters."
    )
    for upload_id, key, extra, message in (
        (upload, "mp", {}, requested),
        (plain, "plain", _sse(), requested),
        (
            upload,
            "mp",
            _sse(OTHER),
            "The provided encryption parameters did not match the ones used originally.",
        ),
    ):
        with pytest.raises(ClientError) as excinfo:
            s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=1, Body=b"p", **extra)
        assert _code(excinfo) == ("InvalidRequest", 400)
        assert excinfo.value.response["Error"]["Message"] == message
    for upload_id, key in ((upload, "mp"), (plain, "plain")):
        s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload_id)


def test_new_bucket_blocks_sse_c_writes(s3, unique_name, cleanup):
    name = unique_name("ssecblock")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["BlockedEncryptionTypes"] == {"EncryptionType": ["SSE-C"]}
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    for call, kwargs in (
        (s3.put_object, {"Body": b"x"}),
        (s3.create_multipart_upload, {}),
    ):
        with pytest.raises(ClientError) as excinfo:
            call(Bucket=name, Key="k", **kwargs, **_sse())
        assert _code(excinfo) == ("AccessDenied", 403)
        message = excinfo.value.response["Error"]["Message"]
        assert message.endswith(
            f'on resource: "arn:aws:s3:::{name}/k" because this bucket has blocked upload requests that '
            "specify Server Side Encryption with Customer provided keys (SSE-C)"
        )
        assert "is not authorized to perform: s3:PutObject" in message
    assert s3.list_objects_v2(Bucket=name)["KeyCount"] == 0
    # Other writes are unaffected.
    s3.put_object(Bucket=name, Key="plain", Body=b"x")
    with pytest.raises(ClientError) as excinfo:
        s3.copy_object(Bucket=name, Key="copy", CopySource={"Bucket": name, "Key": "plain"}, **_sse())
    assert _code(excinfo) == ("AccessDenied", 403)
    s3.delete_object(Bucket=name, Key="plain")


def test_unblocking_and_blocking_sse_c_again(s3, bucket):
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["BlockedEncryptionTypes"] == {"EncryptionType": ["NONE"]}
    s3.put_object(Bucket=bucket, Key="k", Body=b"secret", **_sse())
    block = {
        "Rules": [
            {
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                "BlockedEncryptionTypes": {"EncryptionType": ["SSE-C"]},
            }
        ]
    }
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=block)
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["BlockedEncryptionTypes"] == {"EncryptionType": ["SSE-C"]}
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="k2", Body=b"x", **_sse())
    assert _code(excinfo) == ("AccessDenied", 403)
    # Objects already stored with SSE-C stay readable with their key.
    assert s3.get_object(Bucket=bucket, Key="k", **_sse())["Body"].read() == b"secret"


def test_blocked_encryption_type_outside_its_enumeration(s3, bucket):
    rules = {
        "Rules": [
            {
                "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                "BlockedEncryptionTypes": {"EncryptionType": ["SSE-KMS"]},
            }
        ]
    }
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=rules)
    assert _code(excinfo) == ("MalformedXML", 400)
