"""Fn::GetAtt attributes that CDK's L1 constructs expose (attrId, attrArn, attrSecretArn, ...), from the
resource types' schemas: each resolves in an output to the value AWS gives."""

from __future__ import annotations

import json

import pytest

from tests.integration.cfn_helpers import deploy, outputs, wait

ACCOUNT = "000000000000"


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def test_identifier_and_arn_attributes(cf, aws_client, cleanup, unique_name):
    name = unique_name("attrs")
    statement = {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}
    template = {
        "Resources": {
            "Topic": {"Type": "AWS::SNS::Topic"},
            "Queue": {"Type": "AWS::SQS::Queue"},
            "Subscription": {
                "Type": "AWS::SNS::Subscription",
                "Properties": {
                    "TopicArn": {"Ref": "Topic"},
                    "Protocol": "sqs",
                    "Endpoint": {"Fn::GetAtt": ["Queue", "Arn"]},
                },
            },
            "QueuePolicy": {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [{"Ref": "Queue"}],
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
                },
            },
            "TopicPolicy": {
                "Type": "AWS::SNS::TopicPolicy",
                "Properties": {
                    "Topics": [{"Ref": "Topic"}],
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
                },
            },
            "Parameter": {
                "Type": "AWS::SSM::Parameter",
                "Properties": {"Name": f"/{name}/flag", "Type": "String", "Value": "on"},
            },
            "User": {"Type": "AWS::IAM::User"},
            "Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "User"}}},
            "Rule": {
                "Type": "AWS::Events::Rule",
                "Properties": {"Name": f"{name}-rule", "ScheduleExpression": "rate(1 day)"},
            },
            "Connection": {
                "Type": "AWS::Events::Connection",
                "Properties": {
                    "AuthorizationType": "API_KEY",
                    "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "x-key", "ApiKeyValue": "v"}},
                },
            },
        },
        "Outputs": {
            "SubscriptionRef": {"Value": {"Ref": "Subscription"}},
            "SubscriptionArn": {"Value": {"Fn::GetAtt": ["Subscription", "Arn"]}},
            "QueuePolicyRef": {"Value": {"Ref": "QueuePolicy"}},
            "QueuePolicyId": {"Value": {"Fn::GetAtt": ["QueuePolicy", "Id"]}},
            "TopicPolicyRef": {"Value": {"Ref": "TopicPolicy"}},
            "TopicPolicyId": {"Value": {"Fn::GetAtt": ["TopicPolicy", "Id"]}},
            "ParameterArn": {"Value": {"Fn::GetAtt": ["Parameter", "Arn"]}},
            "KeyRef": {"Value": {"Ref": "Key"}},
            "KeyId": {"Value": {"Fn::GetAtt": ["Key", "Id"]}},
            "RuleName": {"Value": {"Fn::GetAtt": ["Rule", "RuleName"]}},
            "ConnectionSecretArn": {"Value": {"Fn::GetAtt": ["Connection", "SecretArn"]}},
        },
    }
    stack = deploy(cf, cleanup, name, template, Capabilities=["CAPABILITY_IAM"])
    assert stack["StackStatus"] == "CREATE_COMPLETE", [
        (e["LogicalResourceId"], e["ResourceStatus"], e["ResourceStatusReason"])
        for e in cf.describe_stack_events(StackName=name)["StackEvents"]
        if e.get("ResourceStatusReason")
    ]
    found = outputs(stack)
    assert found["SubscriptionArn"] == found["SubscriptionRef"]
    assert found["SubscriptionArn"].startswith(f"arn:aws:sns:us-east-1:{ACCOUNT}:")
    assert found["QueuePolicyId"] == found["QueuePolicyRef"]
    assert found["TopicPolicyId"] == found["TopicPolicyRef"]
    assert found["ParameterArn"] == f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/{name}/flag"
    assert found["KeyId"] == found["KeyRef"] and found["KeyId"].startswith("AKIA")
    assert found["RuleName"] == f"{name}-rule"
    connection = cf.describe_stack_resource(StackName=name, LogicalResourceId="Connection")
    described = aws_client("events").describe_connection(
        Name=connection["StackResourceDetail"]["PhysicalResourceId"]
    )
    assert found["ConnectionSecretArn"] == described["SecretArn"]


def _stack_reasons(cf, name: str) -> list[tuple[str, str]]:
    """(status, reason) of the stack's own events, oldest first."""
    found = cf.describe_stack_events(StackName=name)["StackEvents"]
    return [
        (e["ResourceStatus"], e.get("ResourceStatusReason", ""))
        for e in reversed(found)
        if e["LogicalResourceId"] == name
    ]


def _failed_create_reason(cf, cleanup, name: str, template: dict) -> str:
    """The reason of a failed create's ROLLBACK_IN_PROGRESS."""
    assert deploy(cf, cleanup, name, template)["StackStatus"] == "ROLLBACK_COMPLETE"
    return dict(_stack_reasons(cf, name))["ROLLBACK_IN_PROGRESS"]


def _failed_update_reason(cf, cleanup, name: str, before: dict, after: dict) -> str:
    """The reason of a failed update's UPDATE_ROLLBACK_IN_PROGRESS."""
    assert deploy(cf, cleanup, name, before)["StackStatus"] == "CREATE_COMPLETE"
    cf.update_stack(StackName=name, TemplateBody=json.dumps(after))
    assert wait(cf, name)["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    return dict(_stack_reasons(cf, name))["UPDATE_ROLLBACK_IN_PROGRESS"]


def test_failed_create_and_update_name_the_failed_resource(cf, cleanup, unique_name):
    good = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}
    bad_queue = {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "not a valid name!"}}
    bad = {"Resources": {**good["Resources"], "Bad": bad_queue}}
    assert (
        _failed_create_reason(cf, cleanup, unique_name("fails"), bad)
        == "The following resource(s) failed to create: [Bad]. Rollback requested by user."
    )

    kept = unique_name("fails")
    stack = deploy(cf, cleanup, kept, bad, DisableRollback=True)
    assert stack["StackStatus"] == "CREATE_FAILED"
    assert stack["StackStatusReason"] == "The following resource(s) failed to create: [Bad]. "

    # Resources made side by side that all fail are all named, in order.
    second = {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "another invalid name!"}}
    both = {"Resources": {"Bad": bad_queue, "Another": second}}
    assert (
        _failed_create_reason(cf, cleanup, unique_name("fails"), both)
        == "The following resource(s) failed to create: [Another, Bad]. Rollback requested by user."
    )

    # An update that adds a resource which fails: it failed to create.
    assert (
        _failed_update_reason(cf, cleanup, unique_name("fails"), good, bad)
        == "The following resource(s) failed to create: [Bad]. "
    )

    # An update in place that the service refuses: it failed to update.
    too_long = {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 99999}}
    assert (
        _failed_update_reason(cf, cleanup, unique_name("fails"), good, {"Resources": {"Queue": too_long}})
        == "The following resource(s) failed to update: [Queue]. "
    )


def test_fifo_names_generated_with_the_suffix_and_given_ones_kept(cf, aws_client, cleanup, unique_name):
    name = unique_name("fifo")
    fifo_queue = {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": True}}
    fifo_topic = {"Type": "AWS::SNS::Topic", "Properties": {"FifoTopic": "true"}}
    template = {
        "Resources": {"Queue": fifo_queue, "Topic": fifo_topic},
        "Outputs": {
            "QueueName": {"Value": {"Fn::GetAtt": ["Queue", "QueueName"]}},
            "TopicName": {"Value": {"Fn::GetAtt": ["Topic", "TopicName"]}},
        },
    }
    stack = deploy(cf, cleanup, name, template)
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    found = outputs(stack)
    assert found["QueueName"].endswith(".fifo") and len(found["QueueName"]) <= 80
    assert found["QueueName"].startswith(f"{name}-Queue-")
    assert found["TopicName"].endswith(".fifo") and found["TopicName"].startswith(f"{name}-Topic-")

    # A given name is the queue's name as written: SQS refuses a FIFO queue's without ".fifo".
    named = unique_name("fifo")
    given = {"Type": "AWS::SQS::Queue", "Properties": {"FifoQueue": True, "QueueName": named}}
    failed = deploy(cf, cleanup, named, {"Resources": {"Queue": given}})
    assert failed["StackStatus"] == "ROLLBACK_COMPLETE"
    reason = next(
        e["ResourceStatusReason"]
        for e in cf.describe_stack_events(StackName=named)["StackEvents"]
        if e["LogicalResourceId"] == "Queue" and e["ResourceStatus"] == "CREATE_FAILED"
    )
    assert "must end with .fifo suffix" in reason
    assert named not in str(aws_client("sqs").list_queues(QueueNamePrefix=named).get("QueueUrls", []))


def test_iam_memberships_follow_an_update(cf, aws_client, cleanup, unique_name):
    name = unique_name("members")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
    }

    def template(suffix: str) -> dict:
        return {
            "Resources": {
                "GroupA": {"Type": "AWS::IAM::Group"},
                "GroupB": {"Type": "AWS::IAM::Group"},
                "PolicyA": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": document}},
                "PolicyB": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": document}},
                "RoleA": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": trust}},
                "RoleB": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": trust}},
                "User": {
                    "Type": "AWS::IAM::User",
                    "Properties": {
                        "Groups": [{"Ref": f"Group{suffix}"}],
                        "ManagedPolicyArns": [{"Ref": f"Policy{suffix}"}],
                    },
                },
                "Profile": {
                    "Type": "AWS::IAM::InstanceProfile",
                    "Properties": {"Roles": [{"Ref": f"Role{suffix}"}]},
                },
            }
        }

    stack = deploy(cf, cleanup, name, template("A"), Capabilities=["CAPABILITY_IAM"])
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    cf.update_stack(StackName=name, TemplateBody=json.dumps(template("B")), Capabilities=["CAPABILITY_IAM"])
    assert wait(cf, name)["StackStatus"] == "UPDATE_COMPLETE"

    def physical(logical_id: str) -> str:
        detail = cf.describe_stack_resource(StackName=name, LogicalResourceId=logical_id)
        return detail["StackResourceDetail"]["PhysicalResourceId"]

    iam = aws_client("iam")
    user = physical("User")
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName=user)["Groups"]] == [physical("GroupB")]
    attached = iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [physical("PolicyB")]
    profile = iam.get_instance_profile(InstanceProfileName=physical("Profile"))["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == [physical("RoleB")]


def test_put_resources_update_in_place(cf, aws_client, cleanup, unique_name):
    """Alarm, MetricFilter, EventInvokeConfig and GatewayResponse make the same put call to create
    and to update: an update keeps the physical id and the service holds the new values."""
    name = unique_name("puts")
    role = "arn:aws:iam::000000000000:role/lambda-role"

    def template(level: int) -> dict:
        return {
            "Resources": {
                "Alarm": {
                    "Type": "AWS::CloudWatch::Alarm",
                    "Properties": {
                        "MetricName": "Errors",
                        "Namespace": "AWS/Lambda",
                        "Statistic": "Sum",
                        "Period": 60,
                        "EvaluationPeriods": 1,
                        "Threshold": level,
                        "ComparisonOperator": "GreaterThanThreshold",
                    },
                },
                "Group": {"Type": "AWS::Logs::LogGroup"},
                "Filter": {
                    "Type": "AWS::Logs::MetricFilter",
                    "Properties": {
                        "LogGroupName": {"Ref": "Group"},
                        "FilterPattern": f"ERROR{level}",
                        "MetricTransformations": [
                            {"MetricName": "errors", "MetricNamespace": "app", "MetricValue": "1"}
                        ],
                    },
                },
                "Function": {
                    "Type": "AWS::Lambda::Function",
                    "Properties": {
                        "Runtime": "python3.12",
                        "Handler": "index.handler",
                        "Role": role,
                        "Code": {"ZipFile": "def handler(event, context):\n    return event\n"},
                    },
                },
                "InvokeConfig": {
                    "Type": "AWS::Lambda::EventInvokeConfig",
                    "Properties": {
                        "FunctionName": {"Ref": "Function"},
                        "Qualifier": "$LATEST",
                        "MaximumRetryAttempts": level,
                    },
                },
                "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": name}},
                "Response": {
                    "Type": "AWS::ApiGateway::GatewayResponse",
                    "Properties": {
                        "RestApiId": {"Ref": "Api"},
                        "ResponseType": "DEFAULT_4XX",
                        "StatusCode": str(400 + level),
                    },
                },
            }
        }

    assert deploy(cf, cleanup, name, template(1))["StackStatus"] == "CREATE_COMPLETE"

    def physical_ids() -> dict[str, str]:
        resources = cf.describe_stack_resources(StackName=name)["StackResources"]
        return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources}

    before = physical_ids()
    cf.update_stack(StackName=name, TemplateBody=json.dumps(template(2)))
    assert wait(cf, name)["StackStatus"] == "UPDATE_COMPLETE"
    ids = physical_ids()
    assert ids == before

    alarm = aws_client("cloudwatch").describe_alarms(AlarmNames=[ids["Alarm"]])["MetricAlarms"][0]
    assert alarm["Threshold"] == 2.0
    filters = aws_client("logs").describe_metric_filters(logGroupName=ids["Group"])["metricFilters"]
    assert [(f["filterName"], f["filterPattern"]) for f in filters] == [(ids["Filter"], "ERROR2")]
    config = aws_client("lambda").get_function_event_invoke_config(FunctionName=ids["Function"])
    assert config["MaximumRetryAttempts"] == 2
    response = aws_client("apigateway").get_gateway_response(restApiId=ids["Api"], responseType="DEFAULT_4XX")
    assert response["statusCode"] == "402"
