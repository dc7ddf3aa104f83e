"""Hooks around the secretsmanager backend: Secrets Manager's request rules and sentences where moto's
differ (validation.py), resource policy checks (resource_policies.py)."""

from __future__ import annotations

import json
import re
from typing import Any

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.secretsmanager import resource_policies, validation
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError, serialize_error
from localstack.utils.http import Response

# moto writes some messages as botocore prints them ("InvalidParameterException: An error occurred
# (X) when calling the Y operation: ...") and with a source line's indentation inside; AWS sends
# the sentence alone.
_BOTOCORE_PREFIX = re.compile(r"^(?:\w+: )*An error occurred \(\w+\) when calling the \w+ operation: ")
_SPACES = re.compile(r"\s{2,}")
# GetSecretValue of a secret scheduled for deletion: moto reuses DeleteSecret's sentence.
_MOTO_DELETED = "You tried to perform the operation on a secret that's currently marked deleted."


def _operation(headers: Any) -> str:
    return (headers.get("X-Amz-Target") or "").rpartition(".")[2]


def _secrets(headers: Any) -> Any:
    from moto.secretsmanager.models import secretsmanager_backends

    account, region = request_context.account_and_region(headers)
    return secretsmanager_backends[account][region].secrets


class SecretsmanagerListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = _operation(headers)
        try:
            body = json.loads(data or b"{}")
        except ValueError:
            return True  # the gateway's validator answers a body that is not JSON
        if not isinstance(body, dict):
            return True
        validation.check_names(operation, body)
        validation.check_values(operation, body)
        if operation in ("CreateSecret", "PutSecretValue", "UpdateSecretVersionStage", "RotateSecret"):
            validation.check_state(operation, body, _secrets(headers))
        elif operation == "PutResourcePolicy":
            resource_policies.parse(body.get("ResourcePolicy"))
        elif operation == "ValidateResourcePolicy":
            answer = resource_policies.validate(body, _secrets(headers))
            return Response(json.dumps(answer), 200, mimetype="application/x-amz-json-1.1")
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        if response.status_code < 400:
            return None
        try:
            error = json.loads(response.get_data() or b"{}")
        except ValueError:
            return None
        if not isinstance(error, dict):
            return None
        # moto writes "message"; the edge gives AWS's modeled key afterwards
        message = error.get("message", error.get("Message"))
        if not isinstance(message, str):
            return None
        cleaned = _SPACES.sub(" ", _BOTOCORE_PREFIX.sub("", message)).replace(
            "configuredand", "configured and"
        )
        if cleaned == _MOTO_DELETED and _operation(headers) == "GetSecretValue":
            cleaned = validation.MARKED_FOR_DELETION
        if cleaned == message:
            return None
        code = str(error.get("__type") or "").rpartition("#")[2]
        return serialize_error(AWSError(code, cleaned, response.status_code), "secretsmanager", headers)
