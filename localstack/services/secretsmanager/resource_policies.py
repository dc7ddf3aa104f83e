"""Resource policies: a policy that is not JSON is refused, and ValidateResourcePolicy (which moto
does not implement) checks the same."""

from __future__ import annotations

import json
from typing import Any

from localstack.utils.aws.errors import AWSError

INVALID_JSON = "This resource policy contains invalid JSON."


def parse(policy: Any) -> dict[str, Any]:
    try:
        document = json.loads(policy) if isinstance(policy, str) else None
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise AWSError("MalformedPolicyDocumentException", INVALID_JSON)
    return document


def validate(body: dict[str, Any], secrets: Any) -> dict[str, Any]:
    """ValidateResourcePolicy's answer: the policy parses, and the secret (when named) exists."""
    secret_id = body.get("SecretId")
    if isinstance(secret_id, str) and secrets.get(secret_id) is None:
        raise AWSError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
    parse(body.get("ResourcePolicy"))
    return {"PolicyValidationPassed": True, "ValidationErrors": []}
