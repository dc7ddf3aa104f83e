"""Hostile requests get AWS's 4xx, never a 500, leave nothing behind and log no traceback: malformed
SigV4 headers, garbled or expired presigned URLs, JSON and XML nested 100,000 deep, lone UTF-16
surrogates, and regions that are mistyped (refused, naming them) or merely unknown (served)."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

DATE = time.strftime("%Y%m%d", time.gmtime())
SQS_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def code_of(response: requests.Response) -> str:
    body = response.content
    assert b"Traceback" not in body
    if body.lstrip().startswith(b"{"):
        return response.json()["__type"].rpartition("#")[2]
    return ET.fromstring(body).findtext(".//{*}Code") or ""


def auth_header(region: str = "us-east-1", key: str = "test", service: str = "sqs") -> str:
    return (
        f"AWS4-HMAC-SHA256 Credential={key}/{DATE}/{region}/{service}/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64
    )


AUTH_CASES = [
    # (case id, Authorization, sqs status, sqs code, s3 status, s3 code)
    ("garbage", "AWS4-HMAC-SHA256 garbage", 400, "IncompleteSignature", 400, "AuthorizationHeaderMalformed"),
    (
        "empty-credential",
        "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=abcd",
        400,
        "IncompleteSignature",
        400,
        "AuthorizationHeaderMalformed",
    ),
    ("empty-access-key", auth_header(key=""), 403, "InvalidClientTokenId", 403, "InvalidAccessKeyId"),
    (
        "non-ascii",
        "AWS4-HMAC-SHA256 Credential=t\u00e9st/20240101/us-east-1/sqs/aws4_request, "
        "SignedHeaders=host, Signature=ab",
        400,
        "IncompleteSignature",
        400,
        "AuthorizationHeaderMalformed",
    ),
    ("bogus-region", auth_header(region="us-east1"), 403, "SignatureDoesNotMatch",
     400, "AuthorizationHeaderMalformed"),
    ("bad-terminator", auth_header().replace("aws4_request", "aws5"), 400, "IncompleteSignature",
     400, "AuthorizationHeaderMalformed"),
]  # fmt: skip


def raw_headers(auth: str) -> dict:
    # Stamped when sent: S3 refuses a signed request more than 15 minutes old (RequestTimeTooSkewed).
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return {"Authorization": auth.encode("utf-8").decode("latin-1"), "X-Amz-Date": stamp}


@pytest.mark.parametrize("auth,status,code", [pytest.param(c[1], c[2], c[3], id=c[0]) for c in AUTH_CASES])
def test_malformed_sigv4_to_sqs(server, auth, status, code):
    url = server.legacy_url("sqs") + "/"
    response = requests.post(
        url, data="Action=ListQueues", headers={**SQS_FORM, **raw_headers(auth)}, timeout=10
    )
    assert (response.status_code, code_of(response)) == (status, code), response.text


@pytest.mark.parametrize("auth,status,code", [pytest.param(c[1], c[4], c[5], id=c[0]) for c in AUTH_CASES])
def test_malformed_sigv4_to_s3(server, auth, status, code):
    response = requests.get(server.legacy_url("s3") + "/some-bucket", headers=raw_headers(auth), timeout=10)
    assert (response.status_code, code_of(response)) == (status, code), response.text


def test_malformed_sigv4_to_dynamodb_is_coral_shaped(server):
    headers = {
        **raw_headers("AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request"),
        "X-Amz-Target": "DynamoDB_20120810.ListTables",
        "Content-Type": "application/x-amz-json-1.0",
    }
    response = requests.post(server.legacy_url("dynamodb") + "/", data=b"{}", headers=headers, timeout=10)
    assert response.status_code == 400
    body = response.json()
    assert body["__type"] == "com.amazon.coral.service#IncompleteSignatureException"
    assert body["message"].startswith("Authorization header requires 'Signature' parameter.")


def test_mistyped_region_is_refused_naming_it(server):
    headers = {
        **raw_headers(auth_header(region="us-east1", service="dynamodb")),
        "X-Amz-Target": "DynamoDB_20120810.ListTables",
        "Content-Type": "application/x-amz-json-1.0",
    }
    response = requests.post(server.edge_url + "/", data=b"{}", headers=headers, timeout=10)
    assert response.status_code == 400
    assert response.json() == {
        "__type": "com.amazon.coral.service#InvalidSignatureException",
        "message": "Credential should be scoped to a valid region, not 'us-east1'. ",
    }


@pytest.mark.parametrize(
    "service,call",
    [
        ("sqs", lambda c, n: c.create_queue(QueueName=n)["QueueUrl"]),
        ("sns", lambda c, n: c.create_topic(Name=n)["TopicArn"]),
        ("dynamodb", lambda c, n: c.list_tables()["TableNames"]),
        ("lambda", lambda c, n: c.list_functions()["Functions"]),
        ("kinesis", lambda c, n: c.list_streams()["StreamNames"]),
        ("ssm", lambda c, n: c.put_parameter(Name=n, Value="v", Type="String")["Version"]),
        ("events", lambda c, n: c.put_rule(Name=n, ScheduleExpression="rate(1 hour)")["RuleArn"]),
    ],
)
def test_unknown_but_well_formed_region_is_served(aws_client, unique_name, service, call):
    client = aws_client(service, region="eu-fake-1")
    assert call(client, unique_name("fake-region")) is not None


def test_presigned_url_past_its_expiry_is_access_denied(aws_client, server, unique_name, cleanup):
    s3 = aws_client("s3", legacy=True, config={"signature_version": "s3v4"})
    bucket = unique_name("presigned")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"secret")
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="k"))
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=60)
    assert requests.get(url, timeout=10).content == b"secret"
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["X-Amz-Date"] = "20200101T000000Z"
    expired = requests.get(f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}", timeout=10)
    assert (expired.status_code, code_of(expired)) == (403, "AccessDenied")
    assert ET.fromstring(expired.content).findtext(".//Message") == "Request has expired"
    for name, value in (("X-Amz-Credential", "garbage"), ("X-Amz-Algorithm", "nope"), ("X-Amz-Expires", "x")):
        garbled = requests.get(
            f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode({**query, name: value})}", timeout=10
        )
        assert (garbled.status_code, code_of(garbled)) == (400, "AuthorizationQueryParametersError"), name
    legacy = aws_client("s3", legacy=True, config={"signature_version": "s3"})
    url_v2 = legacy.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=60)
    assert requests.get(url_v2, timeout=10).content == b"secret"
    parts = urlsplit(url_v2)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    expired = requests.get(
        f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode({**query, 'Expires': '1'})}"
    )
    assert (expired.status_code, code_of(expired)) == (403, "AccessDenied")


def signed(base_url: str, path: str, service: str, body: bytes, headers: dict, method: str = "POST"):
    request = AWSRequest(method=method, url=base_url + path, data=body, headers=headers)
    SigV4Auth(Credentials("test", "test"), service, "us-east-1").add_auth(request)
    return requests.request(method, base_url + path, data=body, headers=dict(request.headers), timeout=60)


DEEP_JSON = b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
DEEP_OBJECT = b'{"QueueName": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"}"


@pytest.mark.parametrize(
    "service,target,content_type,body",
    [
        ("dynamodb", "DynamoDB_20120810.CreateTable", "application/x-amz-json-1.0", DEEP_JSON),
        ("sqs", "AmazonSQS.CreateQueue", "application/x-amz-json-1.0", DEEP_OBJECT),
        ("sns", "AmazonSimpleNotificationService.CreateTopic", "application/x-amz-json-1.0", DEEP_JSON),
        (
            "dynamodb",
            "DynamoDB_20120810.CreateTable",
            "application/x-amz-json-1.0",
            b'{"TableName": "\\ud800"}',
        ),
        ("sqs", "AmazonSQS.CreateQueue", "application/x-amz-json-1.0", b'{"QueueName": "q\\udfff"}'),
        (
            "kinesis",
            "Kinesis_20131202.CreateStream",
            "application/x-amz-json-1.1",
            b'{"StreamName": "\\ud800"}',
        ),
    ],
    ids=["dynamodb-deep", "sqs-deep", "sns-deep", "dynamodb-surrogate", "sqs-surrogate", "kinesis-surrogate"],
)
def test_hostile_json_is_a_serialization_exception(server, caplog, service, target, content_type, body):
    headers = {"X-Amz-Target": target, "Content-Type": content_type}
    response = signed(server.edge_url, "/", service, body, headers)
    assert response.status_code == 400, response.text
    assert code_of(response) == "SerializationException"


def test_deep_json_to_lambda_is_refused_and_creates_nothing(server, aws_client):
    body = b'{"FunctionName": "deep", "Code": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = signed(
        server.edge_url, "/2015-03-31/functions", "lambda", body, {"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["x-amzn-ErrorType"] == "SerializationException"
    assert "deep" not in [f["FunctionName"] for f in aws_client("lambda").list_functions()["Functions"]]


def deep_xml(root: str) -> bytes:
    return f"<{root}>".encode() + b"<a>" * 100_000 + b"</a>" * 100_000 + f"</{root}>".encode()


@pytest.mark.parametrize("subresource,root", [("tagging", "Tagging"), ("delete", "Delete")])
def test_deep_xml_to_s3_is_malformed_xml(server, aws_client, unique_name, cleanup, subresource, root):
    s3 = aws_client("s3")
    bucket = unique_name("deep-xml")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    response = signed(
        server.edge_url,
        f"/{bucket}?{subresource}",
        "s3",
        deep_xml(root),
        {},
        method="PUT" if subresource == "tagging" else "POST",
    )
    assert (response.status_code, code_of(response)) == (400, "MalformedXML")
    with pytest.raises(Exception, match="NoSuchTagSet"):
        s3.get_bucket_tagging(Bucket=bucket)


def test_hostile_requests_leave_the_server_serving_and_log_no_traceback(aws_client, server):
    assert json.dumps(aws_client("sqs").list_queues())
    # The session's server log holds every request of these tests: refusals are not faults.
    for line in server.log().splitlines():
        assert not ("Traceback" in line and ("SerializationException" in line or "RecursionError" in line))
    assert "RecursionError" not in server.log()
