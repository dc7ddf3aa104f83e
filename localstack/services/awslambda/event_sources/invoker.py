"""Invoking a function for a batch, and sending failure records to on-failure destinations."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from localstack.services.awslambda import destinations
from localstack.utils.aws.arns import arn_parts
from localstack.utils.aws.internal_client import connect_to

LOG = logging.getLogger(__name__)


@dataclass
class Outcome:
    ok: bool
    payload: bytes = b""
    error: str | None = None  # FunctionError ("Unhandled") or the API error code


def invoke(function_arn: str, event: dict[str, Any]) -> Outcome:
    """A synchronous invoke through the Lambda API, as AWS's pollers invoke."""
    from botocore.exceptions import ClientError

    _, region, account, _ = arn_parts(function_arn)
    client = connect_to("lambda", account, region)
    try:
        response = client.invoke(
            FunctionName=function_arn,
            InvocationType="RequestResponse",
            Payload=json.dumps(event).encode("utf-8"),
        )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "ClientError")
        LOG.info("Invoking %s for an event source mapping failed: %s", function_arn, code)
        return Outcome(False, b"", code)
    except Exception as error:  # the engine may be unavailable: the batch is retried, never lost
        LOG.warning("Invoking %s for an event source mapping failed: %s", function_arn, error)
        return Outcome(False, b"", type(error).__name__)
    payload = response["Payload"].read() if response.get("Payload") is not None else b""
    function_error = response.get("FunctionError")
    return Outcome(function_error is None, payload, function_error)


def role_of(function_arn: str) -> str:
    """The function's execution role (Kinesis records name it as invokeIdentityArn)."""
    _, region, account, _ = arn_parts(function_arn)
    try:
        return connect_to("lambda", account, region).get_function_configuration(FunctionName=function_arn)[
            "Role"
        ]
    except Exception:
        return ""


def send_to_destination(destination_arn: str, record: dict[str, Any]) -> None:
    """Deliver a failure record to the mapping's on-failure destination (DestinationConfig.OnFailure)."""
    try:
        destinations.send_to_destination(destination_arn, record, success=False)
    except Exception:
        LOG.exception("Could not send a failure record to %s: %s", destination_arn, json.dumps(record))
