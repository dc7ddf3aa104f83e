"""API Gateway (REST) resources around an API: Authorizer, ApiKey, UsagePlan, UsagePlanKey, Model,
RequestValidator, GatewayResponse, DomainName, BasePathMapping."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.apigateway import _client, _generated_id
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
from localstack.services.cloudformation.providers.lifecycle import PutResource, delete_call


class Authorizer(ResourceProvider):
    type_name = "AWS::ApiGateway::Authorizer"
    create_only = frozenset(("RestApiId",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = {
            "restApiId": props["RestApiId"],
            "name": props.get("Name") or ctx.logical_id,
            "type": props["Type"],
        }
        args.update(
            lower_first(
                props,
                (
                    "ProviderARNs",
                    "AuthType",
                    "AuthorizerUri",
                    "AuthorizerCredentials",
                    "IdentitySource",
                    "IdentityValidationExpression",
                ),
            )
        )
        if "providerARNs" in args:
            args["providerARNs"] = args.pop("providerARNs")
        args.update(lower_first(props, ("AuthorizerResultTtlInSeconds",), int))
        authorizer = _client(ctx).create_authorizer(**args)
        return Created(authorizer["id"], {"AuthorizerId": authorizer["id"]})

    delete = delete_call(
        "apigateway", "delete_authorizer", "authorizerId", with_props={"restApiId": "RestApiId"}
    )


class ApiKey(ResourceProvider):
    type_name = "AWS::ApiGateway::ApiKey"
    create_only = frozenset(("Name", "Value", "GenerateDistinctId"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {
            "name": props.get("Name") or _generated_id(ctx),
            "enabled": as_bool(props.get("Enabled", False)),
        }
        args.update(lower_first(props, ("Description", "Value", "CustomerId")))
        if props.get("StageKeys"):
            args["stageKeys"] = [
                {"restApiId": k.get("RestApiId"), "stageName": k.get("StageName")} for k in props["StageKeys"]
            ]
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        key = _client(ctx).create_api_key(**args)
        return Created(key["id"], {"APIKeyId": key["id"]})

    delete = delete_call("apigateway", "delete_api_key", "apiKey")


class UsagePlan(ResourceProvider):
    type_name = "AWS::ApiGateway::UsagePlan"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {"name": props.get("UsagePlanName") or _generated_id(ctx)}
        if props.get("Description"):
            args["description"] = props["Description"]
        if props.get("ApiStages"):
            args["apiStages"] = [{"apiId": s["ApiId"], "stage": s["Stage"]} for s in props["ApiStages"]]
        if props.get("Quota"):
            quota = props["Quota"]
            args["quota"] = {
                "limit": int(quota.get("Limit", 0)),
                "offset": int(quota.get("Offset", 0)),
                "period": quota.get("Period", "DAY"),
            }
        if props.get("Throttle"):
            throttle = props["Throttle"]
            args["throttle"] = {
                "burstLimit": int(throttle.get("BurstLimit", 0)),
                "rateLimit": float(throttle.get("RateLimit", 0)),
            }
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        plan = _client(ctx).create_usage_plan(**args)
        return Created(plan["id"], {"Id": plan["id"]})

    delete = delete_call("apigateway", "delete_usage_plan", "usagePlanId")


class UsagePlanKey(ResourceProvider):
    type_name = "AWS::ApiGateway::UsagePlanKey"
    create_only = frozenset(("KeyId", "KeyType", "UsagePlanId"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        _client(ctx).create_usage_plan_key(
            usagePlanId=props["UsagePlanId"], keyId=props["KeyId"], keyType=props.get("KeyType", "API_KEY")
        )
        return Created(props["KeyId"], {"Id": f"{props['UsagePlanId']}:{props['KeyId']}"})

    delete = delete_call(
        "apigateway", "delete_usage_plan_key", "keyId", with_props={"usagePlanId": "UsagePlanId"}
    )


class Model(ResourceProvider):
    type_name = "AWS::ApiGateway::Model"
    create_only = frozenset(("RestApiId", "Name", "ContentType"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("Name") or ctx.logical_id
        args = {
            "restApiId": props["RestApiId"],
            "name": name,
            "contentType": props.get("ContentType", "application/json"),
        }
        if props.get("Schema") is not None:
            args["schema"] = json_text(props["Schema"])
        if props.get("Description"):
            args["description"] = props["Description"]
        _client(ctx).create_model(**args)
        return Created(name)

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        patches = [{"op": "replace", "path": "/schema", "value": json_text(props.get("Schema") or {})}]
        _client(ctx).update_model(
            restApiId=props["RestApiId"], modelName=physical_id, patchOperations=patches
        )
        return Created(physical_id)

    delete = delete_call("apigateway", "delete_model", "modelName", with_props={"restApiId": "RestApiId"})


class RequestValidator(ResourceProvider):
    type_name = "AWS::ApiGateway::RequestValidator"
    create_only = frozenset(("RestApiId", "Name"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        validator = _client(ctx).create_request_validator(
            restApiId=props["RestApiId"],
            name=props.get("Name") or ctx.logical_id,
            validateRequestBody=as_bool(props.get("ValidateRequestBody", False)),
            validateRequestParameters=as_bool(props.get("ValidateRequestParameters", False)),
        )
        return Created(validator["id"], {"RequestValidatorId": validator["id"]})

    delete = delete_call(
        "apigateway", "delete_request_validator", "requestValidatorId", with_props={"restApiId": "RestApiId"}
    )


class GatewayResponse(PutResource):
    type_name = "AWS::ApiGateway::GatewayResponse"
    create_only = frozenset(("RestApiId", "ResponseType"))

    def new_id(self, ctx: ProviderContext, props: dict[str, Any]) -> str:
        return _generated_id(ctx)

    def put(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> None:
        args = {"restApiId": props["RestApiId"], "responseType": props["ResponseType"]}
        args.update(lower_first(props, ("ResponseParameters", "ResponseTemplates")))
        if props.get("StatusCode"):
            args["statusCode"] = str(props["StatusCode"])
        _client(ctx).put_gateway_response(**args)

    delete = delete_call(
        "apigateway",
        "delete_gateway_response",
        None,
        with_props={"restApiId": "RestApiId", "responseType": "ResponseType"},
    )


class DomainName(ResourceProvider):
    type_name = "AWS::ApiGateway::DomainName"
    create_only = frozenset(("DomainName",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = {"domainName": props["DomainName"]}
        args.update(lower_first(props, ("CertificateArn", "RegionalCertificateArn", "SecurityPolicy")))
        if props.get("EndpointConfiguration"):
            args["endpointConfiguration"] = {"types": props["EndpointConfiguration"].get("Types", [])}
        domain = _client(ctx).create_domain_name(**args)
        return Created(
            props["DomainName"],
            {
                "DistributionDomainName": domain.get("distributionDomainName", ""),
                "DistributionHostedZoneId": domain.get("distributionHostedZoneId", ""),
                "RegionalDomainName": domain.get("regionalDomainName", ""),
                "RegionalHostedZoneId": domain.get("regionalHostedZoneId", ""),
            },
        )

    delete = delete_call("apigateway", "delete_domain_name", "domainName")


class BasePathMapping(ResourceProvider):
    type_name = "AWS::ApiGateway::BasePathMapping"
    create_only = frozenset(("DomainName", "BasePath"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args = {"domainName": props["DomainName"], "restApiId": props["RestApiId"]}
        if props.get("BasePath"):
            args["basePath"] = props["BasePath"]
        if props.get("Stage"):
            args["stage"] = props["Stage"]
        _client(ctx).create_base_path_mapping(**args)
        return Created(f"{props['DomainName']}/{props.get('BasePath', '(none)')}")

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(
            lambda: _client(ctx).delete_base_path_mapping(
                domainName=props["DomainName"], basePath=props.get("BasePath") or "(none)"
            )
        )


PROVIDERS = [
    Authorizer,
    ApiKey,
    UsagePlan,
    UsagePlanKey,
    Model,
    RequestValidator,
    GatewayResponse,
    DomainName,
    BasePathMapping,
]
