"""More resource families made by stacks and checked through their own services' APIs: EventBridge,
Step Functions, Kinesis, Logs, CloudWatch, EC2 networking, API Gateway settings and API Gateway v2."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.cfn_helpers import delete, deploy, outputs, reasons


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def _deploy_ok(cf, cleanup, name, template, **kwargs):
    stack = deploy(cf, cleanup, name, template, **kwargs)
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    return outputs(stack)


def test_events_stepfunctions_kinesis_logs_alarm(cf, aws_client, cleanup, unique_name):
    name = unique_name("more")
    machine = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "${Greeting}", "End": True}}}
    template = {
        "Resources": {
            "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": f"{name}-bus"}},
            "Queue": {"Type": "AWS::SQS::Queue"},
            "Rule": {
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "EventBusName": {"Ref": "Bus"},
                    "EventPattern": {"source": ["cfn.test"]},
                    "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Queue", "Arn"]}}],
                },
            },
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}},
            "Machine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {
                    "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
                    "DefinitionString": json.dumps(machine),
                    "DefinitionSubstitutions": {"Greeting": "hi"},
                },
            },
            "Stream": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 2}},
            "Group": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 3}},
            "LogStream": {"Type": "AWS::Logs::LogStream", "Properties": {"LogGroupName": {"Ref": "Group"}}},
            "Metric": {
                "Type": "AWS::Logs::MetricFilter",
                "Properties": {
                    "LogGroupName": {"Ref": "Group"},
                    "FilterPattern": "ERROR",
                    "MetricTransformations": [
                        {"MetricName": "Errors", "MetricNamespace": "Cfn", "MetricValue": "1"}
                    ],
                },
            },
            "Alarm": {
                "Type": "AWS::CloudWatch::Alarm",
                "Properties": {
                    "MetricName": "Errors",
                    "Namespace": "Cfn",
                    "Statistic": "Sum",
                    "Period": 60,
                    "EvaluationPeriods": 1,
                    "Threshold": 1,
                    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                },
            },
        },
        "Outputs": {
            "RuleArn": {"Value": {"Fn::GetAtt": ["Rule", "Arn"]}},
            "Machine": {"Value": {"Ref": "Machine"}},
            "Stream": {"Value": {"Ref": "Stream"}},
            "StreamArn": {"Value": {"Fn::GetAtt": ["Stream", "Arn"]}},
            "Group": {"Value": {"Ref": "Group"}},
            "Alarm": {"Value": {"Ref": "Alarm"}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template, Capabilities=["CAPABILITY_IAM"])
    events = aws_client("events")
    targets = events.list_targets_by_rule(Rule=out["RuleArn"].rsplit("/", 1)[1], EventBusName=f"{name}-bus")[
        "Targets"
    ]
    assert [t["Id"] for t in targets] == ["q"]
    sfn = aws_client("stepfunctions")
    definition = json.loads(sfn.describe_state_machine(stateMachineArn=out["Machine"])["definition"])
    assert definition["States"]["P"]["Result"] == "hi"
    summary = aws_client("kinesis").describe_stream_summary(StreamName=out["Stream"])[
        "StreamDescriptionSummary"
    ]
    assert summary["OpenShardCount"] == 2 and summary["StreamARN"] == out["StreamArn"]
    logs = aws_client("logs")
    assert logs.describe_log_groups(logGroupNamePrefix=out["Group"])["logGroups"][0]["retentionInDays"] == 3
    assert (
        logs.describe_metric_filters(logGroupName=out["Group"])["metricFilters"][0]["filterPattern"]
        == "ERROR"
    )
    alarms = aws_client("cloudwatch").describe_alarms(AlarmNames=[out["Alarm"]])["MetricAlarms"]
    assert alarms[0]["Threshold"] == 1.0
    delete(cf, name)
    assert f"{name}-bus" not in [b["Name"] for b in events.list_event_buses()["EventBuses"]]
    with pytest.raises(ClientError):
        sfn.describe_state_machine(stateMachineArn=out["Machine"])


def test_ec2_networking(cf, aws_client, cleanup, unique_name):
    name = unique_name("net")
    template = {
        "Resources": {
            "Vpc": {
                "Type": "AWS::EC2::VPC",
                "Properties": {"CidrBlock": "10.20.0.0/16", "EnableDnsHostnames": True},
            },
            "Subnet": {
                "Type": "AWS::EC2::Subnet",
                "Properties": {
                    "VpcId": {"Ref": "Vpc"},
                    "CidrBlock": {
                        "Fn::Select": [0, {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 2, 8]}]
                    },
                    "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
                },
            },
            "Gateway": {"Type": "AWS::EC2::InternetGateway"},
            "Attach": {
                "Type": "AWS::EC2::VPCGatewayAttachment",
                "Properties": {"VpcId": {"Ref": "Vpc"}, "InternetGatewayId": {"Ref": "Gateway"}},
            },
            "Routes": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
            "Default": {
                "Type": "AWS::EC2::Route",
                "DependsOn": "Attach",
                "Properties": {
                    "RouteTableId": {"Ref": "Routes"},
                    "DestinationCidrBlock": "0.0.0.0/0",
                    "GatewayId": {"Ref": "Gateway"},
                },
            },
            "Assoc": {
                "Type": "AWS::EC2::SubnetRouteTableAssociation",
                "Properties": {"SubnetId": {"Ref": "Subnet"}, "RouteTableId": {"Ref": "Routes"}},
            },
            "Group": {
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {
                    "GroupDescription": "web",
                    "VpcId": {"Ref": "Vpc"},
                    "SecurityGroupIngress": [
                        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
                    ],
                },
            },
        },
        "Outputs": {
            "Vpc": {"Value": {"Ref": "Vpc"}},
            "Subnet": {"Value": {"Ref": "Subnet"}},
            "Group": {"Value": {"Ref": "Group"}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template)
    ec2 = aws_client("ec2")
    subnet = ec2.describe_subnets(SubnetIds=[out["Subnet"]])["Subnets"][0]
    assert subnet["VpcId"] == out["Vpc"] and subnet["CidrBlock"] == "10.20.0.0/24"
    group = ec2.describe_security_groups(GroupIds=[out["Group"]])["SecurityGroups"][0]
    assert group["IpPermissions"][0]["FromPort"] == 443
    delete(cf, name)
    assert not ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [out["Vpc"]]}])["Vpcs"]


def test_api_gateway_settings_and_http_api(cf, aws_client, cleanup, unique_name):
    name = unique_name("apis")
    template = {
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": name}},
            "Validator": {
                "Type": "AWS::ApiGateway::RequestValidator",
                "Properties": {"RestApiId": {"Ref": "Api"}, "ValidateRequestBody": True},
            },
            "Model": {
                "Type": "AWS::ApiGateway::Model",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ContentType": "application/json",
                    "Name": "Item",
                    "Schema": {"type": "object"},
                },
            },
            "Method": {
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "RestApiId": {"Ref": "Api"},
                    "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                    "HttpMethod": "GET",
                    "AuthorizationType": "NONE",
                    "ApiKeyRequired": True,
                    "Integration": {"Type": "MOCK"},
                },
            },
            "Deployment": {
                "Type": "AWS::ApiGateway::Deployment",
                "DependsOn": "Method",
                "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "v1"},
            },
            "Key": {"Type": "AWS::ApiGateway::ApiKey", "Properties": {"Enabled": True}},
            "Plan": {
                "Type": "AWS::ApiGateway::UsagePlan",
                "DependsOn": "Deployment",
                "Properties": {
                    "ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": "v1"}],
                    "Throttle": {"RateLimit": 10, "BurstLimit": 5},
                },
            },
            "PlanKey": {
                "Type": "AWS::ApiGateway::UsagePlanKey",
                "Properties": {"KeyId": {"Ref": "Key"}, "KeyType": "API_KEY", "UsagePlanId": {"Ref": "Plan"}},
            },
            "Http": {
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {"Name": f"{name}-http", "ProtocolType": "HTTP"},
            },
            "HttpStage": {
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": {"ApiId": {"Ref": "Http"}, "StageName": "$default", "AutoDeploy": True},
            },
        },
        "Outputs": {
            "Api": {"Value": {"Ref": "Api"}},
            "Plan": {"Value": {"Ref": "Plan"}},
            "Key": {"Value": {"Ref": "Key"}},
            "Http": {"Value": {"Ref": "Http"}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template)
    apigw = aws_client("apigateway")
    assert apigw.get_request_validators(restApiId=out["Api"])["items"][0]["validateRequestBody"] is True
    assert apigw.get_model(restApiId=out["Api"], modelName="Item")["contentType"] == "application/json"
    assert apigw.get_stage(restApiId=out["Api"], stageName="v1")["deploymentId"]
    keys = apigw.get_usage_plan_keys(usagePlanId=out["Plan"])["items"]
    assert [k["id"] for k in keys] == [out["Key"]]
    assert aws_client("apigatewayv2").get_stage(ApiId=out["Http"], StageName="$default")["AutoDeploy"] is True
    delete(cf, name)
    assert out["Api"] not in [a["id"] for a in apigw.get_rest_apis()["items"]]
