"""The dashboard's views of each service's resources, read through the same API calls users make.

Each service module maps an action name to `action(aws, params, body)`, which answers JSON-ready data
(or a werkzeug Response for a download). `aws.client(service)` is an in-process boto3 client of the
account and region the page shows."""

from __future__ import annotations

from typing import Any, Callable

from localstack.dashboard.resources import (
    cloudformation,
    dynamodb,
    lambda_functions,
    logs,
    s3,
    sns,
    sqs,
    stepfunctions,
)
from localstack.dashboard.scope import Scope

Action = Callable[[Scope, dict[str, str], bytes], Any]

SERVICES: dict[str, dict[str, Action]] = {
    "s3": s3.ACTIONS,
    "sqs": sqs.ACTIONS,
    "dynamodb": dynamodb.ACTIONS,
    "lambda": lambda_functions.ACTIONS,
    "stepfunctions": stepfunctions.ACTIONS,
    "cloudformation": cloudformation.ACTIONS,
    "sns": sns.ACTIONS,
    "logs": logs.ACTIONS,
}

# Actions that change state: the dashboard takes them only as POST from its own page.
WRITES = {("s3", "upload"), ("sqs", "send"), ("sqs", "purge"), ("lambda", "invoke")}
