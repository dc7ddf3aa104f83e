"""Secrets Manager's request rules moto does not apply: secret names, one kind of value, and what a
secret scheduled for deletion refuses."""

from __future__ import annotations

import re
from typing import Any

from localstack.utils.aws.errors import AWSError

# The characters CreateSecret documents for a name; an id that is not an ARN must be such a name.
_NAME_RE = re.compile(r"[A-Za-z0-9/_+=.@-]+\Z")
INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"
)
BOTH_VALUES = "You can't specify both a binary secret value and a string secret value in the same secret."
MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion."
NO_ROTATION_FUNCTION = "No Lambda rotation function ARN is associated with this secret."
SCHEDULED_FOR_DELETION = (
    "You can't create this secret because a secret with this name is already scheduled for deletion."
)

# Operations that write a secret's value or labels: refused while it is scheduled for deletion.
# (moto already refuses GetSecretValue, UpdateSecret, RotateSecret and a second DeleteSecret.)
_WRITES_REFUSED_WHEN_DELETED = frozenset(("PutSecretValue", "UpdateSecretVersionStage"))
_VALUE_WRITES = frozenset(("CreateSecret", "PutSecretValue", "UpdateSecret"))


def check_names(operation: str, body: dict[str, Any]) -> None:
    """A SecretId that is not an ARN, and CreateSecret's Name, must be valid secret names."""
    names = [body.get("SecretId")]
    if operation == "CreateSecret":
        names.append(body.get("Name"))
    for name in names:
        if isinstance(name, str) and name and not name.startswith("arn:"):
            if not _NAME_RE.match(name):
                raise AWSError("ValidationException", INVALID_NAME)


def check_values(operation: str, body: dict[str, Any]) -> None:
    if operation in _VALUE_WRITES and "SecretString" in body and "SecretBinary" in body:
        if body["SecretString"] is not None and body["SecretBinary"] is not None:
            raise AWSError("InvalidParameterException", BOTH_VALUES)


def check_state(operation: str, body: dict[str, Any], secrets: Any) -> None:
    """`secrets` is moto's store of the caller's account and region (names, ARNs, partial ARNs)."""
    if operation == "CreateSecret":
        name = body.get("Name")
        secret = secrets.get(name) if isinstance(name, str) else None
        if secret is not None and secret.is_deleted():
            raise AWSError("InvalidRequestException", SCHEDULED_FOR_DELETION)
    elif operation == "RotateSecret" and not body.get("RotationLambdaARN"):
        secret_id = body.get("SecretId")
        secret = secrets.get(secret_id) if isinstance(secret_id, str) else None
        if secret is not None and not secret.is_deleted() and not getattr(secret, "rotation_lambda_arn", ""):
            raise AWSError("InvalidRequestException", NO_ROTATION_FUNCTION)
    elif operation in _WRITES_REFUSED_WHEN_DELETED:
        secret_id = body.get("SecretId")
        secret = secrets.get(secret_id) if isinstance(secret_id, str) else None
        if secret is not None and secret.is_deleted():
            raise AWSError("InvalidRequestException", MARKED_FOR_DELETION)
