"""The edge's routing rules: small named functions of a request, tried in order (DESIGN.md).

Each returns a service name or None; the first answer wins. `route()` is the whole router.
I/O-free, so every rule is unit-tested without sockets.
"""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import parse_qs

from localstack import constants
from localstack.utils.aws.request_context import credential_scope
from localstack.utils.http import Request

INTERNAL = "__internal__"

Rule = Callable[[Request], "str | None"]

# X-Amz-Target prefix (before the first '.') -> service.
TARGET_PREFIXES: dict[str, str] = {
    "DynamoDB_20120810": "dynamodb",
    "DynamoDBStreams_20120810": "dynamodbstreams",
    "Kinesis_20131202": "kinesis",
    "AWSEvents": "events",
    "AWSStepFunctions": "stepfunctions",
    "Logs_20140328": "logs",
    "secretsmanager": "secretsmanager",
    "AmazonSSM": "ssm",
    "TrentService": "kms",
    "CertificateManager": "acm",
    "SimpleWorkflowService": "swf",
    "AmazonSQS": "sqs",
    "Firehose_20150804": "firehose",
    "ResourceGroupsTaggingAPI_20170126": "resourcegroupstaggingapi",
    "AnyScaleFrontendService": "application-autoscaling",
    "AmazonAthena": "athena",
    "AWSInsightsIndexService": "ce",
    "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101": "cloudtrail",
    "CodeCommit_20150413": "codecommit",
    "AWSCognitoIdentityService": "cognito-identity",
    "AWSCognitoIdentityProviderService": "cognito-idp",
    "StarlingDoveService": "config",
    "AmazonEC2ContainerRegistry_V20150921": "ecr",
    "AmazonEC2ContainerServiceV20141113": "ecs",
    "ElasticMapReduce": "emr",
    "AWSGlue": "glue",
    "KinesisAnalytics_20180523": "kinesisanalyticsv2",
    "MediaStore_20170901": "mediastore",
    "AWSMPMeteringService": "meteringmarketplace",
    "AWSOrganizationsV20161128": "organizations",
    "RedshiftData": "redshift-data",
    "Route53Resolver": "route53resolver",
    "SageMaker": "sagemaker",
    "AWSSupport_20130415": "support",
    "Timestream_20181101": "timestream-write",
    "TransferService": "transfer",
    "AWSWAF_20190729": "wafv2",
}

# Timestream's query and write APIs share a signing name and a target prefix: the operation decides.
TIMESTREAM_QUERY_OPERATIONS = frozenset(
    "CancelQuery CreateScheduledQuery DeleteScheduledQuery DescribeAccountSettings DescribeScheduledQuery "
    "ExecuteScheduledQuery ListScheduledQueries PrepareQuery Query UpdateAccountSettings "
    "UpdateScheduledQuery".split()
)

# Query-protocol actions that AWS accepts unsigned (SNS's come from SubscribeURL / UnsubscribeURL links).
UNSIGNED_ACTIONS = {
    "AssumeRoleWithWebIdentity": "sts",
    "AssumeRoleWithSAML": "sts",
    "ConfirmSubscription": "sns",
    "Unsubscribe": "sns",
}

# Query-protocol actions of SQS, for requests that are neither signed nor sent to a queue URL.
SQS_ACTIONS = frozenset(
    "AddPermission CancelMessageMoveTask ChangeMessageVisibility ChangeMessageVisibilityBatch "
    "CreateQueue DeleteMessage DeleteMessageBatch DeleteQueue GetQueueAttributes GetQueueUrl "
    "ListDeadLetterSourceQueues ListMessageMoveTasks ListQueueTags ListQueues PurgeQueue "
    "ReceiveMessage RemovePermission SendMessage SendMessageBatch SetQueueAttributes "
    "StartMessageMoveTask TagQueue UntagQueue".split()
)

_QUEUE_PATH = re.compile(r"^/\d{12}/[\w.-]+/?$")
# `<bucket>.s3.<anything>` (bucket names may hold dots), and path-style `s3.<anything>`.
_S3_HOST = re.compile(r"^([^:]+\.)?s3[.-]")
_S3_WEBSITE_HOST = re.compile(r"^[^:]+\.s3-website[.-]")
_EXECUTE_API_HOST = re.compile(r"^[^.:]+\.execute-api\.")
_LAMBDA_URL_HOST = re.compile(r"^[^.:]+\.lambda-url\.")
# Queue URLs' hosts: `sqs.<region>.localhost.localstack.cloud` and the legacy `<region>.queue.*`.
_SQS_HOST = re.compile(r"^(sqs\.[a-z0-9-]+|[a-z]{2}(-[a-z]+)+-\d+\.queue)\.")
_S3_PATH = re.compile(r"^/[a-zA-Z0-9][a-zA-Z0-9._-]{1,254}(/.*)?$")
_BUCKET_PATH = re.compile(r"^/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/?$")


def route_internal_paths(request: Request) -> str | None:
    """The edge's own endpoints: /health, /_localstack/... and the developer endpoints under /_aws/
    (no bucket name may start with `_`, so neither path is an S3 one)."""
    path = request.path_only
    prefix = constants.INTERNAL_PATH_PREFIX
    if path in ("/health", prefix) or path.startswith((prefix + "/", constants.DEVELOPER_PATH_PREFIX + "/")):
        return INTERNAL
    return None


def route_by_credential_scope(request: Request) -> str | None:
    """The SigV4 signing name (header or presigned query), with its aliases and shared names."""
    scope = credential_scope(request.headers, request.query_string)
    if not scope:
        return None
    signing_name = scope[2].lower()
    service = constants.SIGNING_NAME_ALIASES.get(signing_name, signing_name)
    path = request.path_only
    # Signing names shared by two services: tell them apart by target, path or API version.
    splitter = _SHARED_SIGNING_NAMES.get(service)
    return splitter(request, path) if splitter else service


def _dynamodb_or_streams(request: Request, path: str) -> str:
    target = request.headers.get(constants.HEADER_TARGET) or ""
    return "dynamodbstreams" if target.startswith("DynamoDBStreams") else "dynamodb"


def _apigateway_family(request: Request, path: str) -> str:
    if path.startswith("/v2/"):
        return "apigatewayv2"
    return "apigatewaymanagementapi" if path.startswith("/@connections") else "apigateway"


def _es_or_opensearch(request: Request, path: str) -> str:
    return "opensearch" if path.startswith("/2021-01-01/") else "es"


def _s3_or_control(request: Request, path: str) -> str:
    return "s3control" if path.startswith("/v20180820/") else "s3"


def _ses_version(request: Request, path: str) -> str:
    return "sesv2" if path.startswith("/v2/email/") else "ses"


def _by_target(with_target: str, without: str) -> Callable[[Request, str], str]:
    def split(request: Request, path: str) -> str:
        return with_target if request.headers.get(constants.HEADER_TARGET) else without

    return split


def _elb_version(request: Request, path: str) -> str:
    # Classic load balancers speak API version 2012-06-01; elbv2 2015-12-01.
    version = "Version=2012-06-01"
    if version in request.query_string or (_is_form(request) and version.encode() in request.data[:4096]):
        return "elb"
    return "elbv2"


def _timestream_api(request: Request, path: str) -> str:
    operation = (request.headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
    return "timestream-query" if operation in TIMESTREAM_QUERY_OPERATIONS else "timestream-write"


_SHARED_SIGNING_NAMES: dict[str, Callable[[Request, str], str]] = {
    "dynamodb": _dynamodb_or_streams,
    "apigateway": _apigateway_family,
    "es": _es_or_opensearch,
    "s3": _s3_or_control,
    "ses": _ses_version,
    "mediastore": _by_target("mediastore", "mediastore-data"),
    "sagemaker": _by_target("sagemaker", "sagemaker-runtime"),
    "elbv2": _elb_version,
    "timestream-write": _timestream_api,
}


def route_by_target(request: Request) -> str | None:
    """JSON-protocol services by the prefix of X-Amz-Target."""
    target = request.headers.get(constants.HEADER_TARGET)
    if not target:
        return None
    service = TARGET_PREFIXES.get(target.rpartition(".")[0])
    if service == "timestream-write":
        return _timestream_api(request, request.path_only)
    return service


def route_by_host(request: Request) -> str | None:
    """Virtual hosts: `<api>.execute-api.*` (REST and HTTP APIs: the apigateway listener hands HTTP
    API ids to apigatewayv2's code), `<url-id>.lambda-url.*`, `<bucket>.s3.*`, `<bucket>.s3-website.*`,
    `s3.*`, and queue URLs' `sqs.<region>.*`."""
    host = request.host.lower()
    if not host:
        return None
    if _EXECUTE_API_HOST.match(host):
        return "apigateway"
    if _LAMBDA_URL_HOST.match(host):
        return "lambda"
    if _S3_WEBSITE_HOST.match(host) or _S3_HOST.match(host):
        return "s3"
    if _SQS_HOST.match(host):
        return "sqs"
    return None


def route_by_path_hints(request: Request) -> str | None:
    """Unsigned requests that name their service by path or form: queue URLs, invocations, SigV2."""
    path = request.path_only
    # A queue URL used directly; a bare GET of it is more likely an S3 object of a 12-digit bucket.
    if _QUEUE_PATH.match(path) and (request.method == "POST" or "Action=" in request.query_string):
        return "sqs"
    if path.startswith("/2015-03-31/functions") or path.startswith("/2021-10-31/functions"):
        return "lambda"
    if path.startswith("/restapis/") and "/_user_request_/" in path:
        return "apigateway"
    action = _form_action(request)
    if action:
        if action in UNSIGNED_ACTIONS:
            return UNSIGNED_ACTIONS[action]
        if action in SQS_ACTIONS:
            return "sqs"
    if "QueueUrl=" in request.query_string or (_is_form(request) and b"QueueUrl=" in request.data[:4096]):
        return "sqs"
    if (request.headers.get("Authorization") or "").startswith("AWS "):
        return "s3"
    return None


def route_s3_fallback(request: Request) -> str | None:
    """What is left of S3: unsigned GET/PUT/HEAD/DELETE of `/<bucket>[/<key>]`, browser form POST."""
    method = request.method
    path = request.path_only
    if method in ("GET", "PUT", "HEAD", "DELETE", "OPTIONS") and (path == "/" or _S3_PATH.match(path)):
        return "s3"
    content_type = (request.headers.get("Content-Type") or "").lower()
    if method == "POST" and content_type.startswith("multipart/form-data") and _S3_PATH.match(path):
        return "s3"
    if method == "POST" and not request.query_string and _BUCKET_PATH.match(path):
        # A bucket POST that is no form (S3 answers it 412): no other service is addressed so.
        return "s3"
    if method == "POST" and "?delete" in request.path and _S3_PATH.match(path):
        return "s3"
    return None


def _form_action(request: Request) -> str | None:
    query = request.query_string
    if "Action=" in query:
        values = parse_qs(query).get("Action")
        if values:
            return values[0]
    if _is_form(request) and request.data:
        values = parse_qs(request.data[:4096].decode("utf-8", "replace")).get("Action")
        if values:
            return values[0]
    return None


def _is_form(request: Request) -> bool:
    return (request.headers.get("Content-Type") or "").lower().startswith("application/x-www-form-urlencoded")


RULES: list[Rule] = [
    route_internal_paths,
    route_by_credential_scope,
    route_by_target,
    route_by_host,
    route_by_path_hints,
    route_s3_fallback,
]


def route(request: Request, rules: list[Rule] = RULES) -> str | None:
    """The service for this request, by the first rule that answers; None if no rule does."""
    for rule in rules:
        service = rule(request)
        if service:
            return service
    return None
