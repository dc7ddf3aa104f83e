"""Bad input through the edge and legacy ports: AWS-shaped 4xx errors, never a traceback, and a
server that keeps serving after a batch of hostile requests (raw sockets included)."""

from __future__ import annotations

import json
import logging
import socket
import time
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from werkzeug.test import Client

from localstack import constants
from localstack.services.backends import HttpBackend
from localstack.services.edge import GatewayApp
from localstack.services.generic_proxy import ProxyListener, ServiceProxy

JSON_10 = "application/x-amz-json-1.0"
JSON_11 = "application/x-amz-json-1.1"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module", autouse=True)
def legacy_ports_listening(server):
    """The edge answers health a moment before the last legacy port is bound; wait for all of them."""
    deadline = time.monotonic() + 15
    for port in set(server.ports.values()):
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"legacy port {port} never listened"
                time.sleep(0.05)


def signed(base_url: str, method: str, path: str, service: str, body: bytes = b"", headers=None):
    """Send a request SigV4-signed as boto3 would, but with whatever body we like."""
    request = AWSRequest(method=method, url=base_url + path, data=body, headers=dict(headers or {}))
    SigV4Auth(Credentials("test", "test"), service, "us-east-1").add_auth(request)
    return requests.request(method, base_url + path, data=body, headers=dict(request.headers), timeout=30)


def error_code(response: requests.Response, service: str = "") -> str:
    """The error code as botocore reads it, from a JSON or an XML body."""
    body = response.content
    assert b"Traceback" not in body and b"<html" not in body.lower()
    if "x-amzn-ErrorType" in response.headers and constants.PROTOCOLS.get(service) == "rest-json":
        return response.headers["x-amzn-ErrorType"].split(":")[0]
    if body.lstrip().startswith(b"{"):
        # As botocore reads `__type`: the part after a `#` namespace.
        return json.loads(body)["__type"].rpartition("#")[2]
    root = ET.fromstring(body)
    code = root.find(".//{*}Code")
    assert code is not None, body
    return code.text or ""


def target(op: str, content_type: str = JSON_10) -> dict:
    return {"X-Amz-Target": op, "Content-Type": content_type}


JSON = {"Content-Type": "application/json"}
WRONG_TYPES = b'{"TableName": "t", "KeySchema": "x", "AttributeDefinitions": 5}'


def case(
    case_id: str, service: str, method: str, path: str, body: bytes, headers: dict, status: int, code: str
):
    return pytest.param(service, method, path, body, headers, status, code, id=case_id)


FORM_HEADERS = {"Content-Type": FORM}
CASES = [
    case(
        "s3-create-bucket-broken-xml",
        "s3",
        "PUT",
        "/bad-xml-bkt",
        b"<CreateBucketConfiguration><Lo",
        {},
        400,
        "MalformedXML",
    ),
    case(
        "route53-broken-xml", "route53", "POST", "/2013-04-01/hostedzone", b"<Create", {}, 400, "MalformedXML"
    ),
    case(
        "dynamodb-broken-json",
        "dynamodb",
        "POST",
        "/",
        b"{not json",
        target("DynamoDB_20120810.ListTables"),
        400,
        "SerializationException",
    ),
    case(
        "sqs-json-broken-json",
        "sqs",
        "POST",
        "/",
        b"{not json",
        target("AmazonSQS.ListQueues"),
        400,
        "SerializationException",
    ),
    case(
        "dynamodb-non-utf8",
        "dynamodb",
        "POST",
        "/",
        b"\xff\xfe\xfa",
        target("DynamoDB_20120810.ListTables"),
        400,
        "SerializationException",
    ),
    case(
        "kms-json-array",
        "kms",
        "POST",
        "/",
        b"[1, 2]",
        target("TrentService.CreateKey", JSON_11),
        400,
        "SerializationException",
    ),
    case(
        "sqs-unknown-action",
        "sqs",
        "POST",
        "/",
        b"Action=Nope&Version=2012-11-05",
        FORM_HEADERS,
        400,
        "InvalidAction",
    ),
    case(
        "sns-unknown-action",
        "sns",
        "POST",
        "/",
        b"Action=Nope&Version=2010-03-31",
        FORM_HEADERS,
        400,
        "InvalidAction",
    ),
    case(
        "iam-unknown-action",
        "iam",
        "POST",
        "/",
        b"Action=Nope&Version=2010-05-08",
        FORM_HEADERS,
        400,
        "InvalidAction",
    ),
    case(
        "ec2-unknown-action",
        "ec2",
        "POST",
        "/",
        b"Action=Nope&Version=2016-11-15",
        FORM_HEADERS,
        400,
        "InvalidAction",
    ),
    case(
        "dynamodb-unknown-target",
        "dynamodb",
        "POST",
        "/",
        b"{}",
        target("DynamoDB_20120810.Nope"),
        400,
        "UnknownOperationException",
    ),
    case(
        "kinesis-unknown-target",
        "kinesis",
        "POST",
        "/",
        b"{}",
        target("Kinesis_20131202.Nope"),
        400,
        "UnknownOperationException",
    ),
    case(
        "dynamodb-missing-table",
        "dynamodb",
        "POST",
        "/",
        b"{}",
        target("DynamoDB_20120810.GetItem"),
        400,
        "ValidationException",
    ),
    case(
        "sqs-json-missing-name",
        "sqs",
        "POST",
        "/",
        b"{}",
        target("AmazonSQS.CreateQueue"),
        400,
        "ValidationException",
    ),
    case(
        "sqs-query-missing-name",
        "sqs",
        "POST",
        "/",
        b"Action=CreateQueue",
        FORM_HEADERS,
        400,
        "MissingParameter",
    ),
    case(
        "iam-missing-user-name",
        "iam",
        "POST",
        "/",
        b"Action=CreateUser",
        FORM_HEADERS,
        400,
        "ValidationError",
    ),
    case("sts-missing-role", "sts", "POST", "/", b"Action=AssumeRole", FORM_HEADERS, 400, "ValidationError"),
    case(
        "sqs-query-non-utf8",
        "sqs",
        "POST",
        "/",
        b"Action=ListQueues&X=\xff",
        FORM_HEADERS,
        400,
        "MalformedQueryString",
    ),
    case(
        "dynamodb-wrong-types",
        "dynamodb",
        "POST",
        "/",
        WRONG_TYPES,
        target("DynamoDB_20120810.CreateTable"),
        400,
        "SerializationException",
    ),
    case(
        "lambda-broken-json",
        "lambda",
        "POST",
        "/2015-03-31/functions",
        b"{bad",
        JSON,
        400,
        "SerializationException",
    ),
    case(
        "lambda-unknown-path", "lambda", "GET", "/2015-03-31/nope", b"", {}, 404, "UnknownOperationException"
    ),
    case("s3-patch-method", "s3", "PATCH", "/some-bucket", b"", {}, 405, "MethodNotAllowed"),
]


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
@pytest.mark.parametrize("service,method,path,body,headers,status,code", CASES)
def test_client_mistake_is_an_aws_shaped_4xx(
    server, legacy, service, method, path, body, headers, status, code
):
    base = server.legacy_url(service) if legacy else server.edge_url
    response = signed(base, method, path, service, body, headers)
    assert response.status_code == status, response.text
    assert error_code(response, service) == code
    if "X-Amz-Target" in headers or "json" in constants.PROTOCOLS[service]:
        assert response.headers["Content-Type"].startswith("application/"), response.headers
        assert "json" in response.headers["Content-Type"]
        document = json.loads(response.content)
        # AWS sends one message key (which one is the service's), none for an unknown operation.
        assert not ("message" in document and "Message" in document)
        assert code == "UnknownOperationException" or document.get("message") or document.get("Message")
    else:
        assert "xml" in response.headers["Content-Type"]
        assert ET.fromstring(response.content).find(".//{*}Message").text


def test_s3_put_bucket_tagging_with_broken_xml(aws_client, server, unique_name):
    s3 = aws_client("s3")
    bucket = unique_name("bad-tags")
    s3.create_bucket(Bucket=bucket)
    try:
        response = signed(server.edge_url, "PUT", f"/{bucket}?tagging", "s3", b"<Tagging><TagSet><Tag>")
        assert response.status_code == 400
        assert error_code(response) == "MalformedXML"
    finally:
        s3.delete_bucket(Bucket=bucket)


def test_unknown_route_is_a_json_404(server):
    response = requests.post(server.edge_url + "/no/such/thing", data=b"abc", timeout=10)
    assert response.status_code == 404
    assert error_code(response) == "UnknownService"
    assert "No service matches POST /no/such/thing" in response.json()["message"]


def test_garbage_method_is_a_4xx(server):
    response = requests.request("FROB", server.edge_url + "/some-bucket", timeout=10)
    assert 400 <= response.status_code < 500
    error_code(response)


def test_invalid_percent_escapes_in_path(server):
    response = requests.get(server.edge_url + "/some-bucket-x/%zz%%ff", timeout=10)
    assert 400 <= response.status_code < 500
    assert error_code(response) == "NoSuchBucket"


def test_boto3_sees_the_error_code(aws_client):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as info:
        aws_client("dynamodb").put_item(TableName="no-such-table-here", Item={"k": {"S": "v"}})
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


# --- raw sockets -----------------------------------------------------------------------------------


def raw_exchange(port: int, data: bytes, shut_write: bool = False, timeout: float = 10.0) -> bytes:
    """Send bytes, then read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        if shut_write:
            sock.shutdown(socket.SHUT_WR)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    return received


def status_of(raw: bytes) -> int:
    assert raw.startswith(b"HTTP/1."), raw[:200]
    return int(raw.split(b" ", 2)[1])


def test_body_too_large_is_a_413_and_the_connection_closes(server):
    request = (
        b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
        b"Content-Length: 99999999999999\r\n\r\nabc"
    )
    raw = raw_exchange(server.edge_port, request)  # returns only once the server closed the socket
    assert status_of(raw) == 413
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"connection: close" in head.lower()
    assert json.loads(body)["__type"].rpartition("#")[2] == "RequestEntityTooLarge"


def test_connection_closed_mid_body(server):
    request = (
        b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
        b'Content-Length: 1000\r\n\r\n{"a'
    )
    raw = raw_exchange(server.edge_port, request, shut_write=True)
    assert status_of(raw) == 400
    assert b"IncompleteBody" in raw


def test_http_10_request(server):
    raw = raw_exchange(server.edge_port, b"GET /_localstack/health HTTP/1.0\r\n\r\n")
    assert status_of(raw) == 200
    assert b'"services"' in raw


HOSTILE = [
    b"GET /some-bucket HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n",
    b"GET /some-bucket HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(150)) + b"\r\n",
    b"\x00\x01garbage\r\n\r\n",
    b"GET /some-bucket HTTP/1.1\r\nHost: x\r\nX-Trunc",
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nAction=List",
    b"PUT /some-bucket/k HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999\r\n\r\n",
    b"GET /%%%/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: -5\r\n\r\n",
    b"",
]


def test_server_keeps_serving_after_hostile_requests(server, aws_client, unique_name):
    for port in (server.edge_port, server.ports["sqs"]):
        for request in HOSTILE:
            raw = raw_exchange(port, request, shut_write=True)
            assert b"Traceback" not in raw
            if raw.startswith(b"HTTP/"):
                assert status_of(raw) < 500
            elif raw:  # no parsable request line: http.server answers the HTTP/0.9 way, body only
                assert b"400" in raw
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("after-hostile"))["QueueUrl"]
    try:
        sqs.send_message(QueueUrl=url, MessageBody="still here")
        assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "still here"
    finally:
        sqs.delete_queue(QueueUrl=url)
    assert aws_client("sqs", legacy=True).list_queues()["ResponseMetadata"]["HTTPStatusCode"] == 200


# --- failures inside a listener (werkzeug test client, no sockets) ---------------------------------


class ExplodingListener(ProxyListener):
    def forward_request(self, method, path, data, headers):
        raise RuntimeError("listener exploded")


@pytest.mark.parametrize(
    "service,headers,body,shape",
    [
        ("sqs", {"Content-Type": FORM}, b"Action=ListQueues", "xml"),
        ("dynamodb", {"X-Amz-Target": "DynamoDB_20120810.ListTables"}, b"{}", "json"),
    ],
)
def test_exception_in_a_listener_is_an_aws_500_with_the_traceback_only_in_the_log(
    caplog, service, headers, body, shape
):
    proxy = ServiceProxy(service, HttpBackend("http://127.0.0.1:9"), [ExplodingListener()])
    app = GatewayApp({service: proxy}, [service], default_service=service)
    scope = f"test/20240101/us-east-1/{service}/aws4_request"
    auth = f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host, Signature=x"
    with caplog.at_level(logging.ERROR):
        response = Client(app).post("/", data=body, headers={**headers, "Authorization": auth})
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "listener exploded" not in text
    if shape == "json":
        assert json.loads(text)["__type"].rpartition("#")[2] == "InternalError"
    else:
        assert ET.fromstring(text).find(".//{*}Code").text == "InternalError"
    assert "listener exploded" in caplog.text and "Traceback" in caplog.text
