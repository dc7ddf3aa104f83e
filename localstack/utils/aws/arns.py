"""Reading ARNs: `arn:partition:service:region:account:resource`."""

from __future__ import annotations


def arn_parts(arn: str) -> tuple[str, str, str, str]:
    """(service, region, account, resource) of an ARN; ValueError if it is not one."""
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        raise ValueError(f"not an ARN: {arn}")
    return parts[2], parts[3], parts[4], parts[5]
