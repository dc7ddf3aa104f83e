"""The one error serializer: `__type` namespaces and the message key per service and error kind,
as AWS writes them on the wire (no sockets)."""

from __future__ import annotations

import json

import pytest

from localstack.utils.aws.errors import (
    AWSError,
    FrameworkError,
    SerializationError,
    UnknownOperation,
    ValidationError,
    missing_parameter,
    serialize_error,
)

TARGET = {"X-Amz-Target": "Any.Operation"}


def body_of(error: AWSError, service: str, headers: dict | None = None) -> dict:
    response = serialize_error(error, service, TARGET if headers is None else headers)
    return json.loads(response.get_data())


@pytest.mark.parametrize(
    "service,error,expected",
    [
        (
            "dynamodb",
            ValidationError("1 validation error detected: x"),
            {
                "__type": "com.amazon.coral.validate#ValidationException",
                "message": "1 validation error detected: x",
            },
        ),
        (
            "dynamodb",
            SerializationError("Unexpected field type"),
            {"__type": "com.amazon.coral.service#SerializationException", "Message": "Unexpected field type"},
        ),
        (
            "dynamodb",
            AWSError("ResourceNotFoundException", "Requested resource not found"),
            {
                "__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                "message": "Requested resource not found",
            },
        ),
        (
            # botocore models this one with `Message`, as DynamoDB sends it
            "dynamodb",
            AWSError("TransactionCanceledException", "Transaction cancelled"),
            {
                "__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                "Message": "Transaction cancelled",
            },
        ),
        (
            "dynamodb",
            UnknownOperation("dynamodb", "Nope", query_protocol=False),
            {"__type": "com.amazon.coral.service#UnknownOperationException"},
        ),
        (
            "stepfunctions",
            AWSError("StateMachineDoesNotExist", "State Machine Does Not Exist: 'arn'"),
            {
                "__type": "com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist",
                "message": "State Machine Does Not Exist: 'arn'",
            },
        ),
        (
            "stepfunctions",
            ValidationError("1 validation error detected: y"),
            {
                "__type": "com.amazon.coral.validate#ValidationException",
                "message": "1 validation error detected: y",
            },
        ),
        (
            "kinesis",
            ValidationError("1 validation error detected: z"),
            {"__type": "ValidationException", "message": "1 validation error detected: z"},
        ),
        (
            "kinesis",
            AWSError("ResourceNotFoundException", "Stream s not found."),
            {"__type": "ResourceNotFoundException", "message": "Stream s not found."},
        ),
        ("kms", AWSError("NotFoundException", "gone"), {"__type": "NotFoundException", "message": "gone"}),
        (
            "secretsmanager",
            AWSError("ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
            {
                "__type": "ResourceNotFoundException",
                "Message": "Secrets Manager can't find the specified secret.",
            },
        ),
        (
            "logs",
            ValidationError("1 validation error detected: w", code="InvalidParameterException"),
            {"__type": "InvalidParameterException", "message": "1 validation error detected: w"},
        ),
        (
            "events",
            FrameworkError("UnknownOperationException", ""),
            {"__type": "UnknownOperationException"},
        ),
    ],
)
def test_json_error_body_is_the_services_own(service, error, expected):
    assert body_of(error, service) == expected


def test_only_one_message_key_is_ever_sent():
    for service in ("dynamodb", "sqs", "kinesis", "kms", "logs", "events", "secretsmanager", "ssm"):
        body = body_of(AWSError("SomeError", "text"), service)
        assert ("message" in body) != ("Message" in body), (service, body)


def test_sqs_json_names_the_query_code_in_a_header():
    response = serialize_error(AWSError("AWS.SimpleQueueService.NonExistentQueue", "gone"), "sqs", TARGET)
    assert response.headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"
    assert response.mimetype == "application/x-amz-json-1.0"
    assert json.loads(response.get_data()) == {
        "__type": "com.amazonaws.sqs#QueueDoesNotExist",
        "message": "gone",
    }


def test_sqs_query_error_is_xml_with_sender_type():
    response = serialize_error(missing_parameter("QueueUrl", query_protocol=True), "sqs", {})
    text = response.get_data(as_text=True)
    assert "<Type>Sender</Type><Code>MissingParameter</Code>" in text
    assert "The request must contain the parameter QueueUrl." in text


def test_lambda_error_carries_type_and_the_code_in_a_header():
    response = serialize_error(
        AWSError("ResourceNotFoundException", "Function not found: x", 404), "lambda", {}
    )
    assert response.headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert json.loads(response.get_data()) == {"Type": "User", "Message": "Function not found: x"}


def test_json_1_1_services_answer_in_their_content_type():
    assert serialize_error(AWSError("X", "y"), "kinesis", TARGET).mimetype == "application/x-amz-json-1.1"
    assert serialize_error(AWSError("X", "y"), "dynamodb", TARGET).mimetype == "application/x-amz-json-1.0"


def test_missing_top_level_member_of_a_json_service_is_a_validation_error():
    error = missing_parameter("TableName", query_protocol=False)
    assert body_of(error, "dynamodb") == {
        "__type": "com.amazon.coral.validate#ValidationException",
        "message": "1 validation error detected: Value null at 'TableName' failed to satisfy constraint: "
        "Member must not be null",
    }


def backend_error(body: dict, status: int = 400, **headers: str):
    from werkzeug.wrappers import Response

    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


def test_a_backends_json_error_gets_the_services_shape():
    from localstack.utils.aws.errors import normalize_error_response

    sqs = backend_error(
        {"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone", "Message": "gone"},
        **{"x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender"},
    )
    sqs = normalize_error_response(sqs, "sqs", TARGET)
    assert json.loads(sqs.get_data()) == {"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"}
    assert sqs.headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"

    sfn = normalize_error_response(
        backend_error({"__type": "StateMachineDoesNotExist", "message": "m"}), "stepfunctions", TARGET
    )
    assert (
        json.loads(sfn.get_data())["__type"] == "com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist"
    )

    secrets = backend_error({"__type": "ResourceNotFoundException", "message": "m"}, 404)
    secrets = normalize_error_response(secrets, "secretsmanager", TARGET)
    assert secrets.status_code == 400
    assert json.loads(secrets.get_data()) == {"__type": "ResourceNotFoundException", "Message": "m"}

    ddb = backend_error({"__type": "ValidationException", "message": "bad", "CancellationReasons": [1]})
    ddb = normalize_error_response(ddb, "dynamodb", TARGET)
    assert json.loads(ddb.get_data()) == {
        "__type": "com.amazon.coral.validate#ValidationException",
        "message": "bad",
        "CancellationReasons": [1],
    }

    lam = backend_error({"__type": "ResourceNotFoundException", "message": "Function not found: f"}, 404)
    lam = normalize_error_response(lam, "lambda", {})
    assert lam.status_code == 404
    assert json.loads(lam.get_data()) == {"Type": "User", "Message": "Function not found: f"}


def test_a_plain_aws_error_named_validation_exception_gets_coral_s_namespace():
    body = body_of(AWSError("ValidationException", "Invalid KeySchema"), "dynamodb")
    assert body == {"__type": "com.amazon.coral.validate#ValidationException", "message": "Invalid KeySchema"}


def test_sqs_json_writes_framework_codes_as_coral_shapes():
    response = serialize_error(AWSError("InvalidParameterValue", "bad"), "sqs", TARGET)
    assert response.headers["x-amzn-query-error"] == "InvalidParameterValue;Sender"
    assert json.loads(response.get_data()) == {
        "__type": "com.amazon.coral.service#InvalidParameterValueException",
        "message": "bad",
    }
    response = serialize_error(AWSError("MissingParameter", "no"), "sqs", TARGET)
    assert (
        json.loads(response.get_data())["__type"]
        == "com.amazon.coral.service#MissingRequiredParameterException"
    )


@pytest.mark.parametrize(
    "service,namespace",
    [
        ("iam", "https://iam.amazonaws.com/doc/2010-05-08/"),
        ("sts", "https://sts.amazonaws.com/doc/2011-06-15/"),
        ("cloudformation", "http://cloudformation.amazonaws.com/doc/2010-05-15/"),
        ("sns", "http://sns.amazonaws.com/doc/2010-03-31/"),
        ("sqs", "http://queue.amazonaws.com/doc/2012-11-05/"),
    ],
)
def test_query_errors_carry_the_services_namespace(service, namespace):
    import xml.etree.ElementTree as ET

    text = serialize_error(AWSError("NoSuchEntity", "gone"), service, {}).get_data(as_text=True)
    root = ET.fromstring(text)
    assert root.tag == f"{{{namespace}}}ErrorResponse"
    error = root.find(f"{{{namespace}}}Error")
    names = [child.tag.split("}")[1] for child in error]
    assert names[:3] == ["Type", "Code", "Message"]
    assert names[3:] == (["Detail"] if service == "sqs" else [])


def test_ec2_errors_carry_no_namespace():
    import xml.etree.ElementTree as ET

    text = serialize_error(AWSError("InvalidVpcID.NotFound", "gone"), "ec2", {}).get_data(as_text=True)
    root = ET.fromstring(text)
    assert root.tag == "Response"
    assert root.find("Errors/Error/Code").text == "InvalidVpcID.NotFound"
    assert root.find("Errors/Error/Message").text == "gone"
    assert root.find("RequestID").text


def xml_backend_error(body: str, status: int = 400) -> object:
    from werkzeug.wrappers import Response

    return Response(body, status=status, headers={"x-amzn-RequestId": "rid-1"}, mimetype="text/xml")


def test_a_backends_query_error_loses_the_lowercase_message_and_gains_the_namespace():
    from localstack.utils.aws.errors import normalize_error_response

    iam = xml_backend_error(
        '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>'
        "<Code>NoSuchEntity</Code><Message>m</Message><message>m</message></Error>"
        "<RequestId>r</RequestId></ErrorResponse>",
        404,
    )
    text = normalize_error_response(iam, "iam", {}).get_data(as_text=True)
    assert "<message>" not in text and "<Message>m</Message>" in text

    bare = xml_backend_error(
        "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>m</Message>"
        "</Error><RequestId>r</RequestId></ErrorResponse>"
    )
    text = normalize_error_response(bare, "cloudformation", {}).get_data(as_text=True)
    assert text.startswith('<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">')


def test_a_backends_ec2_error_loses_its_namespace_and_gets_the_request_id():
    from localstack.utils.aws.errors import normalize_error_response

    ec2 = xml_backend_error(
        '<?xml version="1.0" encoding="utf-8"?>\n<Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15">'
        "<Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>m</Message></Error></Errors>"
        "<RequestID>request-id</RequestID></Response>"
    )
    text = normalize_error_response(ec2, "ec2", {}).get_data(as_text=True)
    assert "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>" in text
    assert text.endswith("<RequestID>rid-1</RequestID></Response>")
