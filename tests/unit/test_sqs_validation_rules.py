"""SQS validation rules and the query-form parser, without a server."""

from __future__ import annotations

import pytest

from localstack.services.sqs import validation
from localstack.utils.aws.errors import AWSError


def test_query_form_becomes_the_json_shape():
    data = (
        b"Action=SendMessage&MessageBody=hi&MessageAttribute.2.Name=b&MessageAttribute.2.Value.DataType=String"
        b"&MessageAttribute.2.Value.StringValue=v&MessageAttribute.1.Name=a"
        b"&MessageAttribute.1.Value.DataType=Number&MessageAttribute.1.Value.StringValue=1"
    )
    params = validation.request_params("SendMessage", "/", data, json_protocol=False)
    assert params["MessageBody"] == "hi"
    assert params["MessageAttributes"] == {
        "a": {"DataType": "Number", "StringValue": "1"},
        "b": {"DataType": "String", "StringValue": "v"},
    }
    create = validation.request_params(
        "CreateQueue",
        "/?Action=CreateQueue&QueueName=q",
        b"Attribute.1.Name=FifoQueue&Attribute.1.Value=true",
        False,
    )
    assert create == {"Action": "CreateQueue", "QueueName": "q", "Attributes": {"FifoQueue": "true"}}


@pytest.mark.parametrize(
    "operation, params, code",
    [
        ("SendMessage", {"MessageBody": ""}, "MissingParameter"),
        ("SendMessage", {"MessageBody": "\x1f"}, "InvalidMessageContents"),
        ("ReceiveMessage", {"MaxNumberOfMessages": 0}, "InvalidParameterValue"),
        ("ReceiveMessage", {"WaitTimeSeconds": -1}, "InvalidParameterValue"),
        ("CreateQueue", {"QueueName": "a" * 81}, "InvalidParameterValue"),
        (
            "CreateQueue",
            {"QueueName": "x.fifo", "Attributes": {"FifoQueue": "false"}},
            "InvalidParameterValue",
        ),
        ("DeleteMessage", {"ReceiptHandle": "not-a-handle"}, "ReceiptHandleIsInvalid"),
    ],
)
def test_refused(operation, params, code):
    with pytest.raises(AWSError) as info:
        validation.check(operation, params)
    assert info.value.code == code


@pytest.mark.parametrize(
    "operation, params",
    [
        ("SendMessage", {"MessageBody": "ok \U0001f600"}),
        ("ReceiveMessage", {"MaxNumberOfMessages": "10", "WaitTimeSeconds": "20"}),
        ("CreateQueue", {"QueueName": "a" * 75 + ".fifo", "Attributes": {"FifoQueue": "true"}}),
        ("DeleteMessage", {"ReceiptHandle": "a" * 185}),
    ],
)
def test_accepted(operation, params):
    validation.check(operation, params)
