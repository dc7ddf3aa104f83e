"""S3 through the edge and the legacy port: objects, multipart, presigned URLs, virtual hosts, form POST."""

from __future__ import annotations

import io
import socket
import xml.etree.ElementTree as ET

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from localstack import constants
from tests.integration.s3_support import remove_bucket

CREDENTIALS = {
    "aws_access_key_id": constants.TEST_ACCESS_KEY_ID,
    "aws_secret_access_key": constants.TEST_SECRET_ACCESS_KEY,
}

VIRTUAL_HOST_SUFFIX = "s3.localhost.localstack.cloud"


@pytest.fixture(params=[False, True], ids=["edge", "legacy"])
def s3(request, aws_client):
    return aws_client("s3", legacy=request.param)


@pytest.fixture
def bucket(s3, unique_name):
    name = unique_name("bucket")
    s3.create_bucket(Bucket=name)
    yield name
    remove_bucket(s3, name)


def _port_of(client) -> int:
    return int(client.meta.endpoint_url.rsplit(":", 1)[1])


def _allow_public_acls(s3, bucket: str, acl: str = "private") -> None:
    """New buckets refuse ACLs (BucketOwnerEnforced, Block Public Access), as on AWS: opt back in."""
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_bucket_acl(Bucket=bucket, ACL=acl)


def _error_code(response: requests.Response) -> str:
    return ET.fromstring(response.content).findtext("Code") or ""


def test_bucket_is_listed(s3, bucket):
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert bucket in names


@pytest.mark.parametrize("key", ["plain.txt", "dir/with space.txt", "ünïcødé/ファイル.txt", "a+b=c&d.txt"])
def test_put_get_list_delete_object(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key=key, Body=b"content")
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"content"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [key]
    s3.delete_object(Bucket=bucket, Key=key)
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_metadata_with_underscores(s3, bucket):
    s3.put_object(Bucket=bucket, Key="meta", Body=b"x", Metadata={"my_key": "v1", "other-key": "v2"})
    metadata = s3.head_object(Bucket=bucket, Key="meta")["Metadata"]
    assert metadata == {"my_key": "v1", "other-key": "v2"}


def test_metadata_with_underscores_plain_http(server, aws_client, bucket):
    s3 = aws_client("s3")
    url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "raw"})
    # Unsigned header: the presigned URL does not cover it, and S3 stores x-amz-meta-* anyway.
    response = requests.put(url, data=b"raw", headers={"x-amz-meta-my_key": "underscored"})
    assert response.status_code == 200, response.text
    assert s3.head_object(Bucket=bucket, Key="raw")["Metadata"] == {"my_key": "underscored"}


def test_multipart_upload(s3, bucket):
    key = "big/object.bin"
    part1 = b"a" * (5 * 1024 * 1024)
    part2 = b"tail"
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    etag1 = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=1, Body=part1)["ETag"]
    etag2 = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=2, Body=part2)["ETag"]
    s3.complete_multipart_upload(
        Bucket=bucket,
        Key=key,
        UploadId=upload_id,
        MultipartUpload={"Parts": [{"ETag": etag1, "PartNumber": 1}, {"ETag": etag2, "PartNumber": 2}]},
    )
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ContentLength"] == len(part1) + len(part2)
    assert head["ETag"].endswith('-2"')
    assert s3.get_object(Bucket=bucket, Key=key, Range="bytes=-4")["Body"].read() == b"tail"


@pytest.mark.parametrize("signature", [None, "s3v4"], ids=["default-signer", "sigv4"])
@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_presigned_put_and_get(aws_client, unique_name, signature, legacy):
    config = {"signature_version": signature} if signature else {}
    s3 = aws_client("s3", legacy=legacy, config=config)
    name = unique_name("presign")
    s3.create_bucket(Bucket=name)
    try:
        key = "folder/pre signed.txt"
        put_url = s3.generate_presigned_url("put_object", Params={"Bucket": name, "Key": key})
        response = requests.put(put_url, data=b"via presigned put")
        assert response.status_code == 200, response.text
        get_url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": key})
        response = requests.get(get_url)
        assert response.status_code == 200, response.text
        assert response.content == b"via presigned put"
    finally:
        s3.delete_object(Bucket=name, Key="folder/pre signed.txt")
        s3.delete_bucket(Bucket=name)


def test_unsigned_get_of_public_object(s3, bucket):
    _allow_public_acls(s3, bucket)
    s3.put_object(Bucket=bucket, Key="public.txt", Body=b"for all", ACL="public-read")
    endpoint = s3.meta.endpoint_url
    response = requests.get(f"{endpoint}/{bucket}/public.txt")
    assert response.status_code == 200, response.text
    assert response.content == b"for all"


def test_virtual_host_plain_http(s3, bucket):
    port = _port_of(s3)
    host = f"{bucket}.{VIRTUAL_HOST_SUFFIX}:{port}"
    endpoint = f"http://127.0.0.1:{port}"
    # Unsigned requests: the bucket is open to writes and the object public, so that both may succeed.
    _allow_public_acls(s3, bucket, "public-read-write")
    headers = {"Host": host, "x-amz-acl": "public-read"}
    headers["x-amz-meta-my_key"] = "underscored"
    response = requests.put(f"{endpoint}/vhost/key.txt", data=b"virtual", headers=headers)
    assert response.status_code == 200, response.text
    stored = s3.get_object(Bucket=bucket, Key="vhost/key.txt")
    assert stored["Body"].read() == b"virtual"
    assert stored["Metadata"] == {"my_key": "underscored"}
    response = requests.get(f"{endpoint}/vhost/key.txt", headers={"Host": host})
    assert response.status_code == 200, response.text
    assert response.content == b"virtual"
    listing = requests.get(f"{endpoint}/", headers={"Host": host})
    assert listing.status_code == 200, listing.text
    assert "<Key>vhost/key.txt</Key>" in listing.text


def test_unsigned_get_of_private_object_is_denied(s3, bucket):
    s3.put_object(Bucket=bucket, Key="private.txt", Body=b"secret")
    response = requests.get(f"{s3.meta.endpoint_url}/{bucket}/private.txt")
    assert response.status_code == 403
    assert _error_code(response) == "AccessDenied"


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_virtual_host_boto3(server, unique_name, monkeypatch, legacy):
    """boto3 in virtual style: it sends `Host: <bucket>.s3.localhost.localstack.cloud:<port>`."""
    port = server.ports["s3"] if legacy else server.edge_port
    real_getaddrinfo = socket.getaddrinfo

    # *.localhost.localstack.cloud resolves to 127.0.0.1 in public DNS; offline we map it ourselves.
    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith("localhost.localstack.cloud"):
            host = "127.0.0.1"
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    client = boto3.client(
        "s3",
        endpoint_url=f"http://{VIRTUAL_HOST_SUFFIX}:{port}",
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "virtual"}, retries={"max_attempts": 1}),
        **CREDENTIALS,
    )
    name = unique_name("vhost")
    client.create_bucket(Bucket=name)
    try:
        client.put_object(Bucket=name, Key="dir/k 1.txt", Body=b"boto3 virtual")
        assert client.get_object(Bucket=name, Key="dir/k 1.txt")["Body"].read() == b"boto3 virtual"
        keys = [o["Key"] for o in client.list_objects_v2(Bucket=name)["Contents"]]
        assert keys == ["dir/k 1.txt"]
        assert name in [b["Name"] for b in client.list_buckets()["Buckets"]]
        # A browser form POST to the bucket's own host.
        post = client.generate_presigned_post(name, "form.txt")
        assert post["url"].startswith(f"http://{name}.{VIRTUAL_HOST_SUFFIX}:{port}")
        posted = requests.post(post["url"], data=post["fields"], files={"file": ("f", b"form", "text/plain")})
        assert posted.status_code in (200, 201, 204), posted.text
        assert client.get_object(Bucket=name, Key="form.txt")["Body"].read() == b"form"
        # The same object through a path-style client on the plain address: one store, two styles.
        path_style = boto3.client(
            "s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", **CREDENTIALS
        )
        assert path_style.get_object(Bucket=name, Key="dir/k 1.txt")["Body"].read() == b"boto3 virtual"
    finally:
        for key in ("dir/k 1.txt", "form.txt"):
            client.delete_object(Bucket=name, Key=key)
        client.delete_bucket(Bucket=name)


def test_browser_form_post(s3, bucket):
    post = s3.generate_presigned_post(bucket, "uploads/${filename}")
    response = requests.post(
        post["url"],
        data=post["fields"],
        files={"file": ("form file.txt", b"posted content", "text/plain")},
    )
    assert response.status_code in (200, 201, 204), response.text
    assert s3.get_object(Bucket=bucket, Key="uploads/form file.txt")["Body"].read() == b"posted content"


def test_no_such_bucket(s3, unique_name):
    name = unique_name("missing")
    with pytest.raises(ClientError) as error:
        s3.get_object(Bucket=name, Key="k")
    assert error.value.response["Error"]["Code"] == "NoSuchBucket"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    response = requests.get(f"{s3.meta.endpoint_url}/{name}/k")
    assert response.status_code == 404
    assert _error_code(response) == "NoSuchBucket"


def test_no_such_key(s3, bucket):
    with pytest.raises(ClientError) as error:
        s3.get_object(Bucket=bucket, Key="nothing-here")
    assert error.value.response["Error"]["Code"] == "NoSuchKey"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "nothing-here"})
    response = requests.get(url)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith(("application/xml", "text/xml"))
    assert _error_code(response) == "NoSuchKey"


def test_upload_and_download_fileobj(s3, bucket):
    """boto3's managed transfer: streamed bodies with checksums, multipart above the threshold."""
    from boto3.s3.transfer import TransferConfig

    small, large = io.BytesIO(b"small body"), io.BytesIO(b"x" * (6 * 1024 * 1024 + 3))
    config = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024)
    s3.upload_fileobj(small, bucket, "transfer/small.txt", Config=config)
    s3.upload_fileobj(large, bucket, "transfer/large.bin", Config=config)
    out = io.BytesIO()
    s3.download_fileobj(bucket, "transfer/small.txt", out)
    assert out.getvalue() == b"small body"
    head = s3.head_object(Bucket=bucket, Key="transfer/large.bin")
    assert head["ContentLength"] == 6 * 1024 * 1024 + 3


def test_copy_and_delete_objects(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src dir/ä.txt", Body=b"copied")
    s3.copy_object(Bucket=bucket, Key="dst/ä copy.txt", CopySource={"Bucket": bucket, "Key": "src dir/ä.txt"})
    assert s3.get_object(Bucket=bucket, Key="dst/ä copy.txt")["Body"].read() == b"copied"
    listed = s3.list_objects(Bucket=bucket, Prefix="dst/", Delimiter="/")
    assert [o["Key"] for o in listed["Contents"]] == ["dst/ä copy.txt"]
    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert sorted(p["Prefix"] for p in top["CommonPrefixes"]) == ["dst/", "src dir/"]
    deleted = s3.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": "src dir/ä.txt"}, {"Key": "dst/ä copy.txt"}]}
    )
    assert sorted(d["Key"] for d in deleted["Deleted"]) == ["dst/ä copy.txt", "src dir/ä.txt"]
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_bucket_in_other_region(aws_client, unique_name):
    s3 = aws_client("s3", region="eu-west-1")
    name = unique_name("eu")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    try:
        assert s3.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
    finally:
        s3.delete_bucket(Bucket=name)


@pytest.mark.parametrize("host_name", ["localhost.localstack.cloud", VIRTUAL_HOST_SUFFIX, "127.0.0.1"])
def test_path_style_on_named_hosts(s3, bucket, host_name):
    """Path style through a dotted host name: its first label is not a bucket."""
    port = _port_of(s3)
    _allow_public_acls(s3, bucket)
    s3.put_object(Bucket=bucket, Key="named/host.txt", Body=b"path style", ACL="public-read")
    response = requests.get(
        f"http://127.0.0.1:{port}/{bucket}/named/host.txt", headers={"Host": f"{host_name}:{port}"}
    )
    assert response.status_code == 200, response.text
    assert response.content == b"path style"
