"""SAM templates (Transform: AWS::Serverless-2016-10-31), expanded by aws-sam-translator, deployed
through `aws cloudformation deploy`: a function behind an Api event and a SimpleTable, called over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.cfn_helpers import deploy, outputs, reasons
from tests.integration.test_awslocal_cli import cli_env


def _deployed(cf, cleanup, name: str, template: str) -> dict:
    """A SAM stack created and complete (the failed resources' reasons otherwise)."""
    stack = deploy(
        cf, cleanup, name, template, 120, Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
    )
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    return stack


AWS = Path(sys.executable).parent / "aws"

SAM_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Items:
    Type: AWS::Serverless::SimpleTable
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        import json, os
        def handler(event, context):
            body = {"table": os.environ["TABLE"], "path": event["path"]}
            return {"statusCode": 200, "body": json.dumps(body)}
      Environment:
        Variables:
          TABLE: !Ref Items
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Items
      Events:
        Get:
          Type: Api
          Properties:
            Path: /hello
            Method: get
Outputs:
  ApiId:
    Value: !Ref ServerlessRestApi
  Table:
    Value: !Ref Items
  Function:
    Value: !Ref Hello
"""


@pytest.mark.skipif(not AWS.exists(), reason="awscli is not installed in this venv")
def test_sam_template_through_aws_cloudformation_deploy(server, aws_client, cleanup, tmp_path, unique_name):
    cf = aws_client("cloudformation")
    name = unique_name("sam")
    cleanup.append(lambda: cf.delete_stack(StackName=name))
    path = tmp_path / "template.yaml"
    path.write_text(SAM_TEMPLATE)
    result = subprocess.run(
        [
            str(AWS),
            "--endpoint-url",
            server.edge_url,
            "cloudformation",
            "deploy",
            "--stack-name",
            name,
            "--template-file",
            str(path),
            "--capabilities",
            "CAPABILITY_IAM",
            "CAPABILITY_AUTO_EXPAND",
        ],
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    events = cf.describe_stack_events(StackName=name)["StackEvents"]
    failures = [
        (e["LogicalResourceId"], e.get("ResourceStatusReason"))
        for e in events
        if "FAILED" in e["ResourceStatus"]
    ]
    assert result.returncode == 0, (result.stdout, result.stderr, failures)
    stack = cf.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    out = outputs(stack)
    table = aws_client("dynamodb").describe_table(TableName=out["Table"])["Table"]
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    types = {r["ResourceType"] for r in cf.list_stack_resources(StackName=name)["StackResourceSummaries"]}
    assert {
        "AWS::Lambda::Function",
        "AWS::IAM::Role",
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Stage",
    } <= types
    processed = cf.get_template(StackName=name, TemplateStage="Processed")["TemplateBody"]
    assert "Transform" not in processed
    url = f"http://127.0.0.1:{server.edge_port}/restapis/{out['ApiId']}/Prod/_user_request_/hello"
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json() == {"table": out["Table"], "path": "/hello"}


def test_sam_needs_auto_expand(aws_client, unique_name):
    cf = aws_client("cloudformation")
    with pytest.raises(ClientError) as error:
        cf.create_stack(
            StackName=unique_name("sam"), TemplateBody=SAM_TEMPLATE, Capabilities=["CAPABILITY_IAM"]
        )
    assert error.value.response["Error"]["Code"] == "InsufficientCapabilitiesException"
    assert error.value.response["Error"]["Message"] == "Requires capabilities : [CAPABILITY_AUTO_EXPAND]"


def test_invalid_sam_template_is_refused(aws_client, unique_name):
    cf = aws_client("cloudformation")
    body = json.dumps(
        {
            "Transform": "AWS::Serverless-2016-10-31",
            "Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {}}},
        }
    )
    with pytest.raises(ClientError) as error:
        cf.create_stack(
            StackName=unique_name("sam"),
            TemplateBody=body,
            Capabilities=["CAPABILITY_AUTO_EXPAND", "CAPABILITY_IAM"],
        )
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert "Transform AWS::Serverless-2016-10-31 failed with" in error.value.response["Error"]["Message"]


HTTP_API_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Items:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        import json
        def handler(event, context):
            body = {"route": event["routeKey"], "id": (event.get("pathParameters") or {}).get("id")}
            return {"statusCode": 200, "body": json.dumps(body)}
      Events:
        Get:
          Type: HttpApi
          Properties:
            Path: /items/{id}
            Method: get
        Fallback:
          Type: HttpApi
Outputs:
  ApiId:
    Value: !Ref ServerlessHttpApi
"""


def test_sam_http_api_body_becomes_routes_and_integrations(server, aws_client, cleanup, unique_name):
    """SAM's HttpApi writes an AWS::ApiGatewayV2::Api with an OpenAPI Body: ImportApi's routes
    (one per path and method, $default for the $default path) to Lambda proxy integrations."""
    cf = aws_client("cloudformation")
    name = unique_name("samhttp")
    stack = _deployed(cf, cleanup, name, HTTP_API_TEMPLATE)
    api_id = outputs(stack)["ApiId"]
    v2 = aws_client("apigatewayv2")
    routes = {r["RouteKey"]: r for r in v2.get_routes(ApiId=api_id)["Items"]}
    assert set(routes) == {"GET /items/{id}", "$default"}
    integration_id = routes["GET /items/{id}"]["Target"].removeprefix("integrations/")
    integration = v2.get_integration(ApiId=api_id, IntegrationId=integration_id)
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["PayloadFormatVersion"] == "2.0"
    assert integration["IntegrationUri"].endswith("/invocations")
    assert v2.get_tags(ResourceArn=f"arn:aws:apigateway:us-east-1::/apis/{api_id}")["Tags"] == {
        "httpapi:createdBy": "SAM"
    }
    host = {"Host": f"{api_id}.execute-api.localhost.localstack.cloud:{server.edge_port}"}
    response = requests.get(f"http://127.0.0.1:{server.edge_port}/items/7", headers=host, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json() == {"route": "GET /items/{id}", "id": "7"}
    response = requests.get(f"http://127.0.0.1:{server.edge_port}/other", headers=host, timeout=30)
    assert response.json() == {"route": "$default", "id": None}


ALIAS_URL_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      AutoPublishAlias: live
      FunctionUrlConfig:
        AuthType: NONE
      InlineCode: |
        import json
        def handler(event, context):
            body = {"arn": context.invoked_function_arn, "path": event["rawPath"]}
            return {"statusCode": 200, "body": json.dumps(body)}
Outputs:
  Url:
    Value: !GetAtt HelloUrl.FunctionUrl
  UrlFunctionArn:
    Value: !GetAtt HelloUrl.FunctionArn
  Function:
    Value: !GetAtt Hello.Arn
"""


def test_sam_auto_publish_alias_with_function_url(server, aws_client, cleanup, unique_name):
    """AutoPublishAlias with FunctionUrlConfig: an AWS::Lambda::Url with the alias as Qualifier,
    whose URL runs the alias."""
    cf = aws_client("cloudformation")
    name = unique_name("samurl")
    stack = _deployed(cf, cleanup, name, ALIAS_URL_TEMPLATE)
    out = outputs(stack)
    assert out["UrlFunctionArn"] == f"{out['Function']}:live"
    function_name = out["Function"].split(":")[6]
    config = aws_client("lambda").get_function_url_config(FunctionName=function_name, Qualifier="live")
    assert config["FunctionUrl"] == out["Url"]
    host = {"Host": urlsplit(out["Url"]).netloc}
    response = requests.get(f"http://127.0.0.1:{server.edge_port}/hi", headers=host, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json() == {"arn": f"{out['Function']}:live", "path": "/hi"}


JWT_HTTP_API_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration:
              issuer: https://issuer.example.com
              audience:
                - client
  Items:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return {"statusCode": 200, "body": "ok"}
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /items
            Method: get
            Auth:
              AuthorizationScopes:
                - read
Outputs:
  ApiId:
    Value: !Ref Api
"""


def test_sam_http_api_jwt_authorizer(server, aws_client, cleanup, unique_name):
    """SAM's HttpApi Auth becomes a JWT authorizer on the route, from the Body's security schemes."""
    cf = aws_client("cloudformation")
    name = unique_name("samjwt")
    stack = _deployed(cf, cleanup, name, JWT_HTTP_API_TEMPLATE)
    api_id = outputs(stack)["ApiId"]
    v2 = aws_client("apigatewayv2")
    authorizers = v2.get_authorizers(ApiId=api_id)["Items"]
    assert [(a["Name"], a["AuthorizerType"]) for a in authorizers] == [("Jwt", "JWT")]
    assert authorizers[0]["JwtConfiguration"]["Issuer"] == "https://issuer.example.com"
    route = next(r for r in v2.get_routes(ApiId=api_id)["Items"] if r["RouteKey"] == "GET /items")
    assert route["AuthorizationType"] == "JWT"
    assert route["AuthorizerId"] == authorizers[0]["AuthorizerId"]
    assert route["AuthorizationScopes"] == ["read"]
    host = {"Host": f"{api_id}.execute-api.localhost.localstack.cloud:{server.edge_port}"}
    response = requests.get(f"http://127.0.0.1:{server.edge_port}/items", headers=host, timeout=30)
    assert response.status_code == 401
