"""Query-protocol services refuse malformed requests in XML with AWS's code and Type: SQS names a
missing parameter (MissingParameter) and an unknown action (InvalidAction); SNS, IAM, STS,
CloudFormation and SES check top-level members against the model (ValidationError, coral's sentences)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NS = "{http://queue.amazonaws.com/doc/2012-11-05/}"


def post(base_url: str, service: str, body: str):
    request = AWSRequest(method="POST", url=base_url + "/", data=body.encode(), headers=FORM)
    SigV4Auth(Credentials("test", "test"), service, "us-east-1").add_auth(request)
    return requests.post(base_url + "/", data=body.encode(), headers=dict(request.headers), timeout=30)


def error_of(response: requests.Response) -> tuple[str, str, str]:
    # AWS's query errors name the service's namespace (checked in test_query_error_shapes.py).
    root = ET.fromstring(response.content)
    error = root.find("{*}Error")
    assert error is not None, response.text
    type_, code = error.findtext("{*}Type") or "", error.findtext("{*}Code") or ""
    return type_, code, error.findtext("{*}Message") or ""


ROWS = [
    # (case id, service, body, status, (Type, Code, Message))
    ("sqs-missing-parameter", "sqs", "Action=CreateQueue&Version=2012-11-05", 400,
     ("Sender", "MissingParameter", "The request must contain the parameter QueueName.")),
    ("sqs-unknown-action", "sqs", "Action=Nope&Version=2012-11-05", 400,
     ("Sender", "InvalidAction", "The action Nope is not valid for this web service.")),
    ("sns-unknown-action", "sns", "Action=Nope&Version=2010-03-31", 400,
     ("Sender", "InvalidAction", "The action Nope is not valid for this web service.")),
    ("sns-missing-message", "sns", "Action=Publish&TopicArn=arn:aws:sns:us-east-1:000000000000:t", 400,
     ("Sender", "ValidationError",
      "1 validation error detected: Value null at 'message' failed to satisfy constraint: "
      "Member must not be null")),
    ("iam-role-name-pattern", "iam",
     "Action=CreateRole&RoleName=bad!name&AssumeRolePolicyDocument=%7B%7D", 400,
     ("Sender", "ValidationError",
      "1 validation error detected: Value 'bad!name' at 'roleName' failed to satisfy constraint: "
      "Member must satisfy regular expression pattern: [\\w+=,.@-]+")),
    ("sts-session-name-length", "sts",
     "Action=AssumeRole&RoleArn=arn:aws:iam::000000000000:role/r&RoleSessionName=a", 400,
     ("Sender", "ValidationError",
      "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: "
      "Member must have length greater than or equal to 2")),
    ("cloudformation-missing-stack-name", "cloudformation", "Action=CreateStack&Version=2010-05-15", 400,
     ("Sender", "ValidationError",
      "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: "
      "Member must not be null")),
    # As an SDK user's report shows SES answering SendTemplatedEmail without a Source.
    ("ses-missing-source", "ses",
     "Action=SendTemplatedEmail&Version=2010-12-01&Template=t&TemplateData=%7B%7D"
     "&Destination.ToAddresses.member.1=a%40example.com", 400,
     ("Sender", "ValidationError",
      "1 validation error detected: Value null at 'source' failed to satisfy constraint: "
      "Member must not be null")),
]  # fmt: skip


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
@pytest.mark.parametrize("service,body,status,expected", [pytest.param(*r[1:], id=r[0]) for r in ROWS])
def test_query_service_refuses_as_aws(server, legacy, service, body, status, expected):
    base = server.legacy_url(service) if legacy else server.edge_url
    response = post(base, service, body)
    assert response.status_code == status, response.text
    assert error_of(response) == expected
    assert response.headers["Content-Type"].startswith("text/xml")


def test_boto3_reads_a_query_validation_error(aws_client):
    sns = aws_client("sns", config={"parameter_validation": False})
    with pytest.raises(ClientError) as info:
        sns.publish(TopicArn="arn:aws:sns:us-east-1:000000000000:nowhere")
    assert info.value.response["Error"]["Code"] == "ValidationError"
    assert info.value.response["Error"]["Type"] == "Sender"
