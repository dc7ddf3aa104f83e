"""Error bodies of the query and EC2 protocols as AWS writes them, read raw off the wire through the
edge, and still parsed by boto3 into the same Code and Message."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from botocore.exceptions import ClientError


def call_raw(client, operation: str, **params) -> tuple[ClientError, bytes]:
    """The ClientError boto3 raised and the raw body it parsed it from."""
    bodies: list[bytes] = []
    client.meta.events.register(
        "before-parse", lambda response_dict, **_: bodies.append(response_dict["body"])
    )
    with pytest.raises(ClientError) as caught:
        getattr(client, operation)(**params)
    return caught.value, bodies[-1]


@pytest.mark.parametrize(
    "service,operation,params,namespace,code",
    [
        # moto's own answer, which repeated the message as a lowercase <message>
        (
            "iam",
            "get_user",
            {"UserName": "no-such-user"},
            "https://iam.amazonaws.com/doc/2010-05-08/",
            "NoSuchEntity",
        ),
        # ours, which lacked the namespace
        (
            "cloudformation",
            "describe_stacks",
            {"StackName": "no-such-stack"},
            "http://cloudformation.amazonaws.com/doc/2010-05-15/",
            "ValidationError",
        ),
    ],
)
def test_query_error_body_is_aws_shape(aws_client, service, operation, params, namespace, code):
    error, body = call_raw(aws_client(service), operation, **params)
    root = ET.fromstring(body)
    ns = {"a": namespace}
    assert root.tag == f"{{{namespace}}}ErrorResponse"
    element = root.find("a:Error", ns)
    assert [child.tag for child in element] == [
        f"{{{namespace}}}{name}" for name in ("Type", "Code", "Message")
    ]
    assert element.find("a:Type", ns).text == "Sender"
    assert element.find("a:Code", ns).text == code
    assert root.find("a:RequestId", ns).text
    assert error.response["Error"]["Code"] == code
    assert error.response["Error"]["Message"] == element.find("a:Message", ns).text


def test_ec2_error_body_is_aws_shape(aws_client):
    error, body = call_raw(aws_client("ec2"), "describe_instances", InstanceIds=["i-1234567890abcdef0"])
    root = ET.fromstring(body)
    assert root.tag == "Response"  # AWS's EC2 errors name no namespace
    errors = root.findall("Errors/Error")
    assert len(errors) == 1
    assert [child.tag for child in errors[0]] == ["Code", "Message"]
    request_id = root.find("RequestID").text
    assert request_id and request_id != "request-id"
    assert error.response["Error"]["Code"] == "InvalidInstanceID.NotFound"
    assert error.response["Error"]["Message"] == "The instance ID 'i-1234567890abcdef0' does not exist"
    assert error.response["ResponseMetadata"]["RequestId"] == request_id


@pytest.mark.parametrize(
    "operation,params,code,message",
    [
        (
            "describe_vpcs",
            {"VpcIds": ["vpc-12345678"]},
            "InvalidVpcID.NotFound",
            "The vpc ID 'vpc-12345678' does not exist",
        ),
        (
            "describe_security_groups",
            {"GroupIds": ["sg-12345678"]},
            "InvalidGroup.NotFound",
            "The security group 'sg-12345678' does not exist",
        ),
        (
            "describe_volumes",
            {"VolumeIds": ["vol-12345678"]},
            "InvalidVolume.NotFound",
            "The volume 'vol-12345678' does not exist.",
        ),
        (
            "describe_key_pairs",
            {"KeyNames": ["gone"]},
            "InvalidKeyPair.NotFound",
            "The key pair 'gone' does not exist",
        ),
        (
            "describe_addresses",
            {"AllocationIds": ["eipalloc-12345678"]},
            "InvalidAllocationID.NotFound",
            "The allocation ID 'eipalloc-12345678' does not exist",
        ),
        (
            "describe_internet_gateways",
            {"InternetGatewayIds": ["igw-12345678"]},
            "InvalidInternetGatewayID.NotFound",
            "The internetGateway ID 'igw-12345678' does not exist",
        ),
        (
            "accept_vpc_peering_connection",
            {"VpcPeeringConnectionId": "pcx-12345678"},
            "InvalidVpcPeeringConnectionID.NotFound",
            "The vpcPeeringConnection ID 'pcx-12345678' does not exist",
        ),
    ],
)
def test_ec2_not_found_names_the_id_as_ec2_does(aws_client, operation, params, code, message):
    error, _ = call_raw(aws_client("ec2"), operation, **params)
    assert (error.response["Error"]["Code"], error.response["Error"]["Message"]) == (code, message)


def test_autoscaling_delete_of_a_missing_launch_configuration_is_refused(aws_client):
    error, body = call_raw(
        aws_client("autoscaling"), "delete_launch_configuration", LaunchConfigurationName="gone-lc"
    )
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert (error.response["Error"]["Code"], error.response["Error"]["Message"]) == (
        "ValidationError",
        "Launch configuration name not found - Launch configuration gone-lc not found",
    )
    assert ET.fromstring(body).tag == "{http://autoscaling.amazonaws.com/doc/2011-01-01/}ErrorResponse"


def test_ec2_answers_carry_their_own_request_id(aws_client):
    ec2 = aws_client("ec2")
    first = ec2.describe_vpcs()["ResponseMetadata"]
    second = ec2.describe_vpcs()["ResponseMetadata"]
    assert first["RequestId"] != "request-id"
    assert first["RequestId"] != second["RequestId"]
    assert first["RequestId"] == first["HTTPHeaders"]["x-amzn-requestid"]
