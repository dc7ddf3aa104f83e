"""CloudWatch's JSON 1.0 endpoint (query-compatible) answers errors in AWS's shape: `__type` names the
model's error shape in com.amazonaws.cloudwatch, one `message`, the query code in x-amzn-query-error,
and JSON 1.0's content type on every answer."""

from __future__ import annotations

import json

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

TARGET = "GraniteServiceVersion20100801"
JSON_10 = "application/x-amz-json-1.0"


def _call(server, operation: str, body: dict) -> requests.Response:
    headers = {"X-Amz-Target": f"{TARGET}.{operation}", "Content-Type": JSON_10, "x-amzn-query-mode": "true"}
    data = json.dumps(body)
    request = AWSRequest(method="POST", url=server.edge_url + "/", data=data, headers=headers)
    SigV4Auth(Credentials("test", "test"), "monitoring", "us-east-1").add_auth(request)
    return requests.post(server.edge_url + "/", data=data, headers=dict(request.headers), timeout=30)


def test_missing_dashboard_names_its_shape_and_query_code(server, unique_name):
    response = _call(server, "GetDashboard", {"DashboardName": unique_name("dash")})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == JSON_10
    assert response.headers["x-amzn-query-error"] == "ResourceNotFound;Sender"
    assert response.json() == {
        "__type": "com.amazonaws.cloudwatch#DashboardNotFoundError",
        "message": "Dashboard does not exist",
    }


@pytest.mark.parametrize(
    ("operation", "body", "status", "type_name", "query_code"),
    [
        (
            "SetAlarmState",
            {"AlarmName": "missing-x", "StateValue": "OK", "StateReason": "r"},
            404,
            "com.amazonaws.cloudwatch#ResourceNotFound",
            "ResourceNotFound",
        ),
        (
            "GetMetricStatistics",
            {"Namespace": "n", "MetricName": "m", "StartTime": 1, "EndTime": 2, "Period": 60},
            400,
            "com.amazonaws.cloudwatch#InvalidParameterCombinationException",
            "InvalidParameterCombination",
        ),
        (
            "DescribeAlarms",
            {"MaxRecords": 0},
            400,
            "com.amazon.coral.validate#ValidationException",
            "ValidationError",
        ),
    ],
)
def test_error_types_per_source(server, operation, body, status, type_name, query_code):
    response = _call(server, operation, body)
    assert response.status_code == status
    assert response.headers["Content-Type"] == JSON_10
    assert response.json()["__type"] == type_name
    assert "Message" not in response.json()
    assert response.headers["x-amzn-query-error"] == f"{query_code};Sender"


def test_success_is_json_10(server):
    response = _call(server, "DescribeAlarms", {})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == JSON_10


def test_boto3_catches_the_query_codes(aws_client, unique_name):
    cloudwatch = aws_client("cloudwatch")
    with pytest.raises(ClientError) as caught:
        cloudwatch.get_dashboard(DashboardName=unique_name("dash"))
    assert caught.value.response["Error"]["Code"] == "ResourceNotFound"
    assert caught.value.response["Error"]["Message"] == "Dashboard does not exist"
    with pytest.raises(ClientError) as caught:
        cloudwatch.get_metric_statistics(Namespace="n", MetricName="m", StartTime=1, EndTime=2, Period=60)
    assert caught.value.response["Error"]["Code"] == "InvalidParameterCombination"


def test_set_alarm_state_of_a_missing_alarm_says_nothing(aws_client, unique_name):
    cloudwatch = aws_client("cloudwatch")
    with pytest.raises(ClientError) as caught:
        cloudwatch.set_alarm_state(AlarmName=unique_name("alarm"), StateValue="OK", StateReason="r")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFound"
    assert caught.value.response["Error"]["Message"] == ""
