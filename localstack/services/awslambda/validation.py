"""CreateFunction and UpdateFunctionConfiguration rules moto does not apply: the timeout ceiling,
reserved and oversized environments, and a function created without code; DeleteFunction's
qualifier, which names a published version only; PublishVersion's CodeSha256
precondition; ARNs of another region; a runtime Lambda does not know, in its own sentence."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from localstack.utils.aws.errors import AWSError

MAX_TIMEOUT = 900
MAX_ENVIRONMENT_BYTES = 4096
# The variables Lambda's runtime sets, which its guide says a function's configuration can't set.
RESERVED_VARIABLES = frozenset(
    (
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    )
)
NO_CODE_SOURCE = "Please provide a source for function code."
# Constraints Lambda answers in its own words, not the model's validation sentence (request_checks).
# FunctionUrlQualifier: botocore's pattern refuses `$LATEST`, which AWS's API reference allows today.
OWN_CONSTRAINTS = frozenset(
    ("CreateFunction:Runtime", "UpdateFunctionConfiguration:Runtime", "FunctionUrlQualifier")
)
URL_QUALIFIER_PATTERN = r"(^\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))"
_URL_QUALIFIER = re.compile(URL_QUALIFIER_PATTERN)
_RUNTIME_ARN = re.compile(r"arn:(aws[a-zA-Z-]*):lambda:[a-z0-9-]+::runtime:.+")


def check_configuration(body: dict[str, Any]) -> None:
    check_runtime(body.get("Runtime"))
    timeout = body.get("Timeout")
    if isinstance(timeout, int) and not isinstance(timeout, bool) and timeout > MAX_TIMEOUT:
        raise AWSError(
            "ValidationException",
            f"1 validation error detected: Value '{timeout}' at 'timeout' failed to satisfy "
            f"constraint: Member must have value less than or equal to {MAX_TIMEOUT}",
        )
    environment = body.get("Environment")
    variables = environment.get("Variables") if isinstance(environment, dict) else None
    if not isinstance(variables, dict):
        return
    reserved = sorted(RESERVED_VARIABLES.intersection(variables))
    if reserved:
        raise AWSError(
            "InvalidParameterValueException",
            "Lambda was unable to configure your environment variables because the environment "
            "variables you have provided contains reserved keys that are currently not supported for "
            f"modification. Reserved keys used in this request: {', '.join(reserved)}",
        )
    measured = json.dumps(variables, separators=(",", ":"), ensure_ascii=False)
    if len(measured.encode("utf-8")) > MAX_ENVIRONMENT_BYTES:
        raise AWSError(
            "InvalidParameterValueException",
            "Lambda was unable to configure your environment variables because the environment "
            f"variables you have provided exceeded the 4KB limit. String measured: {measured}",
        )


def check_runtime(runtime: Any) -> None:
    """A runtime Lambda does not know is InvalidParameterValueException in its own sentence (users'
    AWS reports: `Value haskell at 'runtime' ... or be a valid ARN`), listing the model's runtimes."""
    if not isinstance(runtime, str) or runtime in _runtimes() or _RUNTIME_ARN.fullmatch(runtime):
        return
    raise AWSError(
        "InvalidParameterValueException",
        f"Value {runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: "
        f"[{', '.join(_runtimes())}] or be a valid ARN",
    )


@functools.lru_cache(maxsize=1)
def _runtimes() -> tuple[str, ...]:
    from localstack.utils.aws.request_checks.models import service_model

    return tuple(service_model("lambda").shape_for("Runtime").enum)


def check_code_source(body: dict[str, Any]) -> None:
    """CreateFunction of a zip function needs ZipFile or an S3 object (an image function its URI)."""
    if body.get("PackageType") == "Image":
        return
    code = body.get("Code")
    if isinstance(code, dict) and not any(code.get(key) for key in ("ZipFile", "S3Bucket", "ImageUri")):
        raise AWSError("InvalidParameterValueException", NO_CODE_SOURCE)


def qualifier_of(function_name: str, query_qualifier: str | None) -> str | None:
    """The qualifier a request names: in its Qualifier parameter, or after the name (`name:1`, or an
    ARN's eighth field)."""
    if function_name.startswith("arn:"):
        fields = function_name.split(":")
        return fields[7] if len(fields) > 7 else query_qualifier
    fields = function_name.split(":")
    if len(fields) >= 3 and fields[1] == "function":  # a partial ARN: 123456789012:function:name[:q]
        return fields[3] if len(fields) > 3 else query_qualifier
    if ":" in function_name:
        return function_name.split(":", 1)[1]
    return query_qualifier


def check_delete_qualifier(qualifier: str | None) -> None:
    """DeleteFunction with a qualifier deletes that published version; moto deleted the function's
    $LATEST (so the whole function) or the version an alias pointed to."""
    if qualifier is None or qualifier.isdigit():
        return
    if qualifier == "$LATEST":
        raise AWSError(
            "InvalidParameterValueException",
            "$LATEST version cannot be deleted without deleting the function.",
        )
    raise AWSError("InvalidParameterValueException", "Deletion of aliases is not supported.")


def check_code_sha(latest: Any, body: dict[str, Any]) -> None:
    """PublishVersion's CodeSha256 must be $LATEST's (`latest`: moto's record of it)."""
    code_sha = body.get("CodeSha256")
    current = getattr(latest, "code_sha_256", None)
    if code_sha and current and code_sha != current:
        raise AWSError(
            "InvalidParameterValueException",
            f"CodeSHA256 ({code_sha}) is different from current CodeSHA256 in $LATEST ({current}). "
            "Please try again with the CodeSHA256 in $LATEST.",
        )


def check_function_name(function_name: str, query_qualifier: str | None, region: str) -> None:
    """A qualifier in the name must be the Qualifier parameter's, when both are given; a full ARN of
    another region names no function here (AWS answers 404 before any lookup)."""
    if query_qualifier and ":" in function_name:
        named = qualifier_of(function_name, None)
        if named and named != query_qualifier:
            raise AWSError(
                "InvalidParameterValueException",
                "The derived qualifier from the function name does not match the specified qualifier.",
            )
    if not function_name.startswith("arn:"):
        return
    fields = function_name.split(":")
    if len(fields) > 3 and fields[3] and fields[3] != region:
        raise AWSError(
            "ResourceNotFoundException",
            f"Functions from '{fields[3]}' are not reachable in this region ('{region}')",
            404,
        )


def check_url_qualifier(qualifier: str) -> None:
    """A function URL's Qualifier: an alias name or `$LATEST` (the pattern and length of AWS's API
    reference for the function URL operations)."""
    if not 1 <= len(qualifier) <= 128:
        raise AWSError(
            "ValidationException",
            f"1 validation error detected: Value '{qualifier}' at 'qualifier' failed to satisfy constraint: "
            f"Member must have length {'less' if qualifier else 'greater'} than or equal to "
            f"{128 if qualifier else 1}",
        )
    if not _URL_QUALIFIER.fullmatch(qualifier):
        raise AWSError(
            "ValidationException",
            f"1 validation error detected: Value '{qualifier}' at 'qualifier' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: {URL_QUALIFIER_PATTERN}",
        )
