"""Lambda (rest-json) checks URI labels, query and header members and the body against its model:
AWS's ValidationException sentences, the code in x-amzn-ErrorType and a body of Type and message."""

from __future__ import annotations

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

FUNCTION_PATTERN = (
    r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?"
    r"(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?"
)


def call(base_url: str, method: str, path: str, body: bytes = b"", headers: dict | None = None):
    request = AWSRequest(method=method, url=base_url + path, data=body, headers=dict(headers or {}))
    SigV4Auth(Credentials("test", "test"), "lambda", "us-east-1").add_auth(request)
    return requests.request(method, base_url + path, data=body, headers=dict(request.headers), timeout=30)


ROWS = [
    # (case id, method, path, body, headers, message)
    ("function-name-pattern", "GET", "/2015-03-31/functions/bad%20name", b"", {},
     "1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: "
     f"Member must satisfy regular expression pattern: {FUNCTION_PATTERN}"),
    ("max-items-range", "GET", "/2015-03-31/functions/?MaxItems=0", b"", {},
     "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
     "Member must have value greater than or equal to 1"),
    ("invocation-type-enum", "POST", "/2015-03-31/functions/fn/invocations", b"{}",
     {"X-Amz-Invocation-Type": "Later"},
     "1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy constraint: "
     "Member must satisfy enum value set: [Event, RequestResponse, DryRun]"),
    ("create-without-code", "POST", "/2015-03-31/functions",
     b'{"FunctionName": "f", "Role": "arn:aws:iam::000000000000:role/r", "Runtime": "python3.12", '
     b'"Handler": "h.h"}', {"Content-Type": "application/json"},
     "1 validation error detected: Value null at 'code' failed to satisfy constraint: "
     "Member must not be null"),
]  # fmt: skip


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
@pytest.mark.parametrize("method,path,body,headers,message", [pytest.param(*r[1:], id=r[0]) for r in ROWS])
def test_lambda_refuses_as_aws(server, legacy, method, path, body, headers, message):
    base = server.legacy_url("lambda") if legacy else server.edge_url
    response = call(base, method, path, body, headers)
    assert response.status_code == 400, response.text
    assert response.headers["x-amzn-ErrorType"] == "ValidationException"
    assert response.json() == {"Type": "User", "message": message}


def test_boto3_reads_a_lambda_validation_error(aws_client):
    client = aws_client("lambda", config={"parameter_validation": False})
    with pytest.raises(ClientError) as info:
        client.get_function(FunctionName="no good")
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_missing_but_valid_function_is_still_not_found(aws_client):
    with pytest.raises(ClientError) as info:
        aws_client("lambda").get_function(FunctionName="no-such-function-here")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
