"""Literal constants: ports, default identity, header names. No side effects."""

EDGE_PORT = 4566
DEFAULT_BIND_HOST = "127.0.0.1"
DEFAULT_ACCOUNT_ID = "000000000000"
DEFAULT_REGION = "us-east-1"
TEST_ACCESS_KEY_ID = "test"
TEST_SECRET_ACCESS_KEY = "test"

# Legacy per-service ports, as in localstack-client's port map (its config.py).
# Services that share a port there share one proxy here, which picks by the edge rules.
LEGACY_PORTS: dict[str, int] = {
    "acm": 4619,
    "apigateway": 4567,
    "apigatewayv2": 4567,
    "cloudformation": 4581,
    "cloudwatch": 4582,
    "dynamodb": 4569,
    "dynamodbstreams": 4570,
    "ec2": 4597,
    "es": 4578,
    "events": 4587,
    "firehose": 4573,
    "iam": 4593,
    "kinesis": 4568,
    "kms": 4599,
    "lambda": 4574,
    "logs": 4586,
    "opensearch": 4578,
    "redshift": 4577,
    "resourcegroupstaggingapi": 4635,
    "route53": 4580,
    "s3": 4572,
    "secretsmanager": 4584,
    "ses": 4579,
    "sns": 4575,
    "sqs": 4576,
    "ssm": 4583,
    "stepfunctions": 4585,
    "sts": 4592,
    "swf": 4596,
}

# The wire protocol of each service (botocore's metadata.protocol); decides the error shape.
PROTOCOLS: dict[str, str] = {
    "acm": "json",
    "apigateway": "rest-json",
    "apigatewayv2": "rest-json",
    "cloudformation": "query",
    "cloudwatch": "query",
    "dynamodb": "json",
    "dynamodbstreams": "json",
    "ec2": "ec2",
    "es": "rest-json",
    "events": "json",
    "firehose": "json",
    "iam": "query",
    "kinesis": "json",
    "kms": "json",
    "lambda": "rest-json",
    "logs": "json",
    "opensearch": "rest-json",
    "redshift": "query",
    "resourcegroupstaggingapi": "json",
    "route53": "rest-xml",
    "s3": "rest-xml",
    "secretsmanager": "json",
    "ses": "query",
    "sns": "query",
    "sqs": "query",
    "ssm": "json",
    "stepfunctions": "json",
    "sts": "query",
    "swf": "json",
}

# SigV4 signing names that differ from the service name.
SIGNING_NAME_ALIASES: dict[str, str] = {
    "monitoring": "cloudwatch",
    "states": "stepfunctions",
    "execute-api": "apigateway",
    "email": "ses",
    "tagging": "resourcegroupstaggingapi",
    "eventbridge": "events",
    "aoss": "opensearch",
}

# Headers we read or write.
HEADER_TARGET = "X-Amz-Target"
HEADER_REQUEST_ID = "x-amzn-RequestId"
HEADER_ACCOUNT = "x-moto-account-id"
HEADER_ERROR_TYPE = "x-amzn-ErrorType"

INTERNAL_PATH_PREFIX = "/_localstack"
LOCALHOST_DOMAIN = "localhost.localstack.cloud"
