"""Function URLs of an alias (the `Qualifier` of the function URL operations): one URL per alias, whose
FunctionArn names the alias and whose calls run the alias's version. moto keeps a single unqualified
URL per function, so the alias URLs live here."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import unquote

from localstack.services.awslambda import functions
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.stores import AccountRegionStore, RegionStore
from localstack.utils.http import json_response

_NOT_FOUND = "The resource you requested does not exist."


class AliasUrls(RegionStore):
    def __init__(self) -> None:
        self.configs: dict[str, dict[str, Any]] = {}  # alias ARN -> its FunctionUrlConfig (and url id)


alias_urls = AccountRegionStore(AliasUrls)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000+0000", time.gmtime())


def _alias_arn(name: str, qualifier: str, account: str, region: str) -> tuple[str, str, str]:
    """(account, region, alias ARN) of a function and alias that exist; ResourceNotFoundException if not."""
    from moto.awslambda.models import lambda_backends

    account, region, name = functions.split_target(unquote(name), account, region)
    name = name.split(":", 1)[0]
    backend = lambda_backends[account][region]
    try:
        function = backend.get_function(name)
        backend.get_alias(qualifier, function.function_name)
    except Exception as error:  # moto's UnknownFunctionException, UnknownAliasException
        raise AWSError(
            "ResourceNotFoundException", getattr(error, "message", str(error)) or _NOT_FOUND, 404
        ) from None
    unqualified = function.function_arn.removesuffix(":$LATEST")
    return account, region, f"{unqualified}:{qualifier}"


def public(config: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in config.items() if key != "url_id" and value is not None}


def handle(method: str, name: str, qualifier: str, data: bytes, account: str, region: str) -> Any:
    """Create, get, update or delete the URL of alias `qualifier` of function `name`."""
    from localstack.services.awslambda.function_urls import function_urls, url_for

    account, region, arn = _alias_arn(name, qualifier, account, region)
    store = alias_urls[account][region]
    config = store.configs.get(arn)
    body = json.loads(data or b"{}") if method in ("POST", "PUT") else {}
    if method == "POST":
        if config is not None:
            raise AWSError(
                "ResourceConflictException",
                f"Failed to create function url config for [functionArn = {arn}]. "
                "Error message:  FunctionUrlConfig exists for this Lambda function",
                409,
            )
        url_id = uuid.uuid4().hex
        created = _now()
        config = {
            "url_id": url_id,
            "FunctionUrl": url_for(url_id, region),
            "FunctionArn": arn,
            "AuthType": body.get("AuthType"),
            "Cors": body.get("Cors"),
            "CreationTime": created,
            "LastModifiedTime": created,
            "InvokeMode": body.get("InvokeMode") or "BUFFERED",
        }
        store.configs[arn] = config
        function_urls[account][region].functions[url_id] = arn
        answer = public(config)
        answer.pop("LastModifiedTime")
        return json_response(answer, 201)
    if config is None:
        raise AWSError("ResourceNotFoundException", _NOT_FOUND, 404)
    if method == "GET":
        return json_response(public(config))
    if method == "PUT":
        for key in ("AuthType", "Cors", "InvokeMode"):
            if key in body:
                config[key] = body[key]
        config["LastModifiedTime"] = _now()
        return json_response(public(config))
    if method == "DELETE":
        drop(account, region, arn)
        return 204
    return True


def drop(account: str, region: str, arn: str) -> None:
    """Forget the URL of one alias ARN, or of every alias of an unqualified function ARN."""
    from localstack.services.awslambda.function_urls import function_urls

    store = alias_urls[account][region]
    for key in [key for key in store.configs if key == arn or key.rsplit(":", 1)[0] == arn]:
        config = store.configs.pop(key)
        function_urls[account][region].functions.pop(config["url_id"], None)


def of_function(unqualified_arn: str, account: str, region: str) -> list[dict[str, Any]]:
    """The alias URL configs of a function, for ListFunctionUrlConfigs."""
    store = alias_urls[account][region]
    configs = store.configs.items()
    return [public(config) for key, config in configs if key.rsplit(":", 1)[0] == unqualified_arn]


def config_of(arn: str, account: str, region: str) -> dict[str, Any] | None:
    return alias_urls[account][region].configs.get(arn)
