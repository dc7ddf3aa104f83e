"""Lambda settings moto does not serve: GetAccountSettings, ListFunctionUrlConfigs, and the per-function
recursion and runtime-management configurations (stored here; the defaults are Lambda's: Terminate,
Auto)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from localstack.services.awslambda import functions
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws.stores import AccountRegionStore, RegionStore
from localstack.utils.http import json_response

_ACCOUNT_SETTINGS = re.compile(r"^/2016-08-19/account-settings/?$")
_URLS = re.compile(r"^/2021-10-31/functions/([^/]+)/urls/?$")
_RECURSION = re.compile(r"^/2024-08-31/functions/([^/]+)/recursion-config/?$")
_RUNTIME = re.compile(r"^/2021-07-20/functions/([^/]+)/runtime-management-config/?$")
_FUNCTION = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/([^/]+)/?$")
_ALIAS = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions/([^/]+)/aliases/([^/]+)/?$")

# Lambda's documented quotas (its developer guide's quota page): 75 GB of code, 250 MB unzipped,
# 50 MB zipped uploads, 1,000 concurrent executions.
ACCOUNT_LIMIT = {
    "TotalCodeSize": 80530636800,
    "CodeSizeUnzipped": 262144000,
    "CodeSizeZipped": 52428800,
    "ConcurrentExecutions": 1000,
}


class FunctionSettings(RegionStore):
    def __init__(self) -> None:
        self.recursion: dict[str, str] = {}  # unqualified function ARN -> Allow | Terminate
        self.runtime: dict[str, dict[str, Any]] = {}  # (qualified) function ARN -> its runtime mode


function_settings = AccountRegionStore(FunctionSettings)


def _identity(path: str, headers: Any) -> tuple[str, str]:
    from localstack.services.awslambda.awslambda_listener import _identity as identity

    return identity(path, headers)


def _function(name: str, qualifier: str | None, account: str, region: str) -> Any:
    target_account, target_region, name = functions.split_target(unquote(name), account, region)
    return functions.resolve(name, qualifier, target_account, target_region)


class FunctionSettingsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        path_only, _, query_string = path.partition("?")
        if not path_only.startswith(("/2016-08-19/", "/2021-10-31/", "/2024-08-31/", "/2021-07-20/")):
            return True
        account, region = _identity(path, headers)
        query = dict(parse_qsl(query_string))
        if method == "GET" and _ACCOUNT_SETTINGS.match(path_only):
            return json_response(_account_settings(account, region))
        if method == "GET" and (match := _URLS.match(path_only)):
            from localstack.services.awslambda import alias_urls

            spec = _function(match.group(1), None, account, region)
            record = spec.record
            configs = [record.url_config.to_dict()] if record.url_config is not None else []
            configs += alias_urls.of_function(spec.arn, spec.account, spec.region)
            return json_response({"FunctionUrlConfigs": configs})
        if match := _RECURSION.match(path_only):
            spec = _function(match.group(1), None, account, region)
            store = function_settings[spec.account][spec.region]
            if method == "PUT":
                loop = json.loads(data or b"{}").get("RecursiveLoop")
                store.recursion[spec.arn] = loop
                return json_response({"RecursiveLoop": loop})
            if method == "GET":
                return json_response({"RecursiveLoop": store.recursion.get(spec.arn, "Terminate")})
        if match := _RUNTIME.match(path_only):
            return _runtime_management(method, match.group(1), query.get("Qualifier"), data, account, region)
        return True

    def return_response(self, method: str, path: str, data: bytes, headers: Any, response: Any) -> Any:
        """A deleted function's settings go with it (a function created again starts from the defaults)."""
        path_only, _, query_string = path.partition("?")
        if method == "DELETE" and response.status_code < 300 and (alias := _ALIAS.match(path_only)):
            _drop_alias_url(alias.group(1), unquote(alias.group(2)), path, headers)
            return None
        match = _FUNCTION.match(path_only) if method == "DELETE" and response.status_code < 300 else None
        if match is None or "Qualifier" in dict(parse_qsl(query_string)):
            return None
        account, region = _identity(path, headers)
        target_account, target_region, name = functions.split_target(unquote(match.group(1)), account, region)
        if ":" in name:
            return None  # a version, not the function
        store = function_settings[target_account][target_region]
        arn = f"arn:aws:lambda:{target_region}:{target_account}:function:{name}"
        store.recursion.pop(arn, None)
        for key in [key for key in store.runtime if key == arn or key.startswith(arn + ":")]:
            del store.runtime[key]
        from localstack.services.awslambda import alias_urls

        alias_urls.drop(target_account, target_region, arn)
        return None


def _drop_alias_url(name: str, alias: str, path: str, headers: Any) -> None:
    """A deleted alias's function URL goes with it."""
    from localstack.services.awslambda import alias_urls

    account, region = _identity(path, headers)
    target_account, target_region, name = functions.split_target(unquote(name), account, region)
    arn = f"arn:aws:lambda:{target_region}:{target_account}:function:{name.split(':', 1)[0]}:{alias}"
    alias_urls.drop(target_account, target_region, arn)


def _account_settings(account: str, region: str) -> dict[str, Any]:
    from moto.awslambda.models import lambda_backends

    latest = list(lambda_backends[account][region]._lambdas.latest())
    reserved = sum(int(f.reserved_concurrency) for f in latest if f.reserved_concurrency not in (None, ""))
    every = list(lambda_backends[account][region]._lambdas.all())
    return {
        "AccountLimit": {
            **ACCOUNT_LIMIT,
            "UnreservedConcurrentExecutions": ACCOUNT_LIMIT["ConcurrentExecutions"] - reserved,
        },
        "AccountUsage": {
            "TotalCodeSize": sum(int(f.code_size or 0) for f in every),
            "FunctionCount": len(latest),
        },
    }


def _runtime_management(
    method: str, name: str, qualifier: str | None, data: bytes, account: str, region: str
) -> ForwardResult:
    spec = _function(name, qualifier, account, region)
    arn = f"{spec.arn}:{qualifier}" if qualifier else spec.arn
    store = function_settings[spec.account][spec.region]
    if method == "PUT":
        body = json.loads(data or b"{}")
        mode, version_arn = body.get("UpdateRuntimeOn"), body.get("RuntimeVersionArn")
        store.runtime[arn] = {"UpdateRuntimeOn": mode, "RuntimeVersionArn": version_arn}
        answer = {"UpdateRuntimeOn": mode, "FunctionArn": arn}
        if version_arn:
            answer["RuntimeVersionArn"] = version_arn
        return json_response(answer)
    if method == "GET":
        config = store.runtime.get(arn) or {"UpdateRuntimeOn": "Auto"}
        answer = {"UpdateRuntimeOn": config["UpdateRuntimeOn"], "FunctionArn": arn}
        if config.get("RuntimeVersionArn"):
            answer["RuntimeVersionArn"] = config["RuntimeVersionArn"]
        return json_response(answer)
    return True
