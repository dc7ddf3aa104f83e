"""CloudWatch refuses reserved namespaces and GetMetricStatistics windows it cannot answer, with AWS's
codes and sentences, whichever protocol the client speaks (today's SDKs: CBOR; older ones: query)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from tests.integration.error_support import bad_request as refusal

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
PERIOD = "The parameter Period must be a multiple of 60."
WINDOW = "The parameter StartTime must be less than the parameter EndTime."
NAMESPACE = "The value AWS/ for parameter Namespace is invalid."


def statistics(client, start: datetime, end: datetime, period: int) -> dict:
    return client.get_metric_statistics(
        Namespace="MyApp",
        MetricName="Latency",
        StartTime=start,
        EndTime=end,
        Period=period,
        Statistics=["Average"],
    )


@pytest.mark.parametrize("period", [7, 45, 90, 61])
def test_a_period_that_is_not_a_minute_multiple_nor_high_resolution(aws_client, period):
    client = aws_client("cloudwatch")
    call = lambda: statistics(client, NOW - timedelta(hours=1), NOW, period)  # noqa: E731
    assert refusal(call) == ("InvalidParameterValue", PERIOD)


@pytest.mark.parametrize("period", [1, 5, 10, 30, 60, 300])
def test_high_resolution_and_minute_periods_are_answered(aws_client, period):
    answer = statistics(aws_client("cloudwatch"), NOW - timedelta(minutes=10), NOW, period)
    assert answer["Datapoints"] == []


@pytest.mark.parametrize("end", [NOW, NOW - timedelta(hours=1)])
def test_a_window_that_does_not_end_after_it_starts(aws_client, end):
    client = aws_client("cloudwatch")
    assert refusal(lambda: statistics(client, NOW, end, 60)) == ("InvalidParameterValue", WINDOW)


def test_more_than_1440_datapoints(aws_client):
    client = aws_client("cloudwatch")
    code, message = refusal(lambda: statistics(client, NOW - timedelta(days=2), NOW, 60))
    assert code == "InvalidParameterCombination"
    assert message == (
        "You have requested up to 2,880 datapoints, which exceeds the limit of 1,440. "
        "You may reduce the datapoints requested by increasing Period, or decreasing the time range."
    )
    assert statistics(client, NOW - timedelta(days=1), NOW, 60)["Datapoints"] == []


def test_the_aws_namespace_prefix_is_reserved(aws_client):
    client = aws_client("cloudwatch")
    call = lambda: client.put_metric_data(Namespace="AWS/EC2", MetricData=[{"MetricName": "m", "Value": 1}])  # noqa: E731
    assert refusal(call) == ("InvalidParameterValue", NAMESPACE)
    client.put_metric_data(Namespace="MyApp/AWS", MetricData=[{"MetricName": "m", "Value": 1}])


def _query(server, params: dict) -> requests.Response:
    data = urlencode({"Version": "2010-08-01", **params})
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    request = AWSRequest(method="POST", url=server.edge_url + "/", data=data, headers=headers)
    SigV4Auth(Credentials("test", "test"), "monitoring", "us-east-1").add_auth(request)
    return requests.post(server.edge_url + "/", data=data, headers=dict(request.headers), timeout=30)


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        (
            {
                "Action": "GetMetricStatistics",
                "Namespace": "MyApp",
                "MetricName": "Latency",
                "StartTime": "2026-11-27T11:00:00Z",
                "EndTime": "2026-11-27T12:00:00Z",
                "Period": "7",
                "Statistics.member.1": "Average",
            },
            "InvalidParameterValue",
            PERIOD,
        ),
        (
            {
                "Action": "GetMetricStatistics",
                "Namespace": "MyApp",
                "MetricName": "Latency",
                "StartTime": "2026-11-27T12:00:00Z",
                "EndTime": "2026-11-27T11:00:00Z",
                "Period": "60",
                "Statistics.member.1": "Average",
            },
            "InvalidParameterValue",
            WINDOW,
        ),
        (
            {"Action": "PutMetricData", "Namespace": "AWS/Lambda", "MetricData.member.1.MetricName": "m"},
            "InvalidParameterValue",
            NAMESPACE,
        ),
    ],
)
def test_the_query_protocol_is_refused_alike(server, params, code, message):
    response = _query(server, params)
    assert response.status_code == 400
    assert f"<Code>{code}</Code>" in response.text
    assert f"<Message>{message}</Message>" in response.text
    assert "<Type>Sender</Type>" in response.text
