"""Requests AWS refuses before it changes a function's tags, reserved concurrency, event invoke config,
alias routing, event source mappings or a layer version's policy, which moto accepts (sentences as
AWS's recorded answers)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from localstack.services.awslambda import functions
from localstack.utils.aws.errors import AWSError

_TAGS = re.compile(r"^/\d{4}-\d{2}-\d{2}/tags/(?P<arn>[^/?]+)/?$")
_CONCURRENCY = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/(?P<name>[^/]+)/concurrency/?$")
_INVOKE_CONFIG = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/(?P<name>[^/]+)/event-invoke-config/?$")
_ALIASES = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/(?P<name>[^/]+)/aliases(?:/[^/]+)?/?$")
_MAPPINGS = re.compile(r"^/\d{4}-\d{2}-\d{2}/event-source-mappings/?$")
_LAYER_POLICY = re.compile(
    r"^/\d{4}-\d{2}-\d{2}/layers/(?P<name>[^/]+)/versions/(?P<version>\d+)/policy(?:/[^/]+)?/?$"
)
LAYER_MISMATCH = (
    "The Revision Id provided does not match the latest Revision Id. "
    "Call the GetLayerPolicy API to retrieve the latest Revision Id"
)
MAX_TAGS = 50
TAGS_ON_QUALIFIED = "Tags on function aliases and versions are not supported. Please specify a function ARN."
UNQUALIFIED_ONLY = (
    "This operation is permitted on Lambda functions only. Aliases and versions do not support this "
    "operation. Please specify either a function name or an unqualified function ARN."
)


def _invalid(message: str) -> AWSError:
    return AWSError("InvalidParameterValueException", message)


def _body(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _function(name: str, account: str, region: str) -> Any | None:
    """moto's function a name or ARN names, or None."""
    from moto.awslambda.models import lambda_backends

    account, region, bare = functions.split_target(unquote(name), account, region)
    try:
        return lambda_backends[account][region].get_function(bare.split(":", 1)[0])
    except Exception:  # moto's UnknownFunctionException
        return None


def _qualified(name: str) -> bool:
    bare = unquote(name)
    return len(bare.split(":")) > 7 if bare.startswith("arn:") else ":" in bare.split(":function:")[-1]


def check(method: str, path: str, data: bytes, account: str, region: str) -> None:
    path_only = path.partition("?")[0]
    if method == "POST" and (match := _TAGS.match(path_only)):
        _check_tags(unquote(match.group("arn")), _body(data), account, region)
    elif method in ("PUT", "GET", "DELETE") and (match := _CONCURRENCY.match(path_only)):
        if method == "PUT" and _qualified(match.group("name")):
            raise _invalid(UNQUALIFIED_ONLY)
        _check_concurrency_target(match.group("name"), account, region)
    elif method in ("PUT", "POST") and (match := _INVOKE_CONFIG.match(path_only)):
        _check_invoke_config(match.group("name"), _body(data), account, region)
    elif method in ("PUT", "POST") and (match := _ALIASES.match(path_only)):
        _check_routing(_body(data))
    elif match := _LAYER_POLICY.match(path_only):
        _check_layer_policy(method, match.group("name"), match.group("version"), path, account, region)
    elif method == "POST" and _MAPPINGS.match(path_only):
        body = _body(data)
        if body.get("FunctionName") and _function(str(body["FunctionName"]), account, region) is None:
            raise _invalid("Function does not exist")


def _check_concurrency_target(name: str, account: str, region: str) -> None:
    """A function's reserved concurrency belongs to its unpublished version: AWS names a missing
    function by its `$LATEST` ARN (recorded: PutFunctionConcurrency of an unknown function)."""
    if _function(name, account, region) is not None:
        return
    account, region, bare = functions.split_target(unquote(name), account, region)
    arn = f"arn:aws:lambda:{region}:{account}:function:{bare.split(':', 1)[0]}:$LATEST"
    raise AWSError("ResourceNotFoundException", f"Function not found: {arn}", 404)


def _check_tags(arn: str, body: dict[str, Any], account: str, region: str) -> None:
    if len(arn.split(":")) > 7:
        raise _invalid(TAGS_ON_QUALIFIED)
    tags = body.get("Tags")
    if not isinstance(tags, dict):
        return  # the validator answers a missing or mistyped Tags
    function = _function(arn, account, region)
    if function is None:
        return  # moto answers the function that is not there
    if not tags:
        raise _invalid("An error occurred and the request cannot be processed.")
    existing = set((getattr(function, "tags", None) or {}).keys())
    if len(existing | set(tags)) > MAX_TAGS:
        raise _invalid("Number of tags exceeds resource tag limit.")


def _check_invoke_config(name: str, body: dict[str, Any], account: str, region: str) -> None:
    function = _function(name, account, region)
    if function is None:
        raise AWSError("ResourceNotFoundException", "The function doesn't exist.", 404)
    destinations = body.get("DestinationConfig")
    if body.get("MaximumRetryAttempts") is None and body.get("MaximumEventAgeInSeconds") is None:
        if not destinations:
            raise _invalid("You must specify at least one of error handling or destination setting.")
    own = function.function_arn.removesuffix(":$LATEST")
    for key in ("OnSuccess", "OnFailure"):
        destination = ((destinations or {}).get(key) or {}).get("Destination")
        if not isinstance(destination, str) or ":lambda:" not in destination:
            continue
        if destination.split(":")[:7] == own.split(":")[:7]:
            raise _invalid("You can't specify the function as a destination for itself.")
        if _function(destination, account, region) is None:
            raise _invalid(f"The destination ARN {destination} is invalid.")


def _check_routing(body: dict[str, Any]) -> None:
    weights = (body.get("RoutingConfig") or {}).get("AdditionalVersionWeights")
    if not isinstance(weights, dict) or not weights:
        return
    if len(weights) > 1:
        raise _invalid("Number of items in AdditionalVersionWeights cannot be greater than 1")
    version = body.get("FunctionVersion")
    if version is not None and str(version) in weights:
        raise _invalid(
            f"Invalid function version {version}. Function version {version} is already included in "
            "routing configuration."
        )


def _check_layer_policy(method: str, name: str, version: str, path: str, account: str, region: str) -> None:
    """A layer version's policy: the version must exist (AWS names it), a GET needs a statement, and
    AddLayerVersionPermission's query `RevisionId` must be the policy's."""
    from urllib.parse import parse_qsl

    from moto.awslambda.models import lambda_backends

    name = unquote(name)
    try:
        layer = lambda_backends[account][region].get_layer_version(name, version)
    except Exception:  # moto's UnknownLayerException
        layer_arn = name if name.startswith("arn:") else f"arn:aws:lambda:{region}:{account}:layer:{name}"
        message = f"Layer version {layer_arn}:{version} does not exist."
        raise AWSError("ResourceNotFoundException", message, 404) from None
    if method == "GET" and not layer.policy.statements:
        raise AWSError("ResourceNotFoundException", "No policy is associated with the given resource.", 404)
    given = dict(parse_qsl(path.partition("?")[2])).get("RevisionId")
    if method == "POST" and given and given != layer.policy.revision:
        raise AWSError("PreconditionFailedException", LAYER_MISMATCH, 412)
