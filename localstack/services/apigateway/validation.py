"""API Gateway's refusals that moto answers otherwise: stage names, stages of unknown deployments,
lookups of a method's integration or response, a deployment or a request validator that does not exist,
a REST API id or a method that does not exist, an empty description, and the deletion of a model a
method uses."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from localstack.utils.aws.errors import AWSError

_STAGE_NAME = re.compile(r"[a-zA-Z0-9_]+\Z")
_STAGES = re.compile(r"^/restapis/([^/]+)/(stages|deployments)/?$")
_REST_API = re.compile(r"^/restapis/([^/]+)/?$")
_REST_APIS = re.compile(r"^/restapis/?$")
_API_CHILD = re.compile(r"^/restapis/([^/]+)/(deployments|requestvalidators|authorizers)/([^/]+)/?$")
# A child of an API that does not exist, in AWS's words (moto's differ: "Deployment 'x' not found.",
# "Authorizer 'x' not found." on delete, "Request validator 'x' not found." on update, and a 400
# "Invalid Request Validator Id specified").
_MISSING_CHILD = {
    "deployments": ("deployments", "Invalid Deployment identifier specified"),
    "requestvalidators": ("request_validators", "Invalid Request Validator identifier specified"),
    "authorizers": ("authorizers", "Invalid Authorizer identifier specified"),
}
_METHOD = re.compile(r"^/restapis/([^/]+)/resources/([^/]+)/methods/([^/]+)/?$")
_MODEL = re.compile(r"^/restapis/([^/]+)/models/([^/]+)/?$")
_MODELS = re.compile(r"^/restapis/([^/]+)/models/?$")
_METHOD_PART = re.compile(
    r"^/restapis/([^/]+)/resources/([^/]+)/methods/([^/]+)/(integration|responses/([^/]+))/?$"
)


# The models every REST API has from its creation.
BUILT_IN_MODELS = ("Empty", "Error")


def _not_found(message: str) -> AWSError:
    return AWSError("NotFoundException", message, 404)


def _json_object(data: bytes) -> dict[str, Any] | None:
    """The request's JSON body as a dict; None when it is not one (the backend answers that)."""
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def check(method: str, path: str, data: bytes, api_of: Any, account: str = "") -> None:
    """`api_of(api_id)` is moto's RestAPI of the caller's account and region, or None."""
    path = path.partition("?")[0]
    if method in ("GET", "DELETE", "PATCH") and (match := _REST_API.match(path)):
        if api_of(match.group(1)) is None:
            # AWS names the id with its account (LocalStack's AWS-validated tests of Get, Update and
            # DeleteRestApi; the same sentence in users' CloudFormation reports).
            raise _not_found(f"Invalid API identifier specified {account}:{match.group(1)}")
    elif method == "POST" and _REST_APIS.match(path):
        _check_description(data)
    elif method in ("GET", "DELETE", "PATCH") and (match := _API_CHILD.match(path)):
        api = api_of(match.group(1))
        attribute, sentence = _MISSING_CHILD[match.group(2)]
        if api is not None and match.group(3) not in getattr(api, attribute, {match.group(3): None}):
            raise _not_found(sentence)
    elif method in ("GET", "DELETE", "PATCH") and (match := _METHOD.match(path)):
        api = api_of(match.group(1))
        resource = api.resources.get(match.group(2)) if api is not None else None
        if resource is not None and match.group(3) not in resource.resource_methods:
            raise _not_found("Invalid Method identifier specified")  # moto answered 200 (recorded)
    elif method == "PUT" and (match := _METHOD.match(path)):
        _check_put_method(api_of(match.group(1)), match.group(2), data)
    elif method in ("GET", "DELETE") and (match := _MODEL.match(path)):
        api = api_of(match.group(1))
        name = unquote(match.group(2))
        if api is not None and name not in api.models and name not in BUILT_IN_MODELS:
            raise _not_found(f"Invalid model name specified: {name}")
        if api is not None and method == "DELETE":
            _check_model_unused(api, name)
    elif method == "POST" and (match := _MODELS.match(path)):
        api = api_of(match.group(1))
        if api is not None:
            _check_new_model(api, data)
    elif method == "POST" and (match := _STAGES.match(path)):
        _check_stage(match.group(1), match.group(2), data, api_of)
    elif method == "GET" and (match := _METHOD_PART.match(path)):
        api = api_of(match.group(1))
        resource = api.resources.get(match.group(2)) if api is not None else None
        found = resource.resource_methods.get(match.group(3)) if resource is not None else None
        if resource is None:
            return  # moto answers a missing API or resource in AWS's words
        if found is None:
            raise _not_found("Invalid Method identifier specified")  # moto answered an empty integration
        if match.group(4) == "integration" and found.method_integration is None:
            raise _not_found("Invalid Integration identifier specified")
        if match.group(5) is not None and match.group(5) not in found.method_responses:
            raise _not_found("Invalid Response status code specified")


def _check_put_method(api: Any, resource_id: str, data: bytes) -> None:
    """PutMethod's references must name what the API holds (recorded; moto stored dangling ones)."""
    if api is None or resource_id not in api.resources:
        raise _not_found("Invalid Resource identifier specified")
    body = _json_object(data)
    if body is None:
        return
    if body.get("authorizationType") in ("CUSTOM", "COGNITO_USER_POOLS") and (
        body.get("authorizerId") not in api.authorizers
    ):
        raise AWSError(
            "BadRequestException",
            "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
            "COGNITO_USER_POOLS requires a valid authorizer.",
        )
    validator = body.get("requestValidatorId")
    if validator is not None and validator not in api.request_validators:
        raise AWSError("BadRequestException", "Invalid Request Validator identifier specified")
    models = body.get("requestModels")
    for model in (models or {}).values() if isinstance(models, dict) else ():
        if model not in api.models and model not in BUILT_IN_MODELS:
            raise AWSError("BadRequestException", f"Invalid model identifier specified: {model}")
    parameters = body.get("requestParameters")
    names = [key.rpartition(".")[2] for key in parameters or {}] if isinstance(parameters, dict) else []
    if len(set(names)) != len(names):
        raise AWSError(
            "BadRequestException", "Parameter names must be unique across querystring, header and path"
        )


def _check_new_model(api: Any, data: bytes) -> None:
    """CreateModel: a name the API does not have yet, a schema that defines something (recorded)."""
    body = _json_object(data)
    if body is None:
        return
    if body.get("name") in api.models:
        raise AWSError("ConflictException", "Model name already exists for this REST API", 409)
    schema = body.get("schema")
    try:
        document = json.loads(schema) if isinstance(schema, str) else None
    except ValueError:
        document = None
    if schema is None or document == {}:
        raise AWSError(
            "BadRequestException", "Model schema must have at least 1 property or array items defined"
        )


def _check_model_unused(api: Any, model_name: str) -> None:
    """A model a method's request names is not deleted (recorded; moto deleted it)."""
    for resource in api.resources.values():
        for verb, found in resource.resource_methods.items():
            if model_name in (getattr(found, "request_models", None) or {}).values():
                raise AWSError(
                    "ConflictException",
                    f"Cannot delete model '{model_name}', is referenced in method request: "
                    f"{resource.get_path()}/{verb}",
                    409,
                )


def _check_description(data: bytes) -> None:
    """CreateRestApi's description may be left out, not given empty (recorded)."""
    body = _json_object(data)
    if body is not None and body.get("description") == "":
        raise AWSError("BadRequestException", "Description cannot be an empty string")


def _check_stage(api_id: str, collection: str, data: bytes, api_of: Any) -> None:
    """CreateStage and CreateDeployment (which creates its stage) name a stage in API Gateway's
    characters; CreateStage's deployment must exist (moto stored a stage pointing at nothing)."""
    body = _json_object(data)
    if body is None:
        return
    name = body.get("stageName")
    if isinstance(name, str) and name and not _STAGE_NAME.match(name):
        raise AWSError("BadRequestException", "Stage name only allows a-zA-Z0-9_")
    deployment = body.get("deploymentId")
    if collection == "stages" and isinstance(deployment, str):
        api = api_of(api_id)
        if api is not None and deployment not in api.deployments:
            raise _not_found("Invalid Deployment identifier specified")
