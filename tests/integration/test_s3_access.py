"""S3 access control: anonymous and cross-account requests decided by bucket policies (with conditions),
ACL grants, Block Public Access and Object Ownership; presigned URL expiry; browser form POST policies."""

from __future__ import annotations

import base64
import datetime
import json
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

ALLOW_S3 = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("acc")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _error(response: requests.Response) -> ET.Element:
    return ET.fromstring(response.content)


def _public_policy(bucket: str, action: str = "s3:GetObject", resource: str = "/*", **condition) -> str:
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": action,
        "Resource": f"arn:aws:s3:::{bucket}{resource}",
    }
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def test_anonymous_get_of_private_object(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="private", Body=b"secret")
    response = requests.get(f"{server.edge_url}/{bucket}/private")
    assert response.status_code == 403
    assert _error(response).findtext("Code") == "AccessDenied"
    assert _error(response).findtext("Message") == "Access Denied"


def test_anonymous_list_and_put_are_denied(server, bucket):
    assert requests.get(f"{server.edge_url}/{bucket}").status_code == 403
    assert requests.put(f"{server.edge_url}/{bucket}/new", data=b"x").status_code == 403
    assert requests.head(f"{server.edge_url}/{bucket}").status_code == 403


def test_anonymous_list_buckets_is_denied(server):
    response = requests.get(f"{server.edge_url}/")
    assert response.status_code == 403
    assert _error(response).findtext("Code") == "AccessDenied"


def test_anonymous_request_to_missing_bucket_is_no_such_bucket(server, unique_name):
    response = requests.get(f"{server.edge_url}/{unique_name('missing')}/key")
    assert response.status_code == 404
    assert _error(response).findtext("Code") == "NoSuchBucket"


def test_block_public_policy_refuses_public_policy(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_policy(Bucket=bucket, Policy=_public_policy(bucket))
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"
    assert (
        "because public policies are blocked by the BlockPublicPolicy block public access setting"
        in (excinfo.value.response["Error"]["Message"])
    )


def test_public_policy_allows_anonymous_read(server, s3, bucket):
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_bucket_policy(Bucket=bucket, Policy=_public_policy(bucket))
    s3.put_object(Bucket=bucket, Key="open", Body=b"for all")
    response = requests.get(f"{server.edge_url}/{bucket}/open")
    assert response.status_code == 200
    assert response.content == b"for all"
    # The policy grants GetObject only: listing stays private.
    assert requests.get(f"{server.edge_url}/{bucket}").status_code == 403
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is True


def test_restrict_public_buckets_ignores_public_policy(server, s3, bucket):
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": False,
            "IgnorePublicAcls": False,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=_public_policy(bucket))
    s3.put_object(Bucket=bucket, Key="open", Body=b"x")
    assert requests.get(f"{server.edge_url}/{bucket}/open").status_code == 403


def test_policy_condition_on_source_ip(server, s3, bucket):
    s3.delete_public_access_block(Bucket=bucket)
    policy = _public_policy(bucket, IpAddress={"aws:SourceIp": "10.0.0.0/8"})
    s3.put_bucket_policy(Bucket=bucket, Policy=policy)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert requests.get(f"{server.edge_url}/{bucket}/k").status_code == 403
    policy = _public_policy(bucket, IpAddress={"aws:SourceIp": "127.0.0.0/8"})
    s3.put_bucket_policy(Bucket=bucket, Policy=policy)
    assert requests.get(f"{server.edge_url}/{bucket}/k").status_code == 200


def test_policy_condition_on_list_prefix(server, s3, bucket):
    s3.delete_public_access_block(Bucket=bucket)
    policy = _public_policy(bucket, "s3:ListBucket", "", StringLike={"s3:prefix": "public/*"})
    s3.put_bucket_policy(Bucket=bucket, Policy=policy)
    assert requests.get(f"{server.edge_url}/{bucket}?prefix=public/a").status_code == 200
    assert requests.get(f"{server.edge_url}/{bucket}?prefix=private/").status_code == 403


def test_explicit_deny_applies_to_the_owner(s3, bucket):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
                "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}},
            }
        ],
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="plain", Body=b"x")
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"
    s3.delete_bucket_policy(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="plain", Body=b"x")


def test_public_read_acl_with_object_writer(server, s3, bucket):
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="acl", Body=b"acl", ACL="public-read")
    s3.put_object(Bucket=bucket, Key="private", Body=b"no")
    assert requests.get(f"{server.edge_url}/{bucket}/acl").status_code == 200
    assert requests.get(f"{server.edge_url}/{bucket}/private").status_code == 403


def test_ignore_public_acls(server, s3, bucket):
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    s3.delete_public_access_block(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="acl", Body=b"acl", ACL="public-read")
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": False,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )
    assert requests.get(f"{server.edge_url}/{bucket}/acl").status_code == 403


def test_other_account_is_denied_without_a_grant(aws_client, s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    other = aws_client("s3", credentials={"aws_access_key_id": "111111111111"})
    with pytest.raises(ClientError) as excinfo:
        other.get_object(Bucket=bucket, Key="k")
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    assert other.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def test_expired_presigned_url_sigv4(aws_client, bucket):
    s3 = aws_client("s3", config={"signature_version": "s3v4"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=60)
    assert requests.get(url).status_code == 200
    expired = _with_query(url, **{"X-Amz-Date": "20200101T000000Z"})
    response = requests.get(expired)
    assert response.status_code == 403
    assert _error(response).findtext("Code") == "AccessDenied"
    assert _error(response).findtext("Message") == "Request has expired"
    assert _error(response).findtext("X-Amz-Expires") == "60"
    assert _error(response).findtext("Expires") == "2020-01-01T00:01:00Z"


def test_expired_presigned_url_sigv2(aws_client, bucket):
    s3 = aws_client("s3", config={"signature_version": "s3"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
    assert requests.get(url).status_code == 200
    response = requests.get(_with_query(url, Expires="1577836800"))
    assert response.status_code == 403
    assert _error(response).findtext("Message") == "Request has expired"
    assert _error(response).findtext("Expires") == "2020-01-01T00:00:00Z"
    assert _error(response).findtext("ServerTime").endswith("Z")


def test_presigned_expiry_over_a_week(aws_client, bucket):
    s3 = aws_client("s3", config={"signature_version": "s3v4"})
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
    response = requests.get(_with_query(url, **{"X-Amz-Expires": "604801"}))
    assert response.status_code == 400
    assert _error(response).findtext("Code") == "AuthorizationQueryParametersError"
    # As s3.amazonaws.com answers it (recorded in aws-cli#5464 and bryanjos/aws_auth#31).
    assert _error(response).findtext("Message") == (
        "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
        "less than 604800 seconds"
    )


def _post_policy(bucket: str, conditions: list, expires_in: int = 3600) -> str:
    expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=expires_in)
    document = {"expiration": expiration.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "conditions": conditions}
    return base64.b64encode(json.dumps(document).encode()).decode()


def _signed_form(bucket: str, conditions: list, expires_in: int = 3600) -> dict[str, str]:
    return {
        "AWSAccessKeyId": "test",
        "policy": _post_policy(bucket, conditions, expires_in),
        "signature": "any",
    }


def _post(server, bucket, fields, content=b"form body"):
    files = [(name, (None, value)) for name, value in fields.items()]
    files.append(("file", ("upload.txt", content, "text/plain")))
    return requests.post(f"{server.edge_url}/{bucket}", files=files)


def test_form_post_fields_in_any_order_and_case(server, s3, bucket):
    fields = {
        "Policy": _post_policy(bucket, [{"bucket": bucket}, ["starts-with", "$key", "uploads/"]]),
        "KEY": "uploads/${filename}",
        "awsaccesskeyid": "test",
        "Signature": "any",
    }
    response = _post(server, bucket, fields)
    assert response.status_code == 204, response.text
    assert s3.get_object(Bucket=bucket, Key="uploads/upload.txt")["Body"].read() == b"form body"


def test_form_post_success_action_status_201(server, s3, bucket):
    fields = {"key": "k201", "success_action_status": "201"}
    fields.update(
        _signed_form(bucket, [{"bucket": bucket}, {"key": "k201"}, {"success_action_status": "201"}])
    )
    response = _post(server, bucket, fields)
    assert response.status_code == 201
    document = ET.fromstring(response.content)
    assert document.tag == "PostResponse"
    assert document.findtext("Bucket") == bucket
    assert document.findtext("Key") == "k201"
    assert document.findtext("ETag") == response.headers["ETag"]


def test_form_post_success_action_redirect(server, bucket):
    redirect = "http://localhost/done"
    fields = {"key": "kr", "success_action_redirect": redirect}
    fields.update(
        _signed_form(bucket, [{"bucket": bucket}, {"key": "kr"}, {"success_action_redirect": redirect}])
    )
    files = [(name, (None, value)) for name, value in fields.items()] + [("file", ("f", b"x", "text/plain"))]
    response = requests.post(f"{server.edge_url}/{bucket}", files=files, allow_redirects=False)
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert location.netloc == "localhost" and location.path == "/done"
    assert parse_qs(location.query)["key"] == ["kr"]
    assert parse_qs(location.query)["bucket"] == [bucket]


def test_form_post_expired_policy(server, bucket):
    fields = {"key": "late"}
    fields.update(_signed_form(bucket, [{"bucket": bucket}, {"key": "late"}], expires_in=-60))
    response = _post(server, bucket, fields)
    assert response.status_code == 403
    assert _error(response).findtext("Message") == "Invalid according to Policy: Policy expired."


def test_form_post_failed_condition(server, bucket):
    fields = {"key": "other"}
    fields.update(_signed_form(bucket, [{"bucket": bucket}, ["eq", "$key", "expected"]]))
    response = _post(server, bucket, fields)
    assert response.status_code == 403
    assert _error(response).findtext("Message") == (
        'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "expected"]'
    )


def test_form_post_extra_field(server, bucket):
    fields = {"key": "k", "x-amz-meta-extra": "v"}
    fields.update(_signed_form(bucket, [{"bucket": bucket}, {"key": "k"}]))
    response = _post(server, bucket, fields)
    assert response.status_code == 403
    assert (
        _error(response).findtext("Message")
        == "Invalid according to Policy: Extra input fields: x-amz-meta-extra"
    )


def test_form_post_content_length_range(server, bucket):
    fields = {"key": "big"}
    fields.update(_signed_form(bucket, [{"bucket": bucket}, {"key": "big"}, ["content-length-range", 1, 4]]))
    response = _post(server, bucket, fields, content=b"too large")
    assert response.status_code == 400
    assert _error(response).findtext("Code") == "EntityTooLarge"
    fields.update(
        _signed_form(bucket, [{"bucket": bucket}, {"key": "big"}, ["content-length-range", 100, 200]])
    )
    response = _post(server, bucket, fields, content=b"small")
    assert _error(response).findtext("Code") == "EntityTooSmall"


def test_form_post_without_key(server, bucket):
    response = _post(server, bucket, _signed_form(bucket, [{"bucket": bucket}]))
    assert response.status_code == 400
    assert _error(response).findtext("Code") == "InvalidArgument"
    assert _error(response).findtext("ArgumentName") == "key"


def test_anonymous_form_post_to_private_bucket(server, bucket):
    response = _post(server, bucket, {"key": "anon"})
    assert response.status_code == 403
    assert _error(response).findtext("Code") == "AccessDenied"


def test_form_post_with_iam_key_checks_the_signature(server, aws_client, bucket, unique_name, cleanup):
    iam = aws_client("iam")
    user = unique_name("poster")
    iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    cleanup.append(lambda: iam.delete_user(UserName=user))
    cleanup.append(lambda: iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"]))
    fields = {"key": "signed", "AWSAccessKeyId": key["AccessKeyId"]}
    fields["policy"] = _post_policy(bucket, [{"bucket": bucket}, {"key": "signed"}])
    fields["signature"] = "wrong"
    response = _post(server, bucket, fields)
    assert response.status_code == 403
    assert _error(response).findtext("Code") == "SignatureDoesNotMatch"


@pytest.fixture
def iam_key(aws_client, unique_name, cleanup):
    iam = aws_client("iam")
    user = unique_name("presigner")
    iam.create_user(UserName=user)
    # An IAM user may do what its identity policies allow: this one anything in S3.
    iam.put_user_policy(UserName=user, PolicyName="s3", PolicyDocument=ALLOW_S3)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    cleanup.append(lambda: iam.delete_user(UserName=user))
    cleanup.append(lambda: iam.delete_user_policy(UserName=user, PolicyName="s3"))
    cleanup.append(lambda: iam.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"]))
    return key


@pytest.mark.parametrize("version", ["s3v4", "s3"])
def test_presigned_url_of_an_iam_key_is_verified(aws_client, iam_key, unique_name, cleanup, version):
    credentials = {
        "aws_access_key_id": iam_key["AccessKeyId"],
        "aws_secret_access_key": iam_key["SecretAccessKey"],
    }
    s3 = aws_client("s3", credentials=credentials, config={"signature_version": version})
    name = unique_name("signed")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    s3.put_object(Bucket=name, Key="dir/k ey", Body=b"signed")
    params = {"Bucket": name, "Key": "dir/k ey", "ResponseContentType": "text/plain"}
    url = s3.generate_presigned_url("get_object", Params=params)
    response = requests.get(url)
    assert response.status_code == 200, response.text
    assert response.content == b"signed"
    wrong = {**credentials, "aws_secret_access_key": "not-the-secret"}
    forged = aws_client("s3", credentials=wrong, config={"signature_version": version})
    response = requests.get(forged.generate_presigned_url("get_object", Params=params))
    assert response.status_code == 403
    assert _error(response).findtext("Code") == "SignatureDoesNotMatch"


_TEST_KEYS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


def test_skip_access_checks_setting(tmp_path, unique_name):
    """S3_SKIP_ACCESS_CHECKS=1: anonymous requests act as the bucket owner, as emulators used to allow."""
    from tests.server_process import start_server

    server = start_server(
        tmp_path, services=["s3", "iam"], extra_env={"S3_SKIP_ACCESS_CHECKS": "1", "DEBUG": "0"}
    )
    try:
        name = unique_name("open")
        assert requests.put(f"{server.edge_url}/{name}").status_code == 200
        assert requests.put(f"{server.edge_url}/{name}/k", data=b"anyone").status_code == 200
        assert requests.get(f"{server.edge_url}/{name}/k").content == b"anyone"
        # Signatures are not checked either, even for a key IAM issued.
        iam = boto3.client("iam", endpoint_url=server.edge_url, region_name="us-east-1", **_TEST_KEYS)
        iam.create_user(UserName="skipper")
        key = iam.create_access_key(UserName="skipper")["AccessKey"]
        s3 = boto3.client(
            "s3",
            endpoint_url=server.edge_url,
            region_name="us-east-1",
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key="not-the-secret",
        )
        assert s3.get_object(Bucket=name, Key="k")["Body"].read() == b"anyone"
    finally:
        server.stop()


def test_form_post_condition_names_ignore_case(server, s3, bucket):
    conditions = [{"bUcKeT": bucket}, ["StArTs-WiTh", "$KeY", "foo"], ["content-length-range", 0, 1024]]
    fields = {"kEy": "foo.txt", **_signed_form(bucket, conditions)}
    response = _post(server, bucket, fields)
    assert response.status_code == 204, response.text


def test_form_post_policy_must_name_the_bucket(server, bucket):
    fields = {"key": "k", **_signed_form(bucket, [{"key": "k"}])}
    response = _post(server, bucket, fields)
    assert response.status_code == 403
    assert "Policy Condition failed" in _error(response).findtext("Message")


def test_form_post_missing_signature(server, bucket):
    fields = {"key": "k", **_signed_form(bucket, [{"bucket": bucket}, {"key": "k"}])}
    del fields["signature"]
    response = _post(server, bucket, fields)
    assert response.status_code == 400
    assert _error(response).findtext("Code") == "InvalidArgument"


def test_policy_status_of_a_restricted_policy(s3, bucket):
    s3.put_bucket_policy(
        Bucket=bucket, Policy=_public_policy(bucket, IpAddress={"aws:SourceIp": "10.0.0.0/8"})
    )
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is False
