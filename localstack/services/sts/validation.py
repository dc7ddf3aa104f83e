"""STS's refusals of AssumeRole that moto answers otherwise: a role ARN that is not an ARN, and session
tags whose keys repeat (case-insensitively) or whose transitive keys are not among them (recorded)."""

from __future__ import annotations

from localstack.utils.aws.errors import AWSError


def check_assume_role(params: dict[str, str]) -> None:
    role_arn = params.get("RoleArn")
    if role_arn is not None and not _is_arn(role_arn):
        raise AWSError("ValidationError", f"{role_arn} is invalid")
    tag_keys = [
        value for key, value in params.items() if key.startswith("Tags.member.") and key.endswith(".Key")
    ]
    folded = [key.lower() for key in tag_keys]
    if len(set(folded)) != len(folded):
        raise AWSError(
            "InvalidParameterValue",
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
        )
    transitive = [value for key, value in params.items() if key.startswith("TransitiveTagKeys.member.")]
    if any(key.lower() not in folded for key in transitive):
        raise AWSError(
            "InvalidParameterValue",
            "The specified transitive tag key must be included in the requested tags.",
        )


def _is_arn(text: str) -> bool:
    """`arn:partition:service:region:account:resource` with a partition, a service and a resource."""
    fields = text.split(":", 5)
    return len(fields) == 6 and fields[0] == "arn" and all(fields[i] for i in (1, 2, 5))
