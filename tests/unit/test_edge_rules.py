"""The edge's routing rules, one at a time and as the whole ordered table."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import Headers

from localstack.services import edge_rules
from localstack.services.edge_rules import (
    INTERNAL,
    route,
    route_by_credential_scope,
    route_by_host,
    route_by_path_hints,
    route_by_target,
    route_internal_paths,
    route_s3_fallback,
)
from localstack.utils.http import Request

EDGE_HOST = "localhost:4566"
FORM = "application/x-www-form-urlencoded"
PRESIGNED_V4 = (
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20240101%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123"
)
PRESIGNED_V2 = "AWSAccessKeyId=test&Signature=c2lnbmF0dXJl&Expires=1795354991"


def sigv4(service: str, region: str = "us-east-1", key: str = "test") -> str:
    return (
        f"AWS4-HMAC-SHA256 Credential={key}/20240101/{region}/{service}/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=abc123"
    )


def make(method: str = "GET", url: str = "/", body: bytes | str = b"", **headers: str) -> Request:
    """A request as the edge reads it; header names are given with `_` for `-`."""
    out = Headers()
    for name, value in headers.items():
        out[name.replace("_", "-")] = value
    out.setdefault("Host", EDGE_HOST)
    data = body.encode() if isinstance(body, str) else body
    return Request(method, url, data, out)


def test_rules_are_in_design_order():
    assert edge_rules.RULES == [
        route_internal_paths,
        route_by_credential_scope,
        route_by_target,
        route_by_host,
        route_by_path_hints,
        route_s3_fallback,
    ]


# 1. internal paths


@pytest.mark.parametrize(
    "path", ["/health", "/_localstack/health", "/_localstack/state/reset", "/_localstack", "/health?x=1"]
)
def test_internal_paths(path):
    assert route_internal_paths(make(url=path)) == INTERNAL
    assert route(make(url=path)) == INTERNAL


@pytest.mark.parametrize("path", ["/healthy", "/_localstackx", "/b1/_localstack/health", "/"])
def test_internal_paths_negative(path):
    assert route_internal_paths(make(url=path)) is None


def test_internal_path_wins_over_signature():
    request = make(url="/_localstack/health", Authorization=sigv4("sqs"))
    assert route(request) == INTERNAL


# 2. credential scope


@pytest.mark.parametrize(
    ("signing_name", "service"),
    [
        ("sqs", "sqs"),
        ("s3", "s3"),
        ("monitoring", "cloudwatch"),
        ("states", "stepfunctions"),
        ("execute-api", "apigateway"),
        ("email", "ses"),
        ("tagging", "resourcegroupstaggingapi"),
    ],
)
def test_credential_scope_header_with_aliases(signing_name, service):
    assert route_by_credential_scope(make("POST", Authorization=sigv4(signing_name))) == service


def test_credential_scope_shared_signing_names():
    v2 = make("GET", "/v2/apis", Authorization=sigv4("apigateway"))
    v1 = make("GET", "/restapis", Authorization=sigv4("apigateway"))
    assert route_by_credential_scope(v2) == "apigatewayv2"
    assert route_by_credential_scope(v1) == "apigateway"
    streams = make(
        "POST", Authorization=sigv4("dynamodb"), X_Amz_Target="DynamoDBStreams_20120810.ListStreams"
    )
    tables = make("POST", Authorization=sigv4("dynamodb"), X_Amz_Target="DynamoDB_20120810.ListTables")
    assert route_by_credential_scope(streams) == "dynamodbstreams"
    assert route_by_credential_scope(tables) == "dynamodb"
    opensearch = make("GET", "/2021-01-01/domain", Authorization=sigv4("es"))
    es = make("GET", "/2015-01-01/es/domain", Authorization=sigv4("es"))
    assert route_by_credential_scope(opensearch) == "opensearch"
    assert route_by_credential_scope(es) == "es"


def test_credential_scope_presigned_v4_get_and_put():
    assert route(make("GET", f"/b1/k/1.txt?{PRESIGNED_V4}")) == "s3"
    assert route_by_credential_scope(make("PUT", f"/b1/k/1.txt?{PRESIGNED_V4}")) == "s3"


def test_credential_scope_wins_over_other_hints():
    # A signed SQS call to a queue URL that looks like an S3 path is still SQS, and vice versa.
    assert route(make("GET", "/b1/k", Authorization=sigv4("sqs"))) == "sqs"
    assert route(make("POST", "/000000000000/q1", Authorization=sigv4("s3"))) == "s3"


def test_credential_scope_negative():
    assert route_by_credential_scope(make("GET", "/b1/k")) is None
    assert route_by_credential_scope(make("GET", "/b1/k", Authorization="AWS test:c2ln")) is None
    assert route_by_credential_scope(make("GET", f"/b1/k?{PRESIGNED_V2}")) is None


# 3. X-Amz-Target


@pytest.mark.parametrize(
    ("target", "service"),
    [
        ("DynamoDB_20120810.PutItem", "dynamodb"),
        ("DynamoDBStreams_20120810.GetRecords", "dynamodbstreams"),
        ("Kinesis_20131202.PutRecord", "kinesis"),
        ("AWSEvents.PutEvents", "events"),
        ("AWSStepFunctions.StartExecution", "stepfunctions"),
        ("Logs_20140328.PutLogEvents", "logs"),
        ("secretsmanager.GetSecretValue", "secretsmanager"),
        ("AmazonSSM.GetParameter", "ssm"),
        ("TrentService.Encrypt", "kms"),
        ("AmazonSQS.SendMessage", "sqs"),
    ],
)
def test_target_prefix(target, service):
    assert route_by_target(make("POST", X_Amz_Target=target)) == service
    assert route(make("POST", X_Amz_Target=target)) == service


def test_target_negative():
    assert route_by_target(make("POST")) is None
    assert route_by_target(make("POST", X_Amz_Target="UnknownService_2020.DoThing")) is None
    assert route(make("POST", X_Amz_Target="UnknownService_2020.DoThing")) is None


# 4. host


@pytest.mark.parametrize(
    "host",
    [
        "b1.s3.localhost.localstack.cloud:4566",
        "b1.s3.amazonaws.com",
        "my.dotted.bucket.s3.us-east-1.amazonaws.com",
        "b1.s3-website.localhost.localstack.cloud:4566",
        "b1.s3-website-us-east-1.amazonaws.com",
        "s3.localhost.localstack.cloud:4566",
    ],
)
def test_host_s3(host):
    assert route_by_host(make("GET", "/k.txt", Host=host)) == "s3"
    assert route(make("GET", "/k.txt", Host=host)) == "s3"


def test_host_s3_virtual_host_presigned_v2_and_form_post():
    host = "bucket1.s3.localhost.localstack.cloud:4566"
    assert route(make("GET", f"/k.txt?{PRESIGNED_V2}", Host=host)) == "s3"
    # A POST to `/` is not an S3 path; the host alone makes it S3.
    assert (
        route(make("POST", "/", "--x\r\n", Host=host, Content_Type="multipart/form-data; boundary=x")) == "s3"
    )


def test_unsigned_bucket_post_that_is_no_form_is_s3():
    # S3 answers it 412 PreconditionFailed; a queue path, `/` or an Action form stays with its service.
    assert route(make("POST", "/my-bucket", "abc", Content_Type="text/plain")) == "s3"
    assert route(make("POST", "/my-bucket", "key=a")) == "s3"
    assert route(make("POST", "/", "abc", Content_Type="text/plain")) is None
    assert route(make("POST", "/my-bucket?x=1", "abc", Content_Type="text/plain")) is None


@pytest.mark.parametrize(
    "host",
    [
        "sqs.us-east-1.localhost.localstack.cloud:4566",
        "eu-west-1.queue.localhost.localstack.cloud:4566",
        "sqs.us-east-1.amazonaws.com",
    ],
)
def test_host_of_a_queue_url_is_sqs_even_unsigned(host):
    assert route_by_host(make("GET", "/000000000000/q1", Host=host)) == "sqs"
    assert route(make("GET", "/000000000000/q1?Action=GetQueueAttributes", Host=host)) == "sqs"
    assert route(make("POST", "/000000000000/q1", "{}", Host=host)) == "sqs"


def test_host_execute_api():
    host = "abc123.execute-api.localhost.localstack.cloud:4566"
    assert route_by_host(make("GET", "/prod/items/1", Host=host)) == "apigateway"
    assert route(make("POST", "/prod/items", "{}", Host=host)) == "apigateway"
    # An API call whose path looks like an S3 object or a queue URL still goes to the API.
    assert route(make("GET", "/prod/bucket/key.txt", Host=host)) == "apigateway"
    assert route(make("POST", "/000000000000/q1", "Action=SendMessage", Host=host, Content_Type=FORM)) == (
        "apigateway"
    )
    # Bearer tokens (JWT authorizers) are no SigV4 credential scope.
    assert route(make("GET", "/x", Host=host, Authorization="Bearer a.b.c")) == "apigateway"


def test_host_lambda_function_url():
    host = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.lambda-url.us-east-1.localhost.localstack.cloud:4566"
    assert route_by_host(make("GET", "/", Host=host)) == "lambda"
    assert route(make("POST", "/some/path?x=1", "{}", Host=host)) == "lambda"
    assert route(make("GET", "/bucket/key.txt", Host=host)) == "lambda"
    # A function URL signed for AWS_IAM auth is signed for lambda.
    assert route(make("GET", "/", Host=host, Authorization=sigv4("lambda"))) == "lambda"


@pytest.mark.parametrize(
    "host",
    ["localhost:4566", "localhost.localstack.cloud:4566", "mys3host:4566", "sqs:4566", ""],
)
def test_host_negative(host):
    assert route_by_host(make("GET", "/k.txt", Host=host)) is None


# 5. path and form hints


def test_queue_url_with_form_body():
    request = make("POST", "/000000000000/q1", "Action=SendMessage&MessageBody=hi", Content_Type=FORM)
    assert route_by_path_hints(request) == "sqs"
    assert route(request) == "sqs"


def test_queue_url_with_action_in_query():
    assert route(make("GET", "/000000000000/q1?Action=GetQueueAttributes")) == "sqs"


def test_queue_url_plain_get_is_an_s3_object():
    # `/<12 digits>/<name>` without an action is an object of a bucket named by digits.
    assert route_by_path_hints(make("GET", "/123456789012/file.txt")) is None
    assert route(make("GET", "/123456789012/file.txt")) == "s3"


def test_queue_url_parameter():
    url = "/?QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fq1"
    assert route_by_path_hints(make("GET", url)) == "sqs"
    body = "QueueUrl=http%3A%2F%2Flocalhost%3A4566%2F000000000000%2Fq1&Version=2012-11-05"
    assert route_by_path_hints(make("POST", "/", body, Content_Type=FORM)) == "sqs"


@pytest.mark.parametrize("action", ["ListQueues", "CreateQueue", "SendMessage", "ReceiveMessage"])
def test_sqs_action(action):
    assert route(make("POST", "/", f"Action={action}&Version=2012-11-05", Content_Type=FORM)) == "sqs"
    assert route(make("GET", f"/?Action={action}")) == "sqs"


def test_action_of_another_query_service_is_not_guessed():
    request = make("POST", "/", "Action=ListTopics&Version=2010-03-31", Content_Type=FORM)
    assert route_by_path_hints(request) is None
    assert route(request) is None


def test_form_action_only_read_from_form_bodies():
    assert (
        route_by_path_hints(make("POST", "/", "Action=ListQueues", Content_Type="application/json")) is None
    )


def test_unsigned_sts_assume_role_with_web_identity():
    body = "Action=AssumeRoleWithWebIdentity&RoleArn=arn:aws:iam::000000000000:role/r&WebIdentityToken=t"
    request = make("POST", "/", body, Content_Type=FORM)
    assert route_by_path_hints(request) == "sts"
    assert route(request) == "sts"
    assert route(make("POST", "/", "Action=AssumeRoleWithSAML", Content_Type=FORM)) == "sts"


def test_lambda_invocation_path():
    request = make("POST", "/2015-03-31/functions/f/invocations", "{}")
    assert route_by_path_hints(request) == "lambda"
    assert route(request) == "lambda"
    assert route_by_path_hints(make("GET", "/2015-03-31/layers")) is None


def test_apigateway_user_request_path():
    request = make("GET", "/restapis/id/stage/_user_request_/x")
    assert route_by_path_hints(request) == "apigateway"
    assert route(make("POST", "/restapis/id/stage/_user_request_/x", "{}")) == "apigateway"
    assert route_by_path_hints(make("GET", "/restapis/id/stage/x")) is None
    # Paths that would otherwise look like S3 objects or queue URLs.
    assert route(make("GET", "/restapis/id/stage/_user_request_/bucket/key.txt")) == "apigateway"
    assert route(make("PUT", "/restapis/id/stage/_user_request_/", "x")) == "apigateway"


def test_sigv2_header_is_s3():
    request = make("POST", "/b1?uploads", Authorization="AWS test:c2lnbmF0dXJl")
    assert route_by_path_hints(request) == "s3"
    assert route(make("GET", "/b1/k", Authorization="AWS test:c2lnbmF0dXJl")) == "s3"
    assert route_by_path_hints(make("GET", "/b1/k", Authorization="Bearer token")) is None


# 6. s3 fallback


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/bucket/key"),
        ("GET", "/bucket/dir/key.txt"),
        ("HEAD", "/bucket"),
        ("PUT", "/bucket"),
        ("DELETE", "/bucket/key"),
        ("GET", "/"),
        ("GET", f"/b1/k/1.txt?{PRESIGNED_V2}"),
        ("PUT", f"/b1/k/1.txt?{PRESIGNED_V2}"),
    ],
)
def test_s3_fallback_unsigned(method, url):
    assert route_s3_fallback(make(method, url)) == "s3"
    assert route(make(method, url)) == "s3"


def test_s3_fallback_browser_form_post():
    body = '--xyz\r\nContent-Disposition: form-data; name="key"\r\n\r\nk.txt\r\n'
    request = make("POST", "/b1", body, Content_Type="multipart/form-data; boundary=xyz")
    assert route_s3_fallback(request) == "s3"
    assert route(request) == "s3"


@pytest.mark.parametrize(
    ("method", "url", "content_type"),
    [
        ("POST", "/b1", "application/json"),
        ("POST", "/", "multipart/form-data; boundary=x"),
        ("PATCH", "/b1/k", ""),
        ("GET", "/_private/x", ""),
    ],
)
def test_s3_fallback_negative(method, url, content_type):
    headers = {"Content_Type": content_type} if content_type else {}
    assert route_s3_fallback(make(method, url, **headers)) is None


# the whole table


@pytest.mark.parametrize(
    ("method", "url", "headers"),
    [
        ("POST", "/", {}),
        ("POST", "/some/api", {"Content_Type": "application/json"}),
        ("PATCH", "/x", {}),
        ("POST", "/", {"X_Amz_Target": "NoSuchService.Op"}),
    ],
)
def test_unknown_request_routes_to_none(method, url, headers):
    assert route(make(method, url, "{}", **headers)) is None


def test_first_answer_wins():
    assert route(make(), rules=[lambda r: None, lambda r: "sqs", lambda r: "s3"]) == "sqs"
    assert route(make(), rules=[]) is None


@pytest.mark.parametrize("action", ["ConfirmSubscription", "Unsubscribe"])
def test_unsigned_sns_link_actions_route_to_sns(action):
    request = Request("GET", f"/?Action={action}&TopicArn=arn:aws:sns:us-east-1:000000000000:t&Token=x")
    assert edge_rules.route(request) == "sns"


# Signing names shared by two services moto serves alone.


@pytest.mark.parametrize(
    "signing,method,url,body,headers,expected",
    [
        ("elasticloadbalancing", "POST", "/", "Action=DescribeLoadBalancers&Version=2012-06-01", {}, "elb"),
        ("elasticloadbalancing", "POST", "/", "Action=DescribeLoadBalancers&Version=2015-12-01", {}, "elbv2"),
        ("s3", "GET", "/v20180820/accesspoint", "", {}, "s3control"),
        ("s3", "GET", "/bucket/v20180820/key", "", {}, "s3"),
        ("ses", "GET", "/v2/email/identities", "", {}, "sesv2"),
        ("ses", "POST", "/", "Action=ListIdentities", {}, "ses"),
        ("execute-api", "GET", "/@connections/abc", "", {}, "apigatewaymanagementapi"),
        (
            "mediastore",
            "POST",
            "/",
            "{}",
            {"X_Amz_Target": "MediaStore_20170901.ListContainers"},
            "mediastore",
        ),
        ("mediastore", "GET", "/", "", {}, "mediastore-data"),
        ("sagemaker", "POST", "/", "{}", {"X_Amz_Target": "SageMaker.ListEndpoints"}, "sagemaker"),
        ("sagemaker", "POST", "/endpoints/e/invocations", "{}", {}, "sagemaker-runtime"),
        ("timestream", "POST", "/", "{}", {"X_Amz_Target": "Timestream_20181101.Query"}, "timestream-query"),
        (
            "timestream",
            "POST",
            "/",
            "{}",
            {"X_Amz_Target": "Timestream_20181101.ListDatabases"},
            "timestream-write",
        ),
        ("elasticfilesystem", "GET", "/2015-02-01/file-systems", "", {}, "efs"),
        ("cognito-idp", "POST", "/", "{}", {}, "cognito-idp"),
    ],
)
def test_shared_signing_names_split_by_path_target_or_version(signing, method, url, body, headers, expected):
    content_type = FORM if body.startswith("Action=") else "application/x-amz-json-1.1"
    request = make(method, url, body, Authorization=sigv4(signing), Content_Type=content_type, **headers)
    assert route_by_credential_scope(request) == expected


@pytest.mark.parametrize(
    "target,expected",
    [
        ("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails", "cloudtrail"),
        ("AWSCognitoIdentityProviderService.ListUserPools", "cognito-idp"),
        ("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", "ecr"),
        ("Timestream_20181101.Query", "timestream-query"),
        ("Timestream_20181101.WriteRecords", "timestream-write"),
    ],
)
def test_unsigned_targets_of_moto_services(target, expected):
    assert route_by_target(make("POST", "/", "{}", X_Amz_Target=target)) == expected


def test_developer_endpoints_are_internal():
    assert route_internal_paths(make("GET", "/_aws/ses")) == INTERNAL
    assert route_internal_paths(make("GET", "/_aws/sqs/messages?QueueUrl=x")) == INTERNAL
    assert route_internal_paths(make("GET", "/_awsbucket/key")) is None
