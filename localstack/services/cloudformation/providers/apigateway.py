"""API Gateway (REST) resources that make an API serve: RestApi (incl. Body/BodyS3Location OpenAPI
import), Resource, Method (with its integration, incl. MOCK), Deployment, Stage, Account."""

from __future__ import annotations

import json
import uuid
from typing import Any

from localstack.services.cloudformation.providers import openapi
from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import (
    as_bool,
    json_text,
    lower_first,
    tags_dict,
)
from localstack.services.cloudformation.providers.lifecycle import PutResource, delete_call, nothing_to_delete


def _client(ctx: ProviderContext) -> Any:
    return ctx.client("apigateway")


def _generated_id(ctx: ProviderContext) -> str:
    return f"{ctx.stack_name[:5]}-{ctx.logical_id[:5]}-{uuid.uuid4().hex[:12].upper()}"


def _document(ctx: ProviderContext, props: dict[str, Any]) -> dict[str, Any] | None:
    """The OpenAPI document of Body (an object, JSON or YAML text) or BodyS3Location."""
    body = props.get("Body")
    location = props.get("BodyS3Location")
    if body is None and location:
        body = (
            ctx.client("s3")
            .get_object(Bucket=location["Bucket"], Key=location["Key"])["Body"]
            .read()
            .decode()
        )
    if body is None:
        return None
    if isinstance(body, str):
        import yaml

        body = json.loads(body) if body.lstrip().startswith("{") else yaml.safe_load(body)
    return body if isinstance(body, dict) else None


class RestApi(ResourceProvider):
    type_name = "AWS::ApiGateway::RestApi"

    def _attributes(self, ctx: ProviderContext, api_id: str) -> dict[str, Any]:
        resources = _client(ctx).get_resources(restApiId=api_id, limit=500)["items"]
        root = next((r["id"] for r in resources if r.get("path") == "/"), "")
        return {"RestApiId": api_id, "RootResourceId": root}

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        apigw = _client(ctx)
        document = _document(ctx, props)
        info = (document or {}).get("info") or {}
        args: dict[str, Any] = {"name": props.get("Name") or info.get("title") or ctx.logical_id}
        description = props.get("Description") or info.get("description")
        if description:
            args["description"] = description
        for source, target in (
            ("BinaryMediaTypes", "binaryMediaTypes"),
            ("ApiKeySourceType", "apiKeySourceType"),
            ("DisableExecuteApiEndpoint", "disableExecuteApiEndpoint"),
        ):
            if props.get(source) is not None:
                args[target] = props[source]
        if props.get("EndpointConfiguration"):
            args["endpointConfiguration"] = {
                k[0].lower() + k[1:]: v for k, v in props["EndpointConfiguration"].items()
            }
        args.update(lower_first(props, ("MinimumCompressionSize",), int))
        if props.get("Policy"):
            args["policy"] = json_text(props["Policy"])
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        api = apigw.create_rest_api(**args)
        if document is not None:
            openapi.import_document(apigw, api["id"], document)
        return Created(api["id"], self._attributes(ctx, api["id"]))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        apigw = _client(ctx)
        if props.get("Body") != old.get("Body") or props.get("BodyS3Location") != old.get("BodyS3Location"):
            document = _document(ctx, props)
            openapi.clear(apigw, physical_id)
            if document is not None:
                openapi.import_document(apigw, physical_id, document)
        patches = []
        for key, path in (("Name", "/name"), ("Description", "/description")):
            if props.get(key) != old.get(key) and props.get(key) is not None:
                patches.append({"op": "replace", "path": path, "value": str(props[key])})
        if patches:
            apigw.update_rest_api(restApiId=physical_id, patchOperations=patches)
        return Created(physical_id, self._attributes(ctx, physical_id))

    delete = delete_call("apigateway", "delete_rest_api", "restApiId")


class Resource(ResourceProvider):
    type_name = "AWS::ApiGateway::Resource"
    create_only = frozenset(("RestApiId", "ParentId", "PathPart"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        resource = _client(ctx).create_resource(
            restApiId=props["RestApiId"], parentId=props["ParentId"], pathPart=props["PathPart"]
        )
        return Created(resource["id"], {"ResourceId": resource["id"]})

    delete = delete_call("apigateway", "delete_resource", "resourceId", with_props={"restApiId": "RestApiId"})


class Method(ResourceProvider):
    type_name = "AWS::ApiGateway::Method"
    create_only = frozenset(("RestApiId", "ResourceId", "HttpMethod"))

    def _put(self, ctx: ProviderContext, props: dict[str, Any]) -> None:
        apigw = _client(ctx)
        api, resource, method = props["RestApiId"], props["ResourceId"], props["HttpMethod"]
        args = {
            "restApiId": api,
            "resourceId": resource,
            "httpMethod": method,
            "authorizationType": props.get("AuthorizationType", "NONE"),
        }
        args.update(
            lower_first(
                props,
                (
                    "AuthorizerId",
                    "RequestParameters",
                    "RequestModels",
                    "RequestValidatorId",
                    "OperationName",
                    "AuthorizationScopes",
                ),
            )
        )
        args.update(lower_first(props, ("ApiKeyRequired",), as_bool))
        if "requestParameters" in args:
            args["requestParameters"] = {k: as_bool(v) for k, v in args["requestParameters"].items()}
        apigw.put_method(**args)
        for response in props.get("MethodResponses") or []:
            extra = lower_first(response, ("ResponseModels", "ResponseParameters"))
            if "responseParameters" in extra:
                extra["responseParameters"] = {k: as_bool(v) for k, v in extra["responseParameters"].items()}
            apigw.put_method_response(
                restApiId=api,
                resourceId=resource,
                httpMethod=method,
                statusCode=str(response["StatusCode"]),
                **extra,
            )
        integration = props.get("Integration")
        if integration:
            extra = lower_first(
                integration,
                (
                    "Uri",
                    "RequestTemplates",
                    "RequestParameters",
                    "PassthroughBehavior",
                    "ContentHandling",
                    "Credentials",
                    "CacheNamespace",
                    "CacheKeyParameters",
                    "ConnectionType",
                    "ConnectionId",
                ),
            )
            if integration.get("IntegrationHttpMethod"):
                extra["integrationHttpMethod"] = integration["IntegrationHttpMethod"]
            elif integration.get("Type") in ("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY"):
                extra["integrationHttpMethod"] = "POST" if integration["Type"].startswith("AWS") else method
            if integration.get("TimeoutInMillis") is not None:
                extra["timeoutInMillis"] = int(integration["TimeoutInMillis"])
            apigw.put_integration(
                restApiId=api, resourceId=resource, httpMethod=method, type=integration["Type"], **extra
            )
            for response in integration.get("IntegrationResponses") or []:
                extra = lower_first(
                    response,
                    ("SelectionPattern", "ResponseTemplates", "ResponseParameters", "ContentHandling"),
                )
                apigw.put_integration_response(
                    restApiId=api,
                    resourceId=resource,
                    httpMethod=method,
                    statusCode=str(response["StatusCode"]),
                    **extra,
                )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        self._put(ctx, props)
        return Created(_generated_id(ctx))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self._remove(ctx, old)
        self._put(ctx, props)
        return Created(physical_id)

    def _remove(self, ctx: ProviderContext, props: dict[str, Any]) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_method(
                restApiId=props["RestApiId"], resourceId=props["ResourceId"], httpMethod=props["HttpMethod"]
            )
        )

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        self._remove(ctx, props)


class Deployment(ResourceProvider):
    type_name = "AWS::ApiGateway::Deployment"
    create_only = frozenset(("RestApiId", "DeploymentCanarySettings"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {"restApiId": props["RestApiId"]}
        if props.get("Description"):
            args["description"] = props["Description"]
        if props.get("StageName"):
            args["stageName"] = props["StageName"]
            stage = props.get("StageDescription") or {}
            if stage.get("Description"):
                args["stageDescription"] = stage["Description"]
            if stage.get("Variables"):
                args["variables"] = stage["Variables"]
        deployment = _client(ctx).create_deployment(**args)
        return Created(deployment["id"], {"DeploymentId": deployment["id"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        if props.get("StageName") and props.get("StageName") == old.get("StageName"):
            created = self.create(ctx, props)
            return created
        if props.get("Description") != old.get("Description"):
            _client(ctx).update_deployment(
                restApiId=props["RestApiId"],
                deploymentId=physical_id,
                patchOperations=[
                    {"op": "replace", "path": "/description", "value": props.get("Description", "")}
                ],
            )
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        apigw = _client(ctx)
        if props.get("StageName"):
            ignore_missing(
                lambda: apigw.delete_stage(restApiId=props["RestApiId"], stageName=props["StageName"])
            )
        ignore_missing(
            lambda: apigw.delete_deployment(restApiId=props["RestApiId"], deploymentId=physical_id),
            "BadRequestException",
        )


class Stage(ResourceProvider):
    type_name = "AWS::ApiGateway::Stage"
    create_only = frozenset(("RestApiId", "StageName"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("StageName") or _generated_id(ctx).lower()
        args: dict[str, Any] = {
            "restApiId": props["RestApiId"],
            "stageName": name,
            "deploymentId": props["DeploymentId"],
        }
        args.update(lower_first(props, ("Description", "Variables")))
        args.update(lower_first(props, ("TracingEnabled", "CacheClusterEnabled"), as_bool))
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        _client(ctx).create_stage(**args)
        return Created(name)

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        patches = []
        if props.get("DeploymentId") != old.get("DeploymentId"):
            patches.append({"op": "replace", "path": "/deploymentId", "value": props["DeploymentId"]})
        if props.get("Description") != old.get("Description"):
            patches.append({"op": "replace", "path": "/description", "value": props.get("Description", "")})
        for key, value in (props.get("Variables") or {}).items():
            if (old.get("Variables") or {}).get(key) != value:
                patches.append({"op": "replace", "path": f"/variables/{key}", "value": str(value)})
        for key in set(old.get("Variables") or {}) - set(props.get("Variables") or {}):
            patches.append({"op": "remove", "path": f"/variables/{key}"})
        if patches:
            _client(ctx).update_stage(
                restApiId=props["RestApiId"], stageName=physical_id, patchOperations=patches
            )
        return Created(physical_id)

    delete = delete_call("apigateway", "delete_stage", "stageName", with_props={"restApiId": "RestApiId"})


class Account(PutResource):
    type_name = "AWS::ApiGateway::Account"
    id_attribute = "Id"

    def new_id(self, ctx: ProviderContext, props: dict[str, Any]) -> str:
        return _generated_id(ctx)

    def put(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> None:
        if props.get("CloudWatchRoleArn"):
            _client(ctx).update_account(
                patchOperations=[
                    {"op": "replace", "path": "/cloudwatchRoleArn", "value": props["CloudWatchRoleArn"]}
                ]
            )

    # The account's settings outlive the resource, as in AWS.
    delete = nothing_to_delete


PROVIDERS = [RestApi, Resource, Method, Deployment, Stage, Account]
