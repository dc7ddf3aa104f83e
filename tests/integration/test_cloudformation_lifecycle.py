"""Stack updates (in place, with replacement, failed and rolled back), exports and imports across
stacks, nested stacks, and TemplateURL in every form tools send."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.cfn_helpers import deploy, events, outputs, reasons, update, wait
from tests.integration.test_sns_delivery_support import allow_sns


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def queue_template(queue_name: str | None = None, delay: int = 0, extra: dict | None = None) -> dict:
    properties: dict = {"DelaySeconds": delay}
    if queue_name:
        properties["QueueName"] = queue_name
    resources = {"Queue": {"Type": "AWS::SQS::Queue", "Properties": properties}}
    resources.update(extra or {})
    return {
        "Resources": resources,
        "Outputs": {"Url": {"Value": {"Ref": "Queue"}}, "Arn": {"Value": {"Fn::GetAtt": ["Queue", "Arn"]}}},
    }


def test_update_in_place_keeps_the_physical_id(cf, aws_client, cleanup, unique_name):
    name = unique_name("upd")
    first = outputs(deploy(cf, cleanup, name, queue_template(f"{name}-q")))
    stack = update(cf, name, queue_template(f"{name}-q", delay=5))
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    assert outputs(stack)["Url"] == first["Url"]
    delay = aws_client("sqs").get_queue_attributes(QueueUrl=first["Url"], AttributeNames=["DelaySeconds"])
    assert delay["Attributes"]["DelaySeconds"] == "5"
    assert ("Queue", "UPDATE_COMPLETE") in events(cf, name)


def test_update_with_replacement_makes_a_new_resource_and_deletes_the_old(
    cf, aws_client, cleanup, unique_name
):
    name = unique_name("upd")
    first = outputs(deploy(cf, cleanup, name, queue_template(f"{name}-a")))
    stack = update(cf, name, queue_template(f"{name}-b"))
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    second = outputs(stack)
    assert second["Url"] != first["Url"] and second["Url"].endswith(f"{name}-b")
    sqs = aws_client("sqs")
    urls = sqs.list_queues(QueueNamePrefix=name).get("QueueUrls", [])
    assert [u.rsplit("/", 1)[1] for u in urls] == [f"{name}-b"]
    statuses = [s for lid, s in events(cf, name) if lid == name]
    assert statuses[-2:] == ["UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"]


def test_failed_update_rolls_back(cf, aws_client, cleanup, unique_name):
    name = unique_name("upd")
    first = outputs(deploy(cf, cleanup, name, queue_template(f"{name}-q")))
    broken = queue_template(
        f"{name}-q",
        delay=7,
        extra={
            "Bad": {
                "Type": "AWS::SQS::Queue",
                "DependsOn": "Queue",
                "Properties": {"QueueName": "no spaces allowed"},
            }
        },
    )
    cf.update_stack(StackName=name, TemplateBody=json.dumps(broken))
    stack = wait(cf, name)
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert "Bad" in reasons(cf, name)
    delay = aws_client("sqs").get_queue_attributes(QueueUrl=first["Url"], AttributeNames=["DelaySeconds"])
    assert delay["Attributes"]["DelaySeconds"] == "0"
    assert outputs(stack) == first
    assert dict(cf.get_template(StackName=name)["TemplateBody"]) == queue_template(f"{name}-q")
    # UPDATE_ROLLBACK_COMPLETE takes the next update.
    assert update(cf, name, queue_template(f"{name}-q", delay=2))["StackStatus"] == "UPDATE_COMPLETE"


def test_removed_resources_are_deleted_on_update(cf, aws_client, cleanup, unique_name):
    name = unique_name("upd")
    template = queue_template(extra={"Topic": {"Type": "AWS::SNS::Topic"}})
    deploy(cf, cleanup, name, template)
    topic_arn = cf.describe_stack_resource(StackName=name, LogicalResourceId="Topic")["StackResourceDetail"][
        "PhysicalResourceId"
    ]
    update(cf, name, queue_template())
    topics = [t["TopicArn"] for t in aws_client("sns").list_topics()["Topics"]]
    assert topic_arn not in topics
    assert [
        r["LogicalResourceId"] for r in cf.list_stack_resources(StackName=name)["StackResourceSummaries"]
    ] == ["Queue"]


def test_exports_and_imports_across_stacks(cf, cleanup, unique_name):
    producer, consumer = unique_name("exp"), unique_name("imp")
    export_name = f"{producer}-queue-arn"
    template = queue_template()
    template["Outputs"]["Arn"]["Export"] = {"Name": export_name}
    produced = deploy(cf, cleanup, producer, template)
    arn = outputs(produced)["Arn"]
    exports = {e["Name"]: e for e in cf.list_exports()["Exports"]}
    assert exports[export_name]["Value"] == arn
    assert exports[export_name]["ExportingStackId"] == produced["StackId"]
    consuming = {
        "Resources": {
            "Topic": {
                "Type": "AWS::SNS::Topic",
                "Properties": {"DisplayName": {"Fn::ImportValue": export_name}},
            }
        },
        "Outputs": {"Imported": {"Value": {"Fn::ImportValue": export_name}}},
    }
    consumed = deploy(cf, cleanup, consumer, consuming)
    assert outputs(consumed)["Imported"] == arn
    assert cf.list_imports(ExportName=export_name)["Imports"] == [consumer]
    # The exporting stack cannot go while its export is imported.
    cf.delete_stack(StackName=producer)
    blocked = wait(cf, produced["StackId"])
    assert blocked["StackStatus"] == "DELETE_FAILED"
    assert (
        blocked["StackStatusReason"]
        == f"Export {export_name} cannot be deleted as it is in use by {consumer}"
    )
    # A second stack cannot export the same name.
    duplicate = deploy(cf, cleanup, unique_name("dup"), template)
    assert duplicate["StackStatus"] == "ROLLBACK_COMPLETE"
    with pytest.raises(ClientError) as error:
        cf.list_imports(ExportName="never-exported")
    assert error.value.response["Error"]["Message"] == "Export 'never-exported' is not imported by any stack."
    missing = deploy(
        cf,
        cleanup,
        unique_name("miss"),
        {
            "Resources": {
                "T": {
                    "Type": "AWS::SNS::Topic",
                    "Properties": {"DisplayName": {"Fn::ImportValue": "nope-nothing"}},
                }
            }
        },
    )
    assert missing["StackStatus"] == "ROLLBACK_COMPLETE"
    cf.delete_stack(StackName=consumer)
    wait(cf, consumed["StackId"])
    cf.delete_stack(StackName=producer)
    assert wait(cf, produced["StackId"])["StackStatus"] == "DELETE_COMPLETE"


@pytest.fixture
def template_bucket(aws_client, cleanup, unique_name):
    s3 = aws_client("s3")
    bucket = unique_name("tpl")
    s3.create_bucket(Bucket=bucket)

    def empty_and_delete():
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
        s3.delete_bucket(Bucket=bucket)

    cleanup.append(empty_and_delete)
    return bucket


def test_nested_stack(cf, aws_client, server, cleanup, unique_name, template_bucket):
    child = {
        "Parameters": {"Delay": {"Type": "Number"}},
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": {"Ref": "Delay"}}}},
        "Outputs": {"Url": {"Value": {"Ref": "Queue"}}},
    }
    aws_client("s3").put_object(Bucket=template_bucket, Key="child.json", Body=json.dumps(child).encode())
    parent = {
        "Resources": {
            "Child": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {
                    "TemplateURL": f"http://127.0.0.1:{server.edge_port}/{template_bucket}/child.json",
                    "Parameters": {"Delay": 3},
                },
            }
        },
        "Outputs": {
            "ChildUrl": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Url"]}},
            "ChildId": {"Value": {"Ref": "Child"}},
        },
    }
    name = unique_name("nest")
    stack = deploy(cf, cleanup, name, parent)
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    out = outputs(stack)
    child_stack = cf.describe_stacks(StackName=out["ChildId"])["Stacks"][0]
    assert child_stack["ParentId"] == stack["StackId"] and child_stack["RootId"] == stack["StackId"]
    assert child_stack["StackName"].startswith(f"{name}-Child-")
    attributes = aws_client("sqs").get_queue_attributes(
        QueueUrl=out["ChildUrl"], AttributeNames=["DelaySeconds"]
    )
    assert attributes["Attributes"]["DelaySeconds"] == "3"
    cf.delete_stack(StackName=name)
    wait(cf, stack["StackId"])
    assert cf.describe_stacks(StackName=out["ChildId"])["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"


@pytest.mark.parametrize(
    "url_form",
    [
        "http://127.0.0.1:{edge}/{bucket}/{key}",
        "http://localhost:{edge}/{bucket}/{key}",
        "http://127.0.0.1:{s3}/{bucket}/{key}",
        "https://s3.amazonaws.com/{bucket}/{key}",
        "https://s3.us-east-1.amazonaws.com/{bucket}/{key}",
        "https://s3-us-east-1.amazonaws.com/{bucket}/{key}",
        "https://{bucket}.s3.amazonaws.com/{key}",
        "https://{bucket}.s3.us-east-1.amazonaws.com/{key}",
        "http://{bucket}.s3.localhost.localstack.cloud:{edge}/{key}",
    ],
)
def test_template_url_forms(cf, aws_client, server, template_bucket, unique_name, cleanup, url_form):
    key = "dir/template.yaml"
    aws_client("s3").put_object(
        Bucket=template_bucket, Key=key, Body=b"Resources:\n  T:\n    Type: AWS::SNS::Topic\n"
    )
    url = url_form.format(edge=server.edge_port, s3=server.ports["s3"], bucket=template_bucket, key=key)
    name = unique_name("url")
    stack_id = cf.create_stack(StackName=name, TemplateURL=url)["StackId"]
    cleanup.append(lambda: cf.delete_stack(StackName=stack_id))
    assert wait(cf, stack_id)["StackStatus"] == "CREATE_COMPLETE"
    assert cf.get_template_summary(TemplateURL=url)["ResourceTypes"] == ["AWS::SNS::Topic"]


def test_template_url_of_a_missing_object(cf, server, unique_name, template_bucket):
    with pytest.raises(ClientError) as error:
        cf.create_stack(
            StackName=unique_name("url"),
            TemplateURL=f"http://127.0.0.1:{server.edge_port}/{template_bucket}/none.json",
        )
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert error.value.response["Error"]["Message"].startswith("S3 error:")


def test_delete_failed_then_retain_resources(cf, aws_client, cleanup, unique_name):
    s3 = aws_client("s3")
    name = unique_name("retain")
    template = {
        "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
        "Outputs": {"Bucket": {"Value": {"Ref": "Bucket"}}},
    }
    stack = deploy(cf, cleanup, name, template)
    bucket = outputs(stack)["Bucket"]
    s3.put_object(Bucket=bucket, Key="keep", Body=b"x")
    cleanup.append(lambda: (s3.delete_object(Bucket=bucket, Key="keep"), s3.delete_bucket(Bucket=bucket)))
    with pytest.raises(ClientError) as error:
        cf.delete_stack(StackName=name, RetainResources=["Bucket"])
    assert error.value.response["Error"]["Code"] == "ValidationError"
    cf.delete_stack(StackName=name)
    failed = wait(cf, stack["StackId"])
    assert failed["StackStatus"] == "DELETE_FAILED"
    assert "Bucket" in reasons(cf, name)
    cf.delete_stack(StackName=name, RetainResources=["Bucket"])
    assert wait(cf, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert s3.head_bucket(Bucket=bucket)


def test_stack_events_reach_notification_topics(cf, aws_client, cleanup, unique_name):
    sns, sqs = aws_client("sns"), aws_client("sqs")
    topic = sns.create_topic(Name=unique_name("cfn-events"))["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))
    queue = sqs.create_queue(QueueName=unique_name("cfn-events"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=queue))
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    allow_sns(sqs, queue, queue_arn)
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"}
    )
    name = unique_name("notify")
    deploy(cf, cleanup, name, {"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}, NotificationARNs=[topic])
    bodies = []
    for _ in range(10):
        received = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get(
            "Messages", []
        )
        bodies += [m["Body"] for m in received]
        if any(
            "ResourceStatus='CREATE_COMPLETE'" in b and f"LogicalResourceId='{name}'" in b for b in bodies
        ):
            break
    assert any(
        "ResourceStatus='CREATE_COMPLETE'" in b and "ResourceType='AWS::CloudFormation::Stack'" in b
        for b in bodies
    )
    assert any("LogicalResourceId='T'" in b for b in bodies)


def test_language_extensions_for_each_and_length(cf, aws_client, cleanup, unique_name):
    name = unique_name("langx")
    template = """
Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: "alpha,beta"
Resources:
  Fn::ForEach::Queues:
    - Name
    - !Ref Names
    - Queue${Name}:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub "${AWS::StackName}-${Name}"
Outputs:
  Count:
    Value: !Length [a, b, c]
  Json:
    Value: !ToJsonString {k: v}
"""
    stack = deploy(cf, cleanup, name, template, Capabilities=["CAPABILITY_AUTO_EXPAND"])
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    assert outputs(stack) == {"Count": "3", "Json": '{"k":"v"}'}
    logical = sorted(
        r["LogicalResourceId"] for r in cf.list_stack_resources(StackName=name)["StackResourceSummaries"]
    )
    assert logical == ["Queuealpha", "Queuebeta"]
    urls = aws_client("sqs").list_queues(QueueNamePrefix=name)["QueueUrls"]
    assert sorted(u.rsplit("/", 1)[1] for u in urls) == [f"{name}-alpha", f"{name}-beta"]


def test_nested_stack_update_passes_new_parameters(
    cf, aws_client, server, cleanup, unique_name, template_bucket
):
    child = {
        "Parameters": {"Delay": {"Type": "Number"}},
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": {"Ref": "Delay"}}}},
        "Outputs": {"Url": {"Value": {"Ref": "Queue"}}},
    }
    aws_client("s3").put_object(Bucket=template_bucket, Key="child.json", Body=json.dumps(child).encode())

    def parent(delay: int) -> dict:
        return {
            "Resources": {
                "Child": {
                    "Type": "AWS::CloudFormation::Stack",
                    "Properties": {
                        "TemplateURL": f"https://{template_bucket}.s3.amazonaws.com/child.json",
                        "Parameters": {"Delay": delay},
                    },
                }
            },
            "Outputs": {"Url": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Url"]}}},
        }

    name = unique_name("nest")
    url = outputs(deploy(cf, cleanup, name, parent(1)))["Url"]
    assert update(cf, name, parent(4))["StackStatus"] == "UPDATE_COMPLETE", reasons(cf, name)
    delay = aws_client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["DelaySeconds"])
    assert delay["Attributes"]["DelaySeconds"] == "4"
