"""Corrections to moto's apigateway backend, applied by the starter before the backend is built."""

from __future__ import annotations

import json
from typing import Any

HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY")


def apply() -> None:
    _keep_binary_media_types()
    _rest_api_updates()
    _import_without_description()
    _refuse_duplicates_and_gaps()


def _refuse_duplicates_and_gaps() -> None:
    """What API Gateway refuses and moto stored (sentences as CloudFormation and Terraform runs show
    them): a second resource with one parent and path part, and a second method of one verb on a
    resource (ConflictException, 409); a resource under a parent that does not exist (NotFoundException:
    moto stored it, and every later GetResources of the API failed); a verb that is not HTTP's
    (BadRequestException); a deployment while some method has no integration (BadRequestException;
    moto refused only when none had one)."""
    from moto.apigateway.exceptions import (
        BadRequestException,
        ConflictException,
        ResourceIdNotFoundException,
    )
    from moto.apigateway.models import APIGatewayBackend

    from localstack.services.apigateway import resource_updates

    create_resource, put_method, create_deployment = (
        APIGatewayBackend.create_resource,
        APIGatewayBackend.put_method,
        APIGatewayBackend.create_deployment,
    )

    def create_resource_once(self: Any, function_id: str, parent_resource_id: str, path_part: str) -> Any:
        api = self.get_rest_api(function_id)
        if path_part and parent_resource_id not in api.resources:
            # moto stored the child before failing on its parent, and every GetResources failed after.
            raise ResourceIdNotFoundException()
        if path_part:
            # A name taken among the siblings, a child of a greedy {proxy+}, a second variable part.
            resource_updates.check_new_child(api, parent_resource_id, path_part)
        return create_resource(self, function_id, parent_resource_id, path_part)

    def put_method_once(
        self: Any, function_id: str, resource_id: str, method_type: str, *args: Any, **kwargs: Any
    ) -> Any:
        if method_type not in HTTP_METHODS:
            raise BadRequestException(
                f"Invalid HttpMethod specified. Valid options are {','.join(HTTP_METHODS)}"
            )
        if method_type in self.get_resource(function_id, resource_id).resource_methods:
            raise ConflictException("Method already exists for this resource")
        return put_method(self, function_id, resource_id, method_type, *args, **kwargs)

    def create_complete_deployment(self: Any, function_id: str, *args: Any, **kwargs: Any) -> Any:
        methods = [
            method
            for resource in self.get_resources(function_id)
            for method in resource.resource_methods.values()
        ]
        if methods and any(not method.method_integration for method in methods):
            raise BadRequestException("No integration defined for method")
        return create_deployment(self, function_id, *args, **kwargs)

    APIGatewayBackend.create_resource = create_resource_once
    APIGatewayBackend.put_method = put_method_once
    APIGatewayBackend.create_deployment = create_complete_deployment


def _keep_binary_media_types() -> None:
    """moto's CreateRestApi drops `binaryMediaTypes`, which decide how binary bodies are proxied; its
    APIs lack the endpoint configuration's `ipAddressType` (recorded: `ipv4` for an EDGE or REGIONAL
    API). (Its 200 is answered as the model's 201 by the listener's return_response.)"""
    from moto.apigateway.models import RestAPI
    from moto.apigateway.responses import APIGatewayResponse

    original_to_dict = RestAPI.to_dict

    def to_dict(self: Any) -> dict[str, Any]:
        described = original_to_dict(self)
        endpoint = described.get("endpointConfiguration")
        if isinstance(endpoint, dict) and "PRIVATE" not in (endpoint.get("types") or []):
            described["endpointConfiguration"] = {"ipAddressType": "ipv4", **endpoint}
        if not described.get("binaryMediaTypes"):
            described.pop("binaryMediaTypes", None)  # AWS leaves an API without any out (recorded)
        return described

    RestAPI.to_dict = to_dict

    original = APIGatewayResponse.create_rest_api

    def create_rest_api(self: Any) -> Any:
        status, headers, body = original(self)
        media_types = self._get_param("binaryMediaTypes")
        if media_types and int(status) < 300:
            api = self.backend.apis.get(json.loads(body).get("id"))
            if api is not None:
                api.binaryMediaTypes = list(media_types)
                body = json.dumps(api.to_dict())
        return status, headers, body

    APIGatewayResponse.create_rest_api = create_rest_api


def _rest_api_updates() -> None:
    """UpdateRestApi's patch operations as API Gateway applies them (rest_api_updates.py)."""
    from moto.apigateway.models import RestAPI

    from localstack.services.apigateway import rest_api_updates

    original = RestAPI.apply_patch_operations

    def apply_patch_operations(self: Any, patch_operations: list[dict[str, Any]]) -> None:
        rest_api_updates.apply(self, patch_operations, original)

    RestAPI.apply_patch_operations = apply_patch_operations


def _import_without_description() -> None:
    """moto's ImportRestApi crashes on an OpenAPI document whose `info` has no description (SAM's
    generated documents have none); AWS makes the API without one."""
    from moto.apigateway.models import APIGatewayBackend

    original = APIGatewayBackend.import_rest_api

    def import_rest_api(self: Any, api_doc: dict[str, Any], fail_on_warnings: bool) -> Any:
        info = api_doc.get("info") if isinstance(api_doc, dict) else None
        if isinstance(info, dict) and "description" not in info:
            api_doc = {**api_doc, "info": {**info, "description": None}}
        return original(self, api_doc, fail_on_warnings)

    APIGatewayBackend.import_rest_api = import_rest_api
