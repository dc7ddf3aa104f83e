"""CloudFormation's I/O-free core: template parsing (YAML short forms), parameters, intrinsic
functions with pseudo parameters and conditions, the dependency graph, TemplateURL parsing."""

from __future__ import annotations

import pytest

from localstack.services.cloudformation import (
    graph,
    intrinsics,
    parameters,
    template,
    template_url,
    transforms,
)
from localstack.services.cloudformation.models import Stack
from localstack.services.cloudformation.stack_view import StackView
from localstack.utils.aws.errors import AWSError


def view(document: dict, params: dict | None = None) -> StackView:
    stack = Stack(
        "arn:aws:cloudformation:eu-west-1:111111111111:stack/s/id", "s", "111111111111", "eu-west-1"
    )
    resolved = parameters.resolve(
        document.get("Parameters") or {},
        [{"ParameterKey": k, "ParameterValue": v} for k, v in (params or {}).items()],
    )
    return StackView(stack, None, document, resolved)


def test_yaml_short_forms():
    document = template.parse(
        """
AWSTemplateFormatVersion: 2010-09-09
Resources:
  A:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: !Sub "${AWS::Region}-x"
      Other: !GetAtt B.Arn.Deep
      List: !Split [",", !Join [",", [a, b]]]
      Cond: !If [C, !Ref P, !Condition D]
      Seq: !GetAZs
      Select: !Select [0, !Cidr [10.0.0.0/16, 2, 8]]
"""
    )
    assert document["AWSTemplateFormatVersion"] == "2010-09-09"
    props = document["Resources"]["A"]["Properties"]
    assert props["DisplayName"] == {"Fn::Sub": "${AWS::Region}-x"}
    assert props["Other"] == {"Fn::GetAtt": ["B", "Arn.Deep"]}
    assert props["List"] == {"Fn::Split": [",", {"Fn::Join": [",", ["a", "b"]]}]}
    assert props["Cond"] == {"Fn::If": ["C", {"Ref": "P"}, {"Condition": "D"}]}
    assert props["Seq"] == {"Fn::GetAZs": ""}
    assert props["Select"] == {"Fn::Select": [0, {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}]}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{bad", "Template format error: JSON not well-formed. (line 1, column 3)"),
        ("a: [", "Template format error: YAML not well-formed. (line 1, column 5)"),
        ("- a", "Template format error: template is not a JSON or YAML object"),
    ],
)
def test_parse_errors(body, message):
    with pytest.raises(AWSError) as error:
        template.parse(body)
    assert error.value.message == message


def test_intrinsics_and_pseudo_parameters():
    document = {
        "Parameters": {
            "Env": {"Type": "String", "Default": "dev"},
            "L": {"Type": "List<String>", "Default": "x,y"},
        },
        "Mappings": {"M": {"dev": {"v": "mapped"}}},
        "Conditions": {
            "IsDev": {"Fn::Equals": [{"Ref": "Env"}, "dev"]},
            "Both": {"Fn::And": [{"Condition": "IsDev"}, True]},
        },
        "Resources": {},
    }
    v = view(document)
    resolve = v.resolve
    assert resolve({"Ref": "AWS::AccountId"}) == "111111111111"
    assert resolve({"Ref": "AWS::Region"}) == "eu-west-1"
    assert resolve({"Ref": "AWS::Partition"}) == "aws"
    assert resolve({"Ref": "AWS::URLSuffix"}) == "amazonaws.com"
    assert resolve({"Ref": "AWS::StackName"}) == "s"
    assert resolve({"Ref": "AWS::NotificationARNs"}) == []
    assert resolve({"Ref": "L"}) == ["x", "y"]
    assert resolve({"Fn::Sub": "${Env}/${AWS::AccountId}/${!Keep}"}) == "dev/111111111111/${Keep}"
    assert resolve({"Fn::Sub": ["${X}-${Env}", {"X": {"Fn::Join": ["", ["a", "b"]]}}]}) == "ab-dev"
    assert resolve({"Fn::FindInMap": ["M", {"Ref": "Env"}, "v"]}) == "mapped"
    assert resolve({"Fn::FindInMap": ["M", "prod", "v", {"DefaultValue": "d"}]}) == "d"
    assert resolve({"Fn::If": ["Both", "yes", "no"]}) == "yes"
    assert resolve({"Fn::Not": [{"Condition": "IsDev"}]}) is False
    assert resolve({"Fn::Or": [False, {"Fn::Equals": ["a", "a"]}]}) is True
    assert resolve({"Fn::Select": ["1", {"Fn::Split": ["|", "a|b|c"]}]}) == "b"
    assert resolve({"Fn::Base64": "hi"}) == "aGk="
    assert resolve({"Fn::GetAZs": ""}) == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    assert resolve({"Fn::Cidr": ["192.168.0.0/24", 3, 5]}) == [
        "192.168.0.0/27",
        "192.168.0.32/27",
        "192.168.0.64/27",
    ]
    assert resolve({"Fn::ToJsonString": {"a": [1]}}) == '{"a":[1]}'
    assert resolve({"Fn::Length": [1, 2, 3]}) == 3
    assert resolve({"k": {"Ref": "AWS::NoValue"}, "l": [1, {"Ref": "AWS::NoValue"}]}) == {"l": [1]}
    with pytest.raises(AWSError):
        resolve({"Fn::FindInMap": ["M", "prod", "v"]})
    with pytest.raises(AWSError):
        resolve({"Ref": "Unknown"})


def test_references_find_ref_getatt_and_sub_names():
    fragment = {
        "a": {"Ref": "A"},
        "b": {"Fn::GetAtt": "B.Arn"},
        "c": {"Fn::Sub": "${C.Arn}-${AWS::Region}-${!Literal}-${Local}"},
        "d": {"Fn::Sub": ["${Local}", {"Local": {"Ref": "D"}}]},
    }
    assert intrinsics.references(fragment) == {"A", "B", "C", "AWS::Region", "Local", "D"}


def test_graph_order_unresolved_and_cycles():
    resources = {
        "C": {"Type": "T", "Properties": {"x": {"Ref": "B"}}},
        "B": {"Type": "T", "DependsOn": "A"},
        "A": {"Type": "T", "Properties": {"y": {"Ref": "Param"}}},
        "D": {"Type": "T"},
    }
    dependencies = graph.dependencies(resources, {"Param"})
    assert graph.levels(dependencies) == [["A", "D"], ["B"], ["C"]]
    with pytest.raises(AWSError) as error:
        graph.dependencies({"A": {"Type": "T", "Properties": {"x": {"Ref": "Nope"}}}}, set())
    assert "Unresolved resource dependencies [Nope]" in error.value.message
    cyclic = {
        "A": {"Type": "T", "DependsOn": "B"},
        "B": {"Type": "T", "Properties": {"x": {"Fn::GetAtt": ["A", "Arn"]}}},
    }
    with pytest.raises(AWSError) as error:
        graph.levels(graph.dependencies(cyclic, set()))
    assert error.value.message == "Circular dependency between resources: [A, B]"


def test_parameter_types_and_defaults():
    declarations = {
        "N": {"Type": "Number", "MinValue": 1, "Default": 2},
        "L": {"Type": "CommaDelimitedList", "Default": "a, b"},
        "S": {"Type": "String", "NoEcho": True},
    }
    resolved = parameters.resolve(declarations, [{"ParameterKey": "S", "ParameterValue": "secret"}])
    assert resolved["N"].value == "2" and resolved["L"].value == ["a", "b"]
    assert parameters.describe(resolved)[2] == {"ParameterKey": "S", "ParameterValue": "****"}
    previous = resolved
    again = parameters.resolve(declarations, [{"ParameterKey": "S", "UsePreviousValue": True}], previous)
    assert again["S"].value == "secret"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:4566/b/k/t.yaml", ("b", "k/t.yaml")),
        ("http://localhost:4572/b/t.json", ("b", "t.json")),
        ("https://s3.amazonaws.com/b/t", ("b", "t")),
        ("https://s3.eu-west-1.amazonaws.com/b/t", ("b", "t")),
        ("https://s3-eu-west-1.amazonaws.com/b/t", ("b", "t")),
        ("https://my.bucket.s3.amazonaws.com/t", ("my.bucket", "t")),
        ("http://b.s3.localhost.localstack.cloud:4566/dir/t", ("b", "dir/t")),
        ("https://b.s3.us-west-2.amazonaws.com/t%20x", ("b", "t x")),
    ],
)
def test_template_url_forms(url, expected):
    assert template_url.bucket_and_key(url) == expected


def test_template_url_refuses_non_s3_urls():
    for url in ("ftp://x/b/k", "http://127.0.0.1:4566/only-bucket", "not a url"):
        with pytest.raises(AWSError):
            template_url.bucket_and_key(url)


def test_language_extensions_for_each():
    document = {
        "Transform": "AWS::LanguageExtensions",
        "Parameters": {"Names": {"Type": "CommaDelimitedList"}},
        "Resources": {
            "Fn::ForEach::Topics": [
                "Name",
                {"Ref": "Names"},
                {
                    "Topic${Name}": {
                        "Type": "AWS::SNS::Topic",
                        "Properties": {"DisplayName": {"Ref": "Name"}, "T": "&{Name}"},
                    }
                },
            ]
        },
    }
    expanded = transforms.apply(document, {"Names": ["a-1", "b"]}, "111111111111", "us-east-1")
    assert expanded["Resources"] == {
        "Topica-1": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "a-1", "T": "a1"}},
        "Topicb": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "b", "T": "b"}},
    }
    assert "Transform" not in expanded


def test_provider_registry_lists_the_types_tools_need():
    from localstack.services.cloudformation import providers

    types = providers.supported_types()
    for needed in (
        "AWS::S3::Bucket",
        "AWS::S3::BucketPolicy",
        "AWS::IAM::Role",
        "AWS::IAM::ManagedPolicy",
        "AWS::SSM::Parameter",
        "AWS::ECR::Repository",
        "AWS::KMS::Key",
        "AWS::Lambda::Function",
        "AWS::Lambda::Permission",
        "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::Account",
        "AWS::DynamoDB::Table",
        "AWS::SQS::QueuePolicy",
        "AWS::SNS::Subscription",
        "AWS::CDK::Metadata",
        "AWS::CloudFormation::Stack",
        "Custom::*",
    ):
        assert needed in types
    assert providers.provider_for("Custom::Anything").type_name == "AWS::CloudFormation::CustomResource"
    assert providers.provider_for("AWS::Nope::Nope") is None
    assert providers.markdown_list().splitlines()[0].startswith("- `AWS::")
