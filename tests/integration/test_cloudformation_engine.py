"""CloudFormation's engine through the API: templates (JSON, YAML short forms), parameters with
AWS's validation errors, conditions, intrinsic functions, outputs, order, failures and rollback."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.cfn_helpers import deploy, events, outputs, reasons, wait


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


YAML_TEMPLATE = """
AWSTemplateFormatVersion: 2010-09-09
Description: intrinsics tour
Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
  Names:
    Type: CommaDelimitedList
    Default: "a,b,c"
  Size:
    Type: Number
    Default: 3
Mappings:
  Sizes:
    dev: {Small: "1"}
    prod: {Small: "2"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${AWS::StackName}-${Env}"
      DelaySeconds: !FindInMap [Sizes, !Ref Env, Small]
  ProdTopic:
    Type: AWS::SNS::Topic
    Condition: IsProd
Outputs:
  QueueUrl:
    Value: !Ref Queue
  QueueArn:
    Value: !GetAtt Queue.Arn
  QueueName:
    Value: !GetAtt [Queue, QueueName]
  Joined:
    Value: !Join ["-", [!Ref "AWS::Region", !Ref "AWS::AccountId", !Select [1, !Ref Names]]]
  Split:
    Value: !Select [2, !Split [",", "x,y,z"]]
  Pseudo:
    Value: !Sub "${AWS::Partition}|${AWS::URLSuffix}|${AWS::StackId}"
  Literal:
    Value: !Sub "${!NotAVar}-${Size}"
  SubMap:
    Value: !Sub ["${A}+${B}", {A: one, B: !Ref Env}]
  Choice:
    Value: !If [IsProd, prod-choice, !Ref "AWS::NoValue"]
  AndOr:
    Value: !If [NotProd, !If [IsProd, x, yes-branch], no-branch]
  Encoded:
    Value: !Base64 hello
  Cidrs:
    Value: !Join [",", !Cidr ["10.0.0.0/16", 2, 8]]
  Azs:
    Value: !Select [0, !GetAZs ""]
  ProdOnly:
    Condition: IsProd
    Value: !Ref ProdTopic
"""


def test_yaml_short_forms_parameters_conditions_and_intrinsics(cf, cleanup, unique_name, aws_client):
    name = unique_name("cfn")
    stack = deploy(cf, cleanup, name, YAML_TEMPLATE)
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack["Description"] == "intrinsics tour"
    out = outputs(stack)
    assert out["QueueName"] == f"{name}-dev"
    assert out["QueueArn"] == f"arn:aws:sqs:us-east-1:000000000000:{name}-dev"
    assert out["Joined"] == "us-east-1-000000000000-b"
    assert out["Split"] == "z"
    assert out["Pseudo"] == f"aws|amazonaws.com|{stack['StackId']}"
    assert out["Literal"] == "${NotAVar}-3"
    assert out["SubMap"] == "one+dev"
    assert out["AndOr"] == "yes-branch"
    assert out["Encoded"] == "aGVsbG8="
    assert out["Cidrs"] == "10.0.0.0/24,10.0.1.0/24"
    assert out["Azs"] == "us-east-1a"
    assert "ProdOnly" not in out and "Choice" not in out
    # The queue is a real SQS queue, with the attribute the mapping chose.
    sqs = aws_client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=out["QueueUrl"], AttributeNames=["DelaySeconds"])[
        "Attributes"
    ]
    assert attributes["DelaySeconds"] == "1"
    resources = cf.list_stack_resources(StackName=name)["StackResourceSummaries"]
    assert [(r["LogicalResourceId"], r["ResourceStatus"]) for r in resources] == [
        ("Queue", "CREATE_COMPLETE")
    ]
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]} == {
        "Env": "dev",
        "Names": "a,b,c",
        "Size": "3",
    }


def test_condition_true_creates_conditional_resources(cf, cleanup, unique_name):
    name = unique_name("cfn")
    stack = deploy(
        cf, cleanup, name, YAML_TEMPLATE, Parameters=[{"ParameterKey": "Env", "ParameterValue": "prod"}]
    )
    out = outputs(stack)
    assert out["Choice"] == "prod-choice"
    assert out["ProdOnly"].startswith("arn:aws:sns:us-east-1:000000000000:")
    assert out["AndOr"] == "no-branch"


@pytest.mark.parametrize(
    ("declaration", "value", "message"),
    [
        ({"Type": "String", "AllowedValues": ["a", "b"]}, "c", "Parameter 'P' must be one of AllowedValues"),
        ({"Type": "String", "AllowedPattern": "[a-z]+"}, "A1", "Parameter 'P' must match pattern [a-z]+"),
        ({"Type": "String", "MinLength": 3}, "ab", "Parameter 'P' must contain at least 3 characters"),
        ({"Type": "String", "MaxLength": 2}, "abc", "Parameter 'P' must contain at most 2 characters"),
        ({"Type": "Number"}, "x", "Parameter 'P' must be a number."),
        ({"Type": "Number", "MinValue": 5}, "4", "Parameter 'P' must be a number not less than 5"),
        ({"Type": "Number", "MaxValue": 5}, "6", "Parameter 'P' must be a number not greater than 5"),
        (
            {"Type": "String", "AllowedValues": ["a"], "ConstraintDescription": "only a"},
            "b",
            "Parameter 'P' failed to satisfy constraint: only a",
        ),
    ],
)
def test_parameter_constraints_are_refused_with_aws_messages(cf, unique_name, declaration, value, message):
    template = {"Parameters": {"P": declaration}, "Resources": {"T": {"Type": "AWS::SNS::Topic"}}}
    with pytest.raises(ClientError) as error:
        cf.create_stack(
            StackName=unique_name("cfn"),
            TemplateBody=__import__("json").dumps(template),
            Parameters=[{"ParameterKey": "P", "ParameterValue": value}],
        )
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert error.value.response["Error"]["Message"] == message


def test_missing_and_unknown_parameters(cf, unique_name):
    template = '{"Parameters": {"A": {"Type": "String"}}, "Resources": {"T": {"Type": "AWS::SNS::Topic"}}}'
    with pytest.raises(ClientError) as error:
        cf.create_stack(StackName=unique_name("cfn"), TemplateBody=template)
    assert error.value.response["Error"]["Message"] == "Parameters: [A] must have values"
    with pytest.raises(ClientError) as error:
        cf.create_stack(
            StackName=unique_name("cfn"),
            TemplateBody=template,
            Parameters=[
                {"ParameterKey": "A", "ParameterValue": "1"},
                {"ParameterKey": "B", "ParameterValue": "2"},
            ],
        )
    assert error.value.response["Error"]["Message"] == "Parameters: [B] do not exist in the template"


def test_ssm_parameter_types_resolve_from_ssm(cf, cleanup, unique_name, aws_client):
    ssm = aws_client("ssm")
    parameter = unique_name("/cfn/param")
    ssm.put_parameter(Name=parameter, Value="from-ssm", Type="String")
    cleanup.append(lambda: ssm.delete_parameter(Name=parameter))
    template = {
        "Parameters": {"P": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": parameter}},
        "Resources": {"T": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {"Value": {"Value": {"Ref": "P"}}},
    }
    stack = deploy(cf, cleanup, unique_name("cfn"), template)
    assert outputs(stack)["Value"] == "from-ssm"
    assert stack["Parameters"] == [
        {"ParameterKey": "P", "ParameterValue": parameter, "ResolvedValue": "from-ssm"}
    ]


def test_template_format_errors(cf, unique_name):
    cases = [
        ("{not json", "Template format error: JSON not well-formed. (line 1, column 3)"),
        ('{"Resources": {}}', "Template format error: At least one Resources member must be defined."),
        (
            '{"Resources": {"A": {"Properties": {}}}}',
            "Template format error: [/Resources/A] Every Resources object must contain a Type member.",
        ),
        (
            '{"Resources": {"A": {"Type": "AWS::SNS::Topic", '
            '"Properties": {"DisplayName": {"Ref": "Nope"}}}}}',
            "Template format error: Unresolved resource dependencies [Nope] "
            "in the Resources block of the template",
        ),
        (
            '{"Foo": 1, "Resources": {"A": {"Type": "AWS::SNS::Topic"}}}',
            "Template format error: Invalid template property or properties [Foo]",
        ),
    ]
    for body, message in cases:
        with pytest.raises(ClientError) as error:
            cf.create_stack(StackName=unique_name("cfn"), TemplateBody=body)
        assert error.value.response["Error"]["Code"] == "ValidationError"
        assert error.value.response["Error"]["Message"] == message


def test_cycle_is_refused(cf, unique_name):
    template = {
        "Resources": {
            "A": {
                "Type": "AWS::SNS::Topic",
                "Properties": {"DisplayName": {"Fn::GetAtt": ["B", "TopicName"]}},
            },
            "B": {"Type": "AWS::SNS::Topic", "DependsOn": "A"},
        }
    }
    with pytest.raises(ClientError) as error:
        cf.create_stack(StackName=unique_name("cfn"), TemplateBody=__import__("json").dumps(template))
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert error.value.response["Error"]["Message"] == "Circular dependency between resources: [A, B]"


def test_depends_on_orders_creation_and_reverse_deletion(cf, cleanup, unique_name):
    name = unique_name("cfn")
    template = {
        "Resources": {
            "First": {"Type": "AWS::SNS::Topic"},
            "Third": {"Type": "AWS::SQS::Queue", "DependsOn": "Second"},
            "Second": {"Type": "AWS::SNS::Topic", "DependsOn": ["First"]},
        }
    }
    stack = deploy(cf, cleanup, name, template)
    completed = [lid for lid, status in events(cf, name) if status == "CREATE_COMPLETE" and lid != name]
    assert completed == ["First", "Second", "Third"]
    cf.delete_stack(StackName=name)
    wait(cf, stack["StackId"])
    deleted = [
        lid for lid, status in events(cf, stack["StackId"]) if status == "DELETE_COMPLETE" and lid != name
    ]
    assert deleted == ["Third", "Second", "First"]


def test_unsupported_type_fails_and_rolls_back(cf, cleanup, unique_name, aws_client):
    name = unique_name("cfn")
    template = {
        "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": name}},
            "Odd": {"Type": "AWS::Nope::Thing", "DependsOn": "Queue"},
        }
    }
    stack = deploy(cf, cleanup, name, template)
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert reasons(cf, name)["Odd"] == "Resource type AWS::Nope::Thing is not supported"
    assert ("Queue", "DELETE_COMPLETE") in events(cf, name)
    with pytest.raises(ClientError):
        aws_client("sqs").get_queue_url(QueueName=name)
    # A rolled back stack takes no update.
    with pytest.raises(ClientError) as error:
        cf.update_stack(StackName=name, TemplateBody=__import__("json").dumps(template))
    assert "is in ROLLBACK_COMPLETE state and can not be updated" in error.value.response["Error"]["Message"]


def test_service_error_is_the_failure_reason_and_disable_rollback_keeps_resources(
    cf, cleanup, unique_name, aws_client
):
    name = unique_name("cfn")
    template = {
        "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": name}},
            "Bad": {
                "Type": "AWS::SQS::Queue",
                "DependsOn": "Queue",
                "Properties": {"QueueName": "bad name!"},
            },
        }
    }
    stack = deploy(cf, cleanup, name, template, DisableRollback=True)
    assert stack["StackStatus"] == "CREATE_FAILED"
    assert "Bad" in reasons(cf, name)
    assert aws_client("sqs").get_queue_url(QueueName=name)["QueueUrl"]
    cleanup.append(
        lambda: aws_client("sqs").delete_queue(
            QueueUrl=aws_client("sqs").get_queue_url(QueueName=name)["QueueUrl"]
        )
    )


def test_stack_api_errors(cf, cleanup, unique_name):
    name = unique_name("cfn")
    with pytest.raises(ClientError) as error:
        cf.describe_stacks(StackName=name)
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert error.value.response["Error"]["Message"] == f"Stack with id {name} does not exist"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    cf.delete_stack(StackName=name)  # deleting what does not exist succeeds
    deploy(cf, cleanup, name, {"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})
    with pytest.raises(ClientError) as error:
        cf.create_stack(StackName=name, TemplateBody='{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}')
    assert error.value.response["Error"]["Code"] == "AlreadyExistsException"
    assert error.value.response["Error"]["Message"] == f"Stack [{name}] already exists"
    with pytest.raises(ClientError) as error:
        cf.update_stack(StackName=name, TemplateBody='{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}')
    assert error.value.response["Error"]["Message"] == "No updates are to be performed."
    with pytest.raises(ClientError) as error:
        cf.create_stack(StackName="1bad", TemplateBody="{}")
    assert error.value.response["Error"]["Code"] == "ValidationError"


def test_termination_protection(cf, cleanup, unique_name):
    name = unique_name("cfn")
    deploy(
        cf, cleanup, name, {"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}, EnableTerminationProtection=True
    )
    assert cf.describe_stacks(StackName=name)["Stacks"][0]["EnableTerminationProtection"] is True
    with pytest.raises(ClientError) as error:
        cf.delete_stack(StackName=name)
    assert error.value.response["Error"]["Message"] == (
        f"Stack [{name}] cannot be deleted while TerminationProtection is enabled"
    )
    cf.update_termination_protection(StackName=name, EnableTerminationProtection=False)
    cf.delete_stack(StackName=name)


def test_deletion_policy_retain_keeps_the_resource(cf, cleanup, unique_name, aws_client):
    name = unique_name("cfn")
    template = {
        "Resources": {
            "Queue": {
                "Type": "AWS::SQS::Queue",
                "DeletionPolicy": "Retain",
                "Properties": {"QueueName": name},
            }
        }
    }
    stack = deploy(cf, cleanup, name, template)
    cf.delete_stack(StackName=name)
    assert wait(cf, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert ("Queue", "DELETE_SKIPPED") in events(cf, stack["StackId"])
    sqs = aws_client("sqs")
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)


def test_describe_list_and_templates(cf, cleanup, unique_name):
    name = unique_name("cfn")
    template = YAML_TEMPLATE
    stack = deploy(cf, cleanup, name, template, Tags=[{"Key": "team", "Value": "core"}])
    assert stack["Tags"] == [{"Key": "team", "Value": "core"}]
    assert cf.get_template(StackName=name)["TemplateBody"] == template
    summaries = cf.list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]
    assert name in [s["StackName"] for s in summaries]
    detail = cf.describe_stack_resource(StackName=name, LogicalResourceId="Queue")["StackResourceDetail"]
    assert detail["ResourceType"] == "AWS::SQS::Queue"
    rows = cf.describe_stack_resources(StackName=name)["StackResources"]
    assert [r["LogicalResourceId"] for r in rows] == ["Queue"]
    with pytest.raises(ClientError) as error:
        cf.describe_stack_resource(StackName=name, LogicalResourceId="Nope")
    assert error.value.response["Error"]["Message"] == f"Resource Nope does not exist for stack {name}"
    summary = cf.get_template_summary(TemplateBody=template)
    assert summary["ResourceTypes"] == ["AWS::SNS::Topic", "AWS::SQS::Queue"]
    assert {p["ParameterKey"] for p in summary["Parameters"]} == {"Env", "Names", "Size"}
    validated = cf.validate_template(TemplateBody=template)
    assert validated["Description"] == "intrinsics tour"
    iam = cf.validate_template(
        TemplateBody='{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {}}}}'
    )
    assert iam["Capabilities"] == ["CAPABILITY_IAM"]


def test_iam_resources_need_capabilities(cf, unique_name):
    template = (
        '{"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "x", '
        '"AssumeRolePolicyDocument": {}}}}}'
    )
    with pytest.raises(ClientError) as error:
        cf.create_stack(StackName=unique_name("cfn"), TemplateBody=template)
    assert error.value.response["Error"]["Code"] == "InsufficientCapabilitiesException"
    assert error.value.response["Error"]["Message"] == "Requires capabilities : [CAPABILITY_NAMED_IAM]"


def test_errors_are_cloudformation_xml_through_the_legacy_port(aws_client, unique_name):
    cf = aws_client("cloudformation", legacy=True)
    with pytest.raises(ClientError) as error:
        cf.describe_stacks(StackName=unique_name("cfn"))
    assert error.value.response["Error"]["Code"] == "ValidationError"


def test_missing_stack_messages_per_operation(cf, unique_name):
    name = unique_name("none")
    for call, message in (
        (lambda: cf.describe_stack_resources(StackName=name), f"Stack with id {name} does not exist"),
        (lambda: cf.list_stack_resources(StackName=name), f"Stack with id {name} does not exist"),
        (lambda: cf.get_template(StackName=name), f"Stack with id {name} does not exist"),
        (lambda: cf.describe_stack_events(StackName=name), f"Stack [{name}] does not exist"),
        (
            lambda: cf.update_stack(
                StackName=name, TemplateBody='{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}'
            ),
            f"Stack [{name}] does not exist",
        ),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert error.value.response["Error"]["Code"] == "ValidationError"
        assert error.value.response["Error"]["Message"] == message
