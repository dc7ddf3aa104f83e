"""PutParameter's rules moto does not apply: a path name's leading slash, name characters, hierarchy
depth, the standard tier's value size, and AllowedPattern; GetParameter's name characters;
GetParametersByPath's path syntax."""

from __future__ import annotations

import re
from typing import Any

from localstack.utils.aws.errors import AWSError

# The constraint sentence SSM answers for any name it refuses (moto uses it for the "ssm" prefix).
INVALID_NAME = (
    'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, '
    "it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of "
    "letters, numbers and the following 3 symbols .-_"
)
HIERARCHY_TOO_DEEP = (
    "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and "
    "constraints for parameter names in the Amazon Web Services Systems Manager User Guide."
)
STANDARD_TOO_LONG = (
    "Standard tier parameters support a maximum parameter value of 4096 characters. To create a "
    "larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more "
    "information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/"
    "parameter-store-advanced-parameters.html"
)
# SSM's sentence for a path it cannot read (DescribeParameters' Path filter, GetParametersByPath).
INVALID_PATH = (
    "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a "
    'forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only '
    "letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special "
    'characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". '
    "Valid example: /get/parameters2-/by1./path0_."
)
# A name with sub-paths that does not start at the root (boto3 users' AWS reports, `gh-runner/ami/id`).
NOT_FULLY_QUALIFIED = "Parameter name must be a fully qualified name."
_NAME_RE = re.compile(r"[A-Za-z0-9_.\-/]+\Z")
_MAX_LEVELS = 15
_STANDARD_MAX = 4096


def check_put_parameter(body: dict[str, Any]) -> None:
    name, value = body.get("Name"), body.get("Value")
    if isinstance(name, str) and name:
        if "/" in name and not name.startswith("/"):
            raise AWSError("ValidationException", NOT_FULLY_QUALIFIED)
        if not _NAME_RE.match(name):
            raise AWSError("ValidationException", INVALID_NAME)
        if len([part for part in name.split("/") if part]) > _MAX_LEVELS:
            raise AWSError("HierarchyLevelLimitExceededException", HIERARCHY_TOO_DEEP)
    if not isinstance(value, str):
        return
    if body.get("Tier") in (None, "Standard") and len(value) > _STANDARD_MAX:
        raise AWSError("ValidationException", STANDARD_TOO_LONG)
    pattern = body.get("AllowedPattern")
    if isinstance(pattern, str) and pattern:
        try:
            compiled = re.compile(pattern)
        except re.error:
            return  # moto answers an invalid pattern
        if not compiled.fullmatch(value):
            raise AWSError(
                "ParameterPatternMismatchException",
                f"Parameter value, cannot be validated against allowedPattern: {pattern}",
            )


def check_get_parameter(body: dict[str, Any]) -> None:
    """A name of characters no parameter can have is refused, not looked up (localstack#7712 shows
    AWS's answer to `{test}-test`); an ARN, and a `:version` or `:label` selector, are read as such."""
    name = body.get("Name")
    if not isinstance(name, str) or not name or name.startswith("arn:"):
        return
    if not _NAME_RE.match(name.split(":", 1)[0]):
        raise AWSError("ValidationException", INVALID_NAME)


def check_parameters_by_path(body: dict[str, Any]) -> None:
    """A path starts with a slash, names no empty level and uses a name's characters; the public
    parameters under /aws/ are readable by path, so the prefix is not refused here."""
    path = body.get("Path")
    if isinstance(path, str) and path:
        if not path.startswith("/") or "//" in path or not _NAME_RE.match(path):
            raise AWSError("ValidationException", INVALID_PATH)
