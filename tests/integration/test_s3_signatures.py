"""Requests signed in the Authorization header (SigV4 and SigV2) with a key IAM issued are checked against
its secret: SignatureDoesNotMatch with S3's fields when the secret is wrong or the request was changed after
signing; the default test key and keys IAM never issued accept any signature, as before."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import xml.etree.ElementTree as ElementTree

import pytest
import requests
from botocore.auth import HmacV1Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

MIB = 1024 * 1024
MESSAGE = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your key and signing method."
)

ALLOW_S3 = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'


@pytest.fixture
def iam_key(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    user = unique_name("signer")
    iam.create_user(UserName=user)
    # An IAM user may do what its identity policies allow: this one anything in S3.
    iam.put_user_policy(UserName=user, PolicyName="s3", PolicyDocument=ALLOW_S3)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    cleanup.append(lambda: iam.delete_user(UserName=user))
    cleanup.append(lambda: iam.delete_user_policy(UserName=user, PolicyName="s3"))
    cleanup.append(lambda: iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"]))
    return key


def _client(aws_client, access_key: str, secret: str, version: str = "s3v4", **config):
    credentials = {"aws_access_key_id": access_key, "aws_secret_access_key": secret}
    return aws_client("s3", credentials=credentials, config={"signature_version": version, **config})


@pytest.fixture
def signed_bucket(aws_client, iam_key, unique_name, cleanup):
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"])
    name = unique_name("sig")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _error(body: bytes) -> dict[str, str]:
    return {child.tag: child.text or "" for child in ElementTree.fromstring(body)}


@pytest.mark.parametrize("version", ["s3v4", "s3"])
def test_calls_signed_with_the_right_secret_are_served(aws_client, iam_key, signed_bucket, version) -> None:
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"], version)
    key = "dir/with space+plus/ünï~(1).txt"
    s3.put_object(
        Bucket=signed_bucket, Key=key, Body=b"signed", Metadata={"note": "a  b"}, ContentType="text/x"
    )
    assert s3.get_object(Bucket=signed_bucket, Key=key)["Body"].read() == b"signed"
    assert s3.get_object(Bucket=signed_bucket, Key=key, Range="bytes=1-2")["Body"].read() == b"ig"
    listed = s3.list_objects_v2(Bucket=signed_bucket, Prefix="dir/", Delimiter="/", MaxKeys=5)
    assert listed["CommonPrefixes"] == [{"Prefix": "dir/with space+plus/"}]
    s3.put_object_tagging(Bucket=signed_bucket, Key=key, Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    s3.copy_object(Bucket=signed_bucket, Key="copy", CopySource={"Bucket": signed_bucket, "Key": key})
    deleted = s3.delete_objects(Bucket=signed_bucket, Delete={"Objects": [{"Key": key}, {"Key": "copy"}]})
    assert len(deleted["Deleted"]) == 2


def test_large_multipart_upload_signed_with_an_iam_key(aws_client, iam_key, signed_bucket) -> None:
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"])
    parts_data = [b"a" * (5 * MIB), b"tail"]
    upload = s3.create_multipart_upload(Bucket=signed_bucket, Key="mp")["UploadId"]
    parts = []
    for number, body in enumerate(parts_data, start=1):
        etag = s3.upload_part(Bucket=signed_bucket, Key="mp", UploadId=upload, PartNumber=number, Body=body)
        parts.append({"PartNumber": number, "ETag": etag["ETag"]})
    s3.complete_multipart_upload(
        Bucket=signed_bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    assert s3.head_object(Bucket=signed_bucket, Key="mp")["ContentLength"] == 5 * MIB + 4


def test_wrong_secret_is_signature_does_not_match(aws_client, iam_key, signed_bucket) -> None:
    forged = _client(aws_client, iam_key["AccessKeyId"], "not-the-secret")
    with pytest.raises(ClientError) as error:
        forged.put_object(Bucket=signed_bucket, Key="forged", Body=b"x")
    response = error.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert response["Error"]["Message"] == MESSAGE
    assert response["Error"]["AWSAccessKeyId"] == iam_key["AccessKeyId"]
    string_to_sign = response["Error"]["StringToSign"]
    assert string_to_sign.startswith("AWS4-HMAC-SHA256\n")
    assert string_to_sign.split("\n")[2].endswith("/us-east-1/s3/aws4_request")
    assert response["Error"]["CanonicalRequest"].startswith(f"PUT\n/{signed_bucket}/forged\n")
    assert response["Error"]["StringToSignBytes"].startswith("41 57 53 34")
    assert response["Error"]["CanonicalRequestBytes"].startswith("50 55 54 0a")
    assert response["Error"]["SignatureProvided"]
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"])
    assert s3.list_objects_v2(Bucket=signed_bucket)["KeyCount"] == 0


def test_wrong_secret_with_sigv2_is_signature_does_not_match(aws_client, iam_key, signed_bucket) -> None:
    forged = _client(aws_client, iam_key["AccessKeyId"], "not-the-secret", "s3")
    with pytest.raises(ClientError) as error:
        forged.list_objects(Bucket=signed_bucket)
    assert error.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert error.value.response["Error"]["StringToSign"].endswith(f"\n/{signed_bucket}/")


def _signed_request(
    server, key: dict, method: str, path: str, headers: dict, body: bytes = b""
) -> AWSRequest:
    request = AWSRequest(method=method, url=f"{server.edge_url}{path}", data=body, headers=headers)
    SigV4Auth(Credentials(key["AccessKeyId"], key["SecretAccessKey"]), "s3", "us-east-1").add_auth(request)
    return request


def test_header_changed_after_signing_is_refused(server, iam_key, signed_bucket) -> None:
    body = b"original"
    headers = {"x-amz-content-sha256": hashlib.sha256(body).hexdigest(), "x-amz-meta-owner": "me"}
    request = _signed_request(server, iam_key, "PUT", f"/{signed_bucket}/changed", headers, body)
    prepared = dict(request.headers.items())
    answer = requests.put(request.url, data=body, headers={**prepared, "x-amz-meta-owner": "mallory"})
    assert answer.status_code == 403
    assert _error(answer.content)["Code"] == "SignatureDoesNotMatch"
    answer = requests.put(request.url, data=body, headers=prepared)
    assert answer.status_code == 200, answer.text


def test_virtual_host_style_request_is_checked_on_the_path_sent(server, iam_key, signed_bucket) -> None:
    host = f"{signed_bucket}.s3.localhost.localstack.cloud:{server.edge_port}"
    headers = {"Host": host, "x-amz-content-sha256": hashlib.sha256(b"vh").hexdigest()}
    request = _signed_request(server, iam_key, "PUT", "/virtual", headers, b"vh")
    answer = requests.put(request.url, data=b"vh", headers=dict(request.headers.items()))
    assert answer.status_code == 200, answer.text
    headers["x-amz-content-sha256"] = hashlib.sha256(b"other").hexdigest()
    request = _signed_request(server, iam_key, "PUT", "/virtual", headers, b"other")
    request.headers["Host"] = f"other-{signed_bucket}.s3.localhost.localstack.cloud:{server.edge_port}"
    answer = requests.put(request.url, data=b"other", headers=dict(request.headers.items()))
    assert answer.status_code == 403


def _streaming_body(data: bytes, seed: str, key: dict, date: str, scope: str, chunk: int) -> bytes:
    """STREAMING-AWS4-HMAC-SHA256-PAYLOAD framing, each chunk signed after the one before."""
    signing_key = ("AWS4" + key["SecretAccessKey"]).encode()
    for part in scope.split("/"):
        signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
    previous, framed = seed, bytearray()
    pieces = [data[start : start + chunk] for start in range(0, len(data), chunk)] + [b""]
    for piece in pieces:
        string_to_sign = "\n".join(
            [
                "AWS4-HMAC-SHA256-PAYLOAD",
                date,
                scope,
                previous,
                hashlib.sha256(b"").hexdigest(),
                hashlib.sha256(piece).hexdigest(),
            ]
        )
        previous = hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()
        framed += f"{len(piece):x};chunk-signature={previous}\r\n".encode() + piece + b"\r\n"
    return bytes(framed)


@pytest.mark.parametrize("size", [100_000, 2 * MIB + 17])
def test_streaming_signed_upload_with_an_iam_key(server, aws_client, iam_key, signed_bucket, size) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    scope = f"{date[:8]}/us-east-1/s3/aws4_request"
    chunk = 64 * 1024
    framed_length = len(_streaming_body(data, "0" * 64, iam_key, date, scope, chunk))
    headers = {
        "x-amz-date": date,
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "Content-Encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
        "Content-Length": str(framed_length),
    }
    request = _signed_request(server, iam_key, "PUT", f"/{signed_bucket}/streamed", headers)
    seed = request.headers["Authorization"].rpartition("Signature=")[2]
    body = _streaming_body(data, seed, iam_key, date, scope, chunk)
    answer = requests.put(request.url, data=body, headers=dict(request.headers.items()))
    assert answer.status_code == 200, answer.text
    assert answer.headers["ETag"] == f'"{hashlib.md5(data).hexdigest()}"'
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"])
    got = s3.get_object(Bucket=signed_bucket, Key="streamed")
    assert got["Body"].read() == data
    assert got.get("ContentEncoding") in (None, "")
    # The same upload under a length it was not signed with.
    headers["x-amz-decoded-content-length"] = str(len(data) + 1)
    answer = requests.put(request.url, data=body, headers={**dict(request.headers.items()), **headers})
    assert answer.status_code in (400, 403)


def test_test_key_and_unknown_keys_accept_any_signature(aws_client, unique_name, cleanup) -> None:
    for access_key in ("test", "AKIAIOSFODNN7EXAMPLE", "123456789012"):
        s3 = _client(aws_client, access_key, "any-secret-at-all")
        name = unique_name("anysig")
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="k", Body=b"v")
        assert s3.get_object(Bucket=name, Key="k")["Body"].read() == b"v"
        s3.delete_object(Bucket=name, Key="k")
        s3.delete_bucket(Bucket=name)


def test_sigv2_header_with_x_amz_date_signs_an_empty_date_line(server, iam_key, signed_bucket) -> None:
    request = AWSRequest(method="GET", url=f"{server.edge_url}/{signed_bucket}/", headers={})
    HmacV1Auth(Credentials(iam_key["AccessKeyId"], iam_key["SecretAccessKey"])).add_auth(request)
    answer = requests.get(request.url, headers=dict(request.headers.items()))
    assert answer.status_code == 200, answer.text
    headers = dict(request.headers.items())
    headers["x-amz-date"] = headers.pop("Date")
    answer = requests.get(request.url, headers=headers)
    # Signed over a Date line that the server now reads as empty (x-amz-date replaces it).
    assert answer.status_code == 403
    assert _error(answer.content)["Code"] == "SignatureDoesNotMatch"


def test_deactivated_key_is_invalid_access_key_id(aws_client, iam_key, signed_bucket) -> None:
    iam = aws_client("iam")
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"])
    assert s3.list_objects_v2(Bucket=signed_bucket)["KeyCount"] == 0
    iam.update_access_key(UserName=iam_key["UserName"], AccessKeyId=iam_key["AccessKeyId"], Status="Inactive")
    try:
        with pytest.raises(ClientError) as error:
            s3.list_objects_v2(Bucket=signed_bucket)
        assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert error.value.response["Error"]["Code"] == "InvalidAccessKeyId"
        assert (
            error.value.response["Error"]["Message"]
            == "The AWS Access Key Id you provided does not exist in our records."
        )
        assert error.value.response["Error"]["AWSAccessKeyId"] == iam_key["AccessKeyId"]
    finally:
        iam.update_access_key(
            UserName=iam_key["UserName"], AccessKeyId=iam_key["AccessKeyId"], Status="Active"
        )


def test_assumed_role_credentials_are_checked(aws_client, unique_name, cleanup) -> None:
    sts = aws_client("sts")
    role = sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/any", RoleSessionName="session")[
        "Credentials"
    ]
    session = {
        "aws_access_key_id": role["AccessKeyId"],
        "aws_secret_access_key": role["SecretAccessKey"],
        "aws_session_token": role["SessionToken"],
    }
    s3 = aws_client("s3", credentials=session)
    name = unique_name("role")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    assert s3.list_objects_v2(Bucket=name)["KeyCount"] == 0
    forged = aws_client("s3", credentials={**session, "aws_secret_access_key": "not-the-secret"})
    with pytest.raises(ClientError) as error:
        forged.list_objects_v2(Bucket=name)
    assert error.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def test_forged_chunk_signature_is_signature_does_not_match(
    server, aws_client, iam_key, signed_bucket
) -> None:
    data = b"z" * 200_000
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    scope = f"{date[:8]}/us-east-1/s3/aws4_request"
    chunk = 64 * 1024
    framed_length = len(_streaming_body(data, "0" * 64, iam_key, date, scope, chunk))
    headers = {
        "x-amz-date": date,
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "Content-Encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
        "Content-Length": str(framed_length),
    }
    request = _signed_request(server, iam_key, "PUT", f"/{signed_bucket}/forged-chunk", headers)
    seed = request.headers["Authorization"].rpartition("Signature=")[2]
    body = _streaming_body(data, seed, iam_key, date, scope, chunk)
    # The second chunk's bytes changed after signing: its signature no longer matches.
    tampered = bytearray(body)
    second = body.index(b"\r\n", chunk) + 100
    tampered[second] ^= 1
    answer = requests.put(request.url, data=bytes(tampered), headers=dict(request.headers.items()))
    assert answer.status_code == 403
    assert _error(answer.content)["Code"] == "SignatureDoesNotMatch"
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"])
    assert s3.list_objects_v2(Bucket=signed_bucket)["KeyCount"] == 0


def test_unsigned_payload_modes_signed_with_an_iam_key(server, aws_client, iam_key, signed_bucket) -> None:
    """What SDKs send over TLS: UNSIGNED-PAYLOAD, and aws-chunked with a checksum trailer."""
    import base64
    import zlib

    data = b"u" * 150_000
    plain = _signed_request(
        server,
        iam_key,
        "PUT",
        f"/{signed_bucket}/unsigned",
        {"x-amz-content-sha256": "UNSIGNED-PAYLOAD"},
        data,
    )
    answer = requests.put(plain.url, data=data, headers=dict(plain.headers.items()))
    assert answer.status_code == 200, answer.text
    crc = base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()
    framed = b"%x\r\n" % len(data) + data + b"\r\n0\r\n" + f"x-amz-checksum-crc32:{crc}\r\n\r\n".encode()
    headers = {
        "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "Content-Encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
        "x-amz-trailer": "x-amz-checksum-crc32",
        "x-amz-sdk-checksum-algorithm": "CRC32",
        "Content-Length": str(len(framed)),
    }
    streamed = _signed_request(server, iam_key, "PUT", f"/{signed_bucket}/trailer", headers)
    answer = requests.put(streamed.url, data=framed, headers=dict(streamed.headers.items()))
    assert answer.status_code == 200, answer.text
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"])
    got = s3.get_object(Bucket=signed_bucket, Key="trailer", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == crc
    assert got["Body"].read() == data


def test_deleted_key_is_invalid_access_key_id(aws_client, unique_name, cleanup) -> None:
    iam = aws_client("iam")
    user = unique_name("gone")
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="s3", PolicyDocument=ALLOW_S3)
    cleanup.append(lambda: iam.delete_user(UserName=user))
    cleanup.append(lambda: iam.delete_user_policy(UserName=user, PolicyName="s3"))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    s3 = _client(aws_client, key["AccessKeyId"], key["SecretAccessKey"])
    s3.list_buckets()
    iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
    for client in (s3, _client(aws_client, key["AccessKeyId"], "any-other-secret")):
        with pytest.raises(ClientError) as error:
            client.list_buckets()
        assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
        assert error.value.response["Error"]["Code"] == "InvalidAccessKeyId"
        assert (
            error.value.response["Error"]["Message"]
            == "The AWS Access Key Id you provided does not exist in our records."
        )
        assert error.value.response["Error"]["AWSAccessKeyId"] == key["AccessKeyId"]


SKEW_MESSAGE = "The difference between the request time and the current time is too large."


@pytest.mark.parametrize("minutes", [-20, 16])
def test_sigv4_request_more_than_15_minutes_off_is_too_skewed(server, minutes) -> None:
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    headers = {
        "x-amz-date": stamp,
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        "Authorization": f"AWS4-HMAC-SHA256 Credential=test/{stamp[:8]}/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64,
    }
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    answer = requests.get(f"{server.edge_url}/", headers=headers)
    assert answer.status_code == 403
    error = _error(answer.content)
    assert error["Code"] == "RequestTimeTooSkewed"
    assert error["Message"] == SKEW_MESSAGE
    assert error["RequestTime"] == stamp
    assert error["MaxAllowedSkewMilliseconds"] == "900000"
    server_time = datetime.datetime.strptime(error["ServerTime"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(server_time.replace(tzinfo=datetime.timezone.utc) - before) < datetime.timedelta(seconds=30)
    element_order = [child.tag for child in ElementTree.fromstring(answer.content)]
    assert element_order[:5] == ["Code", "Message", "RequestTime", "ServerTime", "MaxAllowedSkewMilliseconds"]


def test_request_within_15_minutes_is_served(server) -> None:
    moment = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=14)
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    headers = {
        "x-amz-date": stamp,
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
        "Authorization": f"AWS4-HMAC-SHA256 Credential=test/{stamp[:8]}/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64,
    }
    assert requests.get(f"{server.edge_url}/", headers=headers).status_code == 200


def test_sigv2_request_with_an_old_date_is_too_skewed(server) -> None:
    from email.utils import formatdate

    sent = formatdate(datetime.datetime.now(datetime.timezone.utc).timestamp() - 3600, usegmt=True)
    answer = requests.get(
        f"{server.edge_url}/", headers={"Date": sent, "Authorization": "AWS test:c2lnbmF0dXJl"}
    )
    assert answer.status_code == 403
    error = _error(answer.content)
    assert error["Code"] == "RequestTimeTooSkewed"
    assert error["RequestTime"] == sent
    assert error["MaxAllowedSkewMilliseconds"] == "900000"


def _signing_key(key: dict, scope: str) -> bytes:
    signing_key = ("AWS4" + key["SecretAccessKey"]).encode()
    for part in scope.split("/"):
        signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
    return signing_key


def _trailer_signature(key: dict, date: str, scope: str, previous: str, trailers: str) -> str:
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256-TRAILER", date, scope, previous, hashlib.sha256(trailers.encode()).hexdigest()]
    )
    return hmac.new(_signing_key(key, scope), string_to_sign.encode(), hashlib.sha256).hexdigest()


def _put_with_signed_trailer(
    server, iam_key, bucket: str, data: bytes, tamper: str = ""
) -> requests.Response:
    import base64
    import zlib

    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    scope = f"{date[:8]}/us-east-1/s3/aws4_request"
    checksum = base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()
    headers = {
        "x-amz-date": date,
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
        "Content-Encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
        "x-amz-trailer": "x-amz-checksum-crc32",
    }
    chunk = 64 * 1024
    framed = _streaming_body(data, "0" * 64, iam_key, date, scope, chunk)
    trailer_line = f"x-amz-checksum-crc32:{checksum}\r\nx-amz-trailer-signature:{'0' * 64}\r\n\r\n"
    headers["Content-Length"] = str(len(framed) - 2 + len(trailer_line))
    request = _signed_request(server, iam_key, "PUT", f"/{bucket}/trailed", headers)
    seed = request.headers["Authorization"].rpartition("Signature=")[2]
    framed = _streaming_body(data, seed, iam_key, date, scope, chunk)
    # the final chunk's line is "0;chunk-signature=<sig>\r\n\r\n": the trailers replace its empty line
    final_signature = framed.rsplit(b"chunk-signature=", 1)[1].split(b"\r\n", 1)[0].decode()
    signature = _trailer_signature(
        iam_key, date, scope, final_signature, f"x-amz-checksum-crc32:{checksum}\n"
    )
    if tamper == "signature":
        signature = "1" * 64
    if tamper == "checksum":
        checksum = base64.b64encode(zlib.crc32(data + b"!").to_bytes(4, "big")).decode()
    body = (
        framed[:-2]
        + f"x-amz-checksum-crc32:{checksum}\r\nx-amz-trailer-signature:{signature}\r\n\r\n".encode()
    )
    return requests.put(request.url, data=body, headers=dict(request.headers.items()))


def test_signed_trailer_is_checked(server, aws_client, iam_key, signed_bucket) -> None:
    import base64
    import zlib

    data = bytes(range(256)) * 600
    answer = _put_with_signed_trailer(server, iam_key, signed_bucket, data)
    assert answer.status_code == 200, answer.text
    assert (
        answer.headers["x-amz-checksum-crc32"]
        == base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()
    )
    s3 = _client(aws_client, iam_key["AccessKeyId"], iam_key["SecretAccessKey"])
    assert s3.get_object(Bucket=signed_bucket, Key="trailed")["Body"].read() == data
    for tamper in ("signature", "checksum"):
        answer = _put_with_signed_trailer(server, iam_key, signed_bucket, b"other" * 10, tamper)
        assert answer.status_code == 403, (tamper, answer.text)
        error = _error(answer.content)
        assert error["Code"] == "SignatureDoesNotMatch"
        assert error["Message"] == MESSAGE
        assert error["StringToSign"].startswith("AWS4-HMAC-SHA256-TRAILER\n")
    assert s3.get_object(Bucket=signed_bucket, Key="trailed")["Body"].read() == data
