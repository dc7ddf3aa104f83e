"""Every operation of EventBridge, KMS, SNS and SQS, called with nothing or with mistyped members,
answers a client error (or AWS's NotImplemented), never a 500: the operation list comes from botocore's
models."""

from __future__ import annotations

import glob
import gzip
import json
from typing import Any

import botocore
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CREDENTIALS = Credentials("test", "test")
MISTYPED_JSON = json.dumps(
    {
        "Name": 5,
        "KeyId": ["x"],
        "Entries": "x",
        "EventPattern": 7,
        "CiphertextBlob": "!!",
        "Rule": {},
        "QueueUrl": "http://localhost/000000000000/missing",
        "QueueName": 5,
        "ReceiptHandle": 3,
    }
)
MISTYPED_FORM = (
    "TopicArn=x&SubscriptionArn=y&Name=%00&Message=m&Token=t&AttributeName=Policy&PlatformApplicationArn=z"
    "&EndpointArn=e&ResourceArn=r&TargetArn=q"
)
JSON_SERVICES = {
    "events": "application/x-amz-json-1.1",
    "kms": "application/x-amz-json-1.1",
    "sqs": "application/x-amz-json-1.0",
}


def _model(service: str) -> dict[str, Any]:
    root = botocore.__file__.rsplit("/", 1)[0]
    path = sorted(glob.glob(f"{root}/data/{service}/*/service-2.json*"))[-1]
    with gzip.open(path) if path.endswith(".gz") else open(path, "rb") as handle:
        return json.load(handle)


def _post(url: str, service: str, headers: dict[str, str], body: str) -> requests.Response:
    request = AWSRequest(method="POST", url=url + "/", data=body, headers=headers)
    SigV4Auth(CREDENTIALS, service, "us-east-1").add_auth(request)
    return requests.post(url + "/", data=body, headers=dict(request.headers), timeout=30)


@pytest.mark.parametrize("service", ["events", "kms", "sqs", "sns"])
def test_no_operation_answers_a_server_error(server: Any, service: str) -> None:
    model = _model(service)
    failures = []
    for operation in model["operations"]:
        if service in JSON_SERVICES:
            headers = {
                "X-Amz-Target": f"{model['metadata']['targetPrefix']}.{operation}",
                "Content-Type": JSON_SERVICES[service],
            }
            bodies = ["{}", MISTYPED_JSON]
        else:
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            base = f"Action={operation}&Version={model['metadata']['apiVersion']}"
            bodies = [base, f"{base}&{MISTYPED_FORM}"]
        for body in bodies:
            response = _post(server.edge_url, service, headers, body)
            if response.status_code >= 500 and response.status_code != 501:
                failures.append((operation, response.status_code, response.text[:200]))
    assert failures == []
