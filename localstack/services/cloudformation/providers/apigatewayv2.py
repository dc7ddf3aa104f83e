"""API Gateway v2 (HTTP and WebSocket API) resources: Api, Route, Integration, Stage, Authorizer,
Deployment."""

from __future__ import annotations

from typing import Any

import yaml

from localstack.services.apigatewayv2 import openapi_import
from localstack.services.cloudformation.providers.base import Created, ProviderContext, ResourceProvider
from localstack.services.cloudformation.providers.conversions import as_bool, pick, tags_dict
from localstack.services.cloudformation.providers.lifecycle import delete_call


def _client(ctx: ProviderContext) -> Any:
    return ctx.client("apigatewayv2")


class Api(ResourceProvider):
    type_name = "AWS::ApiGatewayV2::Api"
    create_only = frozenset(("ProtocolType",))
    _KEYS = (
        "Description",
        "RouteSelectionExpression",
        "ApiKeySelectionExpression",
        "CorsConfiguration",
        "Target",
        "RouteKey",
        "CredentialsArn",
        "Version",
        "DisableExecuteApiEndpoint",
        "DisableSchemaValidation",
    )

    def _attributes(self, api: dict[str, Any]) -> dict[str, Any]:
        return {"ApiId": api["ApiId"], "ApiEndpoint": api.get("ApiEndpoint", "")}

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        apigw = _client(ctx)
        if props.get("Body") is not None:
            body = props["Body"]
            document = yaml.safe_load(body) if isinstance(body, str) else body
            api = openapi_import.import_http_api(apigw, document, tags_dict(ctx, props))
        else:
            args = {
                "Name": props.get("Name") or ctx.logical_id,
                "ProtocolType": props.get("ProtocolType", "HTTP"),
                **pick(props, self._KEYS),
            }
            tags = tags_dict(ctx, props)
            if tags:
                args["Tags"] = tags
            api = apigw.create_api(**args)
        return Created(api["ApiId"], self._attributes(api))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        args = pick(
            props, ("Name", "Description", "RouteSelectionExpression", "CorsConfiguration", "Version")
        )
        api = _client(ctx).update_api(ApiId=physical_id, **args)
        return Created(physical_id, self._attributes(api))

    delete = delete_call("apigatewayv2", "delete_api", "ApiId")


class Integration(ResourceProvider):
    type_name = "AWS::ApiGatewayV2::Integration"
    create_only = frozenset(("ApiId",))
    _KEYS = (
        "IntegrationType",
        "IntegrationUri",
        "IntegrationMethod",
        "PayloadFormatVersion",
        "Description",
        "ConnectionType",
        "ConnectionId",
        "CredentialsArn",
        "RequestParameters",
        "RequestTemplates",
        "TemplateSelectionExpression",
        "PassthroughBehavior",
        "IntegrationSubtype",
        "ContentHandlingStrategy",
    )

    def _args(self, props: dict[str, Any]) -> dict[str, Any]:
        args = pick(props, self._KEYS)
        args.update(pick(props, ("TimeoutInMillis",), int))
        return args

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        integration = _client(ctx).create_integration(ApiId=props["ApiId"], **self._args(props))
        return Created(integration["IntegrationId"], {"IntegrationId": integration["IntegrationId"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        _client(ctx).update_integration(ApiId=props["ApiId"], IntegrationId=physical_id, **self._args(props))
        return Created(physical_id, attributes)

    delete = delete_call("apigatewayv2", "delete_integration", "IntegrationId", with_props={"ApiId": "ApiId"})


class Route(ResourceProvider):
    type_name = "AWS::ApiGatewayV2::Route"
    create_only = frozenset(("ApiId",))
    _KEYS = (
        "RouteKey",
        "Target",
        "AuthorizationType",
        "AuthorizerId",
        "AuthorizationScopes",
        "OperationName",
        "RouteResponseSelectionExpression",
        "ModelSelectionExpression",
        "RequestModels",
    )

    def _args(self, props: dict[str, Any]) -> dict[str, Any]:
        return {**pick(props, self._KEYS), **pick(props, ("ApiKeyRequired",), as_bool)}

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        route = _client(ctx).create_route(ApiId=props["ApiId"], **self._args(props))
        return Created(route["RouteId"], {"RouteId": route["RouteId"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        _client(ctx).update_route(ApiId=props["ApiId"], RouteId=physical_id, **self._args(props))
        return Created(physical_id, attributes)

    delete = delete_call("apigatewayv2", "delete_route", "RouteId", with_props={"ApiId": "ApiId"})


class Stage(ResourceProvider):
    type_name = "AWS::ApiGatewayV2::Stage"
    create_only = frozenset(("ApiId", "StageName"))
    _KEYS = (
        "DeploymentId",
        "Description",
        "StageVariables",
        "DefaultRouteSettings",
        "RouteSettings",
        "AccessLogSettings",
    )

    def _args(self, props: dict[str, Any]) -> dict[str, Any]:
        return {**pick(props, self._KEYS), **pick(props, ("AutoDeploy",), as_bool)}

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = self._args(props)
        tags = tags_dict(ctx, props)
        if tags:
            args["Tags"] = tags
        _client(ctx).create_stage(ApiId=props["ApiId"], StageName=props["StageName"], **args)
        return Created(props["StageName"])

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        _client(ctx).update_stage(ApiId=props["ApiId"], StageName=physical_id, **self._args(props))
        return Created(physical_id)

    delete = delete_call("apigatewayv2", "delete_stage", "StageName", with_props={"ApiId": "ApiId"})


class Authorizer(ResourceProvider):
    type_name = "AWS::ApiGatewayV2::Authorizer"
    create_only = frozenset(("ApiId",))
    _KEYS = (
        "AuthorizerType",
        "Name",
        "IdentitySource",
        "AuthorizerUri",
        "AuthorizerCredentialsArn",
        "AuthorizerPayloadFormatVersion",
        "IdentityValidationExpression",
        "JwtConfiguration",
    )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = pick(props, self._KEYS)
        args.update(pick(props, ("EnableSimpleResponses",), as_bool))
        args.update(pick(props, ("AuthorizerResultTtlInSeconds",), int))
        authorizer = _client(ctx).create_authorizer(ApiId=props["ApiId"], **args)
        return Created(authorizer["AuthorizerId"], {"AuthorizerId": authorizer["AuthorizerId"]})

    delete = delete_call("apigatewayv2", "delete_authorizer", "AuthorizerId", with_props={"ApiId": "ApiId"})


class Deployment(ResourceProvider):
    type_name = "AWS::ApiGatewayV2::Deployment"
    create_only = frozenset(("ApiId",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        deployment = _client(ctx).create_deployment(
            ApiId=props["ApiId"], **pick(props, ("Description", "StageName"))
        )
        return Created(deployment["DeploymentId"], {"DeploymentId": deployment["DeploymentId"]})

    delete = delete_call("apigatewayv2", "delete_deployment", "DeploymentId", with_props={"ApiId": "ApiId"})


PROVIDERS = [Api, Integration, Route, Stage, Authorizer, Deployment]
