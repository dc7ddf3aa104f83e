"""The JSON-protocol services other than DynamoDB refuse malformed requests in their own shape: the
bare or namespaced `__type`, the one message key, AWS's sentence, and for SQS the query code in
x-amzn-query-error. Rows are raw bodies; boto3 (which validates client-side) is used where it can
send the request at all."""

from __future__ import annotations

import json

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

JSON_11 = "application/x-amz-json-1.1"
JSON_10 = "application/x-amz-json-1.0"
SIGNING = {"stepfunctions": "states", "events": "events"}


def post(base_url: str, service: str, target: str, body: dict | bytes, content_type: str = JSON_11):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"X-Amz-Target": target, "Content-Type": content_type}
    request = AWSRequest(method="POST", url=base_url + "/", data=data, headers=headers)
    SigV4Auth(Credentials("test", "test"), SIGNING.get(service, service), "us-east-1").add_auth(request)
    return requests.post(base_url + "/", data=data, headers=dict(request.headers), timeout=30)


ROWS = [
    # (case id, service, target, content type, body, expected body)
    ("kinesis-pattern-and-range", "kinesis", "Kinesis_20131202.CreateStream", JSON_11,
     {"StreamName": "bad name", "ShardCount": 0},
     {"__type": "ValidationException", "message":
      "2 validation errors detected: Value 'bad name' at 'streamName' failed to satisfy constraint: "
      "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '0' at 'shardCount' "
      "failed to satisfy constraint: Member must have value greater than or equal to 1"}),
    ("kinesis-wrong-type", "kinesis", "Kinesis_20131202.CreateStream", JSON_11,
     {"StreamName": "s", "ShardCount": "one"},
     {"__type": "SerializationException", "Message": "STRING_VALUE cannot be converted to Integer"}),
    ("kms-enum", "kms", "TrentService.CreateKey", JSON_11, {"KeyUsage": "SHRED"},
     {"__type": "ValidationException", "message":
      "1 validation error detected: Value 'SHRED' at 'keyUsage' failed to satisfy constraint: Member must "
      "satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC, KEY_AGREEMENT, "
      "ENCAPSULATE_DECAPSULATE]"}),
    ("kms-missing-key", "kms", "TrentService.DescribeKey", JSON_11, {},
     {"__type": "ValidationException", "message":
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: "
      "Member must not be null"}),
    ("logs-pattern", "logs", "Logs_20140328.CreateLogGroup", JSON_11, {"logGroupName": "bad:name"},
     {"__type": "InvalidParameterException", "message":
      "1 validation error detected: Value 'bad:name' at 'logGroupName' failed to satisfy constraint: "
      "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+"}),
    ("events-length", "events", "AWSEvents.PutRule", JSON_11, {"Name": "r" * 65},
     {"__type": "ValidationException", "message":
      f"1 validation error detected: Value '{'r' * 65}' at 'name' failed to satisfy constraint: "
      "Member must have length less than or equal to 64"}),
    ("stepfunctions-missing", "stepfunctions", "AWSStepFunctions.DescribeExecution", JSON_10, {},
     {"__type": "com.amazon.coral.validate#ValidationException", "message":
      "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: "
      "Member must not be null"}),
    # SSM models its ValidationException with `Message`.
    ("ssm-length", "ssm", "AmazonSSM.GetParameter", JSON_11, {"Name": ""},
     {"__type": "ValidationException", "Message":
      "1 validation error detected: Value '' at 'name' failed to satisfy constraint: "
      "Member must have length greater than or equal to 1"}),
    ("secretsmanager-length", "secretsmanager", "secretsmanager.GetSecretValue", JSON_11,
     {"SecretId": "s" * 2049},
     {"__type": "ValidationException", "message":
      f"1 validation error detected: Value '{'s' * 2049}' at 'secretId' failed to satisfy constraint: "
      "Member must have length less than or equal to 2048"}),
    ("sqs-json-wrong-type", "sqs", "AmazonSQS.SendMessage", JSON_10, {"QueueUrl": "q", "MessageBody": 1},
     {"__type": "com.amazon.coral.service#SerializationException",
      "Message": "NUMBER_VALUE cannot be converted to String"}),
    ("events-unknown-operation", "events", "AWSEvents.Nope", JSON_11, {},
     {"__type": "UnknownOperationException"}),
]  # fmt: skip


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
@pytest.mark.parametrize(
    "service,target,content_type,body,expected", [pytest.param(*r[1:], id=r[0]) for r in ROWS]
)
def test_json_service_refuses_as_aws(server, legacy, service, target, content_type, body, expected):
    base = server.legacy_url(service) if legacy else server.edge_url
    response = post(base, service, target, body, content_type)
    assert response.status_code == 400, response.text
    assert response.json() == expected
    assert response.headers["Content-Type"].startswith(content_type)


def test_sqs_json_errors_carry_the_query_code(server):
    response = post(server.edge_url, "sqs", "AmazonSQS.SendMessage", {"MessageBody": "m"}, JSON_10)
    assert response.status_code == 400
    assert response.headers["x-amzn-query-error"] == "ValidationException;Sender"


def test_boto3_reads_the_codes(aws_client):
    logs = aws_client("logs", config={"parameter_validation": False})
    with pytest.raises(ClientError) as info:
        logs.create_log_group(logGroupName="bad:name")
    assert info.value.response["Error"]["Code"] == "InvalidParameterException"
    kinesis = aws_client("kinesis", config={"parameter_validation": False})
    with pytest.raises(ClientError) as info:
        kinesis.describe_stream(StreamName="x" * 129)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert "Member must have length less than or equal to 128" in info.value.response["Error"]["Message"]
