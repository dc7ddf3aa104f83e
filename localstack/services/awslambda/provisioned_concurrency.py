"""Provisioned concurrency configurations (Put/Get/Delete/ListProvisionedConcurrencyConfigs), which moto
does not have: stored per published version or alias, READY once stored (every instance here starts
on demand, so nothing is pre-warmed)."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from werkzeug.wrappers import Response

from localstack.services.awslambda import functions
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.stores import AccountRegionStore, RegionStore
from localstack.utils.http import json_response

_PATH = re.compile(r"^/2019-09-30/functions/([^/]+)/provisioned-concurrency/?$")
_FUNCTION_PATH = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/([^/]+)/?$")
UNPUBLISHED = "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
NOT_FOUND = "No Provisioned Concurrency Config found for this function"
NOT_PUBLISHED = "The function resource provided must be an alias or a published version."


class ProvisionedConfigs(RegionStore):
    def __init__(self) -> None:
        # qualified ARN (version or alias) -> requested executions and the time of the request
        self.configs: dict[str, dict[str, Any]] = {}


provisioned_configs = AccountRegionStore(ProvisionedConfigs)


def _identity(path: str, headers: Any) -> tuple[str, str]:
    from localstack.services.awslambda.awslambda_listener import _identity as identity

    return identity(path, headers)


def _target(
    name: str, qualifier: str | None, account: str, region: str, unqualified: bool = False
) -> tuple[ProvisionedConfigs, str, Any]:
    """The store, the qualified ARN and the resolved version a request names (not found as Lambda says)."""
    target_account, target_region, name = functions.split_target(name, account, region)
    if ":" in name:
        name, _, qualifier = name.partition(":")
    if unqualified:
        qualifier = None
    try:
        spec = functions.resolve(name, qualifier, target_account, target_region)
    except AWSError as error:
        if error.status != 404 or not qualifier or qualifier.isdigit():
            raise
        # An alias that is not there (or of a function that is not), as AWS words it.
        arn = f"arn:aws:lambda:{target_region}:{target_account}:function:{name}:{qualifier}"
        raise AWSError("ResourceNotFoundException", f"Cannot find alias arn: {arn}", 404) from None
    store = provisioned_configs[target_account][target_region]
    return store, f"{spec.arn}:{qualifier}" if qualifier else spec.arn, spec


def _qualifier(name: str, query: dict[str, str]) -> str | None:
    if name.startswith("arn:"):
        fields = name.split(":")
        return fields[7] if len(fields) > 7 else query.get("Qualifier")
    return name.split(":", 1)[1] if ":" in name else query.get("Qualifier")


def _view(config: dict[str, Any], ready: bool = True) -> dict[str, Any]:
    requested = config["requested"]
    return {
        "RequestedProvisionedConcurrentExecutions": requested,
        "AvailableProvisionedConcurrentExecutions": requested if ready else 0,
        "AllocatedProvisionedConcurrentExecutions": requested if ready else 0,
        "Status": "READY" if ready else "IN_PROGRESS",
        "LastModified": config["modified"],
    }


class ProvisionedConcurrencyListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        path_only, _, query_string = path.partition("?")
        match = _PATH.match(path_only)
        if not match:
            return True
        name, query = unquote(match.group(1)), dict(parse_qsl(query_string))
        qualifier = _qualifier(name, query)
        account, region = _identity(path, headers)
        if method == "GET" and query.get("List") == "ALL":
            store, arn, _ = _target(name, None, account, region, unqualified=True)
            listed = [
                {"FunctionArn": qualified, **_view(config)}
                for qualified, config in sorted(store.configs.items())
                if qualified.rsplit(":", 1)[0] == arn
            ]
            return json_response({"ProvisionedConcurrencyConfigs": listed})
        if method == "PUT" and qualifier == "$LATEST":
            raise AWSError("InvalidParameterValueException", UNPUBLISHED)
        if method in ("GET", "DELETE") and qualifier == "$LATEST":
            raise AWSError("InvalidParameterValueException", NOT_PUBLISHED)
        store, arn, spec = _target(name, qualifier, account, region)
        if method == "PUT":
            if spec.version == "$LATEST":
                raise AWSError("InvalidParameterValueException", UNPUBLISHED)  # an alias of $LATEST
            body = json.loads(data or b"{}")
            config = {
                "requested": int(body.get("ProvisionedConcurrentExecutions") or 0),
                "modified": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            }
            store.configs[arn] = config
            return json_response(_view(config, ready=False), status=202)
        config = store.configs.get(arn)
        if method == "GET":
            if config is None:
                raise AWSError("ProvisionedConcurrencyConfigNotFoundException", NOT_FOUND, 404)
            return json_response(_view(config))
        if method == "DELETE":
            # Deleting a configuration that is not there succeeds, as recorded.
            store.configs.pop(arn, None)
            return Response(status=204)
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        """A deleted function's (or version's) configurations go with it."""
        path_only, _, query_string = path.partition("?")
        match = _FUNCTION_PATH.match(path_only) if method == "DELETE" and response.status_code < 300 else None
        if match is None:
            return None
        account, region = _identity(path, headers)
        target_account, target_region, name = functions.split_target(unquote(match.group(1)), account, region)
        qualifier = _qualifier(name, dict(parse_qsl(query_string)))
        name = name.split(":", 1)[0]
        store = provisioned_configs[target_account][target_region]
        prefix = f"arn:aws:lambda:{target_region}:{target_account}:function:{name}:"
        for arn in list(store.configs):
            if arn.startswith(prefix) and (qualifier is None or arn == prefix + qualifier):
                del store.configs[arn]
        return None
