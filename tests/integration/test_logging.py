"""Logging: with DEBUG=1 one info line per request (service, operation, status, ms); with DEBUG=0
nothing but `Ready.` with the endpoint (and errors)."""

from __future__ import annotations

import re

import boto3
import pytest
import requests
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from localstack import constants
from localstack.utils.aws.request_checks import rest_operation_name
from tests.server_process import start_server

REQUEST_LINE = re.compile(
    r" INFO [\w.]+: (?P<service>[\w-]+) (?P<operation>\S+(?: \S+)?) (?P<status>\d{3}) [\d.]+ms$"
)


def request_lines(log: str, service: str, operation: str) -> list[re.Match]:
    matches = (REQUEST_LINE.search(line) for line in log.splitlines())
    return [m for m in matches if m and m["service"] == service and m["operation"] == operation]


def test_debug_logs_one_line_per_request(server, aws_client, unique_name):
    sqs = aws_client("sqs")
    before = len(request_lines(server.log(), "sqs", "CreateQueue"))
    url = sqs.create_queue(QueueName=unique_name("log"))["QueueUrl"]
    try:
        lines = request_lines(server.log(), "sqs", "CreateQueue")
        assert len(lines) == before + 1
        assert lines[-1]["status"] == "200"
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_debug_logs_the_status_of_failed_requests(server, aws_client):
    before = len(request_lines(server.log(), "dynamodb", "DescribeTable"))
    with pytest.raises(ClientError):
        aws_client("dynamodb").describe_table(TableName="no-such-table-for-logging")
    lines = request_lines(server.log(), "dynamodb", "DescribeTable")
    assert len(lines) == before + 1
    assert lines[-1]["status"] == "400"


def test_debug_logs_requests_on_legacy_ports(server, aws_client):
    before = len(request_lines(server.log(), "sns", "ListTopics"))
    aws_client("sns", legacy=True).list_topics()
    assert len(request_lines(server.log(), "sns", "ListTopics")) == before + 1


def test_quiet_without_debug(tmp_path):
    quiet = start_server(tmp_path, services=["sqs", "s3"], extra_env={"DEBUG": "0"})
    try:
        sqs = boto3.client(
            "sqs",
            endpoint_url=quiet.edge_url,
            region_name=constants.DEFAULT_REGION,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=BotoConfig(retries={"max_attempts": 1}),
        )
        url = sqs.create_queue(QueueName="quiet")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="shh")
        with pytest.raises(ClientError):
            sqs.get_queue_url(QueueName="no-such-queue")
        requests.post(quiet.edge_url + "/", data=b"Action=Nope", timeout=10)
        requests.get(quiet.edge_url + "/_localstack/health", timeout=10)
    finally:
        quiet.stop()
    assert quiet.process.returncode == 0
    assert quiet.log().strip() == f"Ready. Endpoint: {quiet.edge_url}"


@pytest.mark.parametrize(
    "service,method,path,headers,operation",
    [
        ("s3", "GET", "/bucket/key", {}, "GetObject"),
        ("s3", "GET", "/bucket?list-type=2", {}, "ListObjectsV2"),
        ("s3", "PUT", "/bucket?tagging", {}, "PutBucketTagging"),
        ("s3", "PUT", "/bucket", {}, "CreateBucket"),
        ("s3", "PUT", "/bucket/key?partNumber=1&uploadId=u", {}, "UploadPart"),
        ("s3", "PUT", "/bucket/key", {"X-Amz-Copy-Source": "other/key"}, "CopyObject"),
        ("s3", "GET", "/", {}, "ListBuckets"),
        ("lambda", "POST", "/2015-03-31/functions/f/invocations", {}, "Invoke"),
        ("route53", "POST", "/2013-04-01/hostedzone", {}, "CreateHostedZone"),
        ("s3", "PATCH", "/bucket", {}, None),
        ("sqs", "POST", "/", {}, None),  # not a rest protocol: the target or Action names it
    ],
)
def test_rest_operation_names_for_the_log(service, method, path, headers, operation):
    assert rest_operation_name(service, method, path, headers) == operation
