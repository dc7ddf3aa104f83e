"""The model validator's compiled checks, driven with JSON bodies (no sockets): each row is a body,
the error class AWS answers and its exact message."""

from __future__ import annotations

import json

import pytest

from localstack.utils.aws.errors import AWSError, SerializationError, ValidationError
from localstack.utils.aws.request_checks import check_request, compiled_input
from localstack.utils.aws.request_checks.shapes import spell
from localstack.utils.http import Request

DDB = "DynamoDB_20120810"


def check(service: str, target: str, body: object, raw: bytes | None = None) -> None:
    data = raw if raw is not None else json.dumps(body).encode()
    request = Request(
        "POST", "/", data, {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.0"}
    )
    check_request(service, request)


def refused(service: str, target: str, body: object, raw: bytes | None = None) -> AWSError:
    with pytest.raises(AWSError) as info:
        check(service, target, body, raw)
    return info.value


SERIALIZATION = [
    # (service, target, body, AWS's sentence)
    ("dynamodb", f"{DDB}.CreateTable", {"TableName": "t", "KeySchema": "x"}, "Unexpected field type"),
    (
        "dynamodb",
        f"{DDB}.CreateTable",
        {"TableName": "t", "KeySchema": {}},
        "Start of structure or map found where not expected",
    ),
    ("dynamodb", f"{DDB}.DescribeTable", {"TableName": 5}, "NUMBER_VALUE cannot be converted to String"),
    ("dynamodb", f"{DDB}.DescribeTable", {"TableName": 1.5}, "DECIMAL_VALUE cannot be converted to String"),
    ("dynamodb", f"{DDB}.DescribeTable", {"TableName": True}, "TRUE_VALUE cannot be converted to String"),
    (
        "dynamodb",
        f"{DDB}.DescribeTable",
        {"TableName": ["t"]},
        "Unrecognized collection type class java.lang.String",
    ),
    (
        "dynamodb",
        f"{DDB}.DescribeTable",
        {"TableName": {"a": 1}},
        "Start of structure or map found where not expected",
    ),
    (
        "dynamodb",
        f"{DDB}.Scan",
        {"TableName": "t", "Limit": "5"},
        "STRING_VALUE cannot be converted to Integer",
    ),
    (
        "dynamodb",
        f"{DDB}.Scan",
        {"TableName": "t", "Limit": False},
        "FALSE_VALUE cannot be converted to Integer",
    ),
    (
        "dynamodb",
        f"{DDB}.Scan",
        {"TableName": "t", "ConsistentRead": "yes"},
        "Unexpected token received from parser",
    ),
    (
        "dynamodb",
        f"{DDB}.Scan",
        {"TableName": "t", "ConsistentRead": 1},
        "NUMBER_VALUE cannot be converted to Boolean",
    ),
    (
        "dynamodb",
        f"{DDB}.PutItem",
        {"TableName": "t", "Item": {"a": "x"}},
        "Unexpected value type in payload",
    ),
    (
        "dynamodb",
        f"{DDB}.PutItem",
        {"TableName": "t", "Item": {"a": {"S": 5}}},
        "NUMBER_VALUE cannot be converted to String",
    ),
    (
        "dynamodb",
        f"{DDB}.PutItem",
        {"TableName": "t", "Item": []},
        "Unrecognized collection type java.util.Map<java.lang.String, "
        "com.amazonaws.dynamodb.v20120810.AttributeValue>",
    ),
    (
        "dynamodb",
        f"{DDB}.PutItem",
        {"TableName": "t", "Item": {"a": {"B": "abc"}}},
        "Base64 encoded length is expected a multiple of 4 bytes but found: 3",
    ),
    (
        "dynamodb",
        f"{DDB}.PutItem",
        {"TableName": "t", "Item": {"a": {"B": 5}}},
        "only base-64-encoded strings are convertible to bytes",
    ),
    (
        "dynamodb",
        f"{DDB}.PutItem",
        {"TableName": "t", "Item": {"a": {"L": ["x"]}}},
        "Unexpected value type in payload",
    ),
    (
        "dynamodb",
        f"{DDB}.PutItem",
        {"TableName": "t", "Item": {"a": {"M": {"b": 1}}}},
        "Unexpected value type in payload",
    ),
    (
        "dynamodb",
        f"{DDB}.PutItem",
        {"TableName": "t", "Item": {"a": {"S": "x"}}, "ReturnValues": []},
        "Unrecognized collection type class java.lang.String",
    ),
    (
        "kinesis",
        "Kinesis_20131202.CreateStream",
        {"StreamName": "s", "ShardCount": "1"},
        "STRING_VALUE cannot be converted to Integer",
    ),
    (
        "sqs",
        "AmazonSQS.SendMessage",
        {"QueueUrl": "q", "MessageBody": 5},
        "NUMBER_VALUE cannot be converted to String",
    ),
]


@pytest.mark.parametrize("service,target,body,message", SERIALIZATION)
def test_wrong_json_type_is_a_serialization_exception(service, target, body, message):
    error = refused(service, target, body)
    assert isinstance(error, SerializationError)
    assert (error.code, error.message) == ("SerializationException", message)


VALIDATION = [
    # (service, target, body, code, AWS's message)
    (
        "dynamodb",
        f"{DDB}.DescribeTable",
        {},
        "ValidationException",
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
        "Member must not be null",
    ),
    (
        "dynamodb",
        f"{DDB}.Scan",
        {"TableName": "t", "Limit": 0},
        "ValidationException",
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
    ),
    (
        "dynamodb",
        f"{DDB}.Scan",
        {"TableName": "t", "Select": "SOME"},
        "ValidationException",
        "1 validation error detected: Value 'SOME' at 'select' failed to satisfy constraint: "
        "Member must satisfy enum value set: "
        "[ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, SPECIFIC_ATTRIBUTES, COUNT]",
    ),
    (
        "dynamodb",
        f"{DDB}.CreateTable",
        {
            "TableName": "t",
            "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b"}],
            "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
        "ValidationException",
        "1 validation error detected: Value null at 'keySchema.2.member.keyType' "
        "failed to satisfy constraint: Member must not be null",
    ),
    (
        "dynamodb",
        f"{DDB}.BatchGetItem",
        {"RequestItems": {}},
        "ValidationException",
        "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
    ),
    (
        "kinesis",
        "Kinesis_20131202.CreateStream",
        {"StreamName": "a;b", "ShardCount": 0},
        "ValidationException",
        "2 validation errors detected: Value 'a;b' at 'streamName' failed to satisfy constraint: Member must "
        "satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '0' at 'shardCount' failed to satisfy "
        "constraint: Member must have value greater than or equal to 1",
    ),
    (
        "kinesis",
        "Kinesis_20131202.DescribeStream",
        {"StreamName": "x" * 129},
        "ValidationException",
        f"1 validation error detected: Value '{'x' * 129}' at 'streamName' failed to satisfy constraint: "
        "Member must have length less than or equal to 128",
    ),
    (
        "logs",
        "Logs_20140328.CreateLogGroup",
        {"logGroupName": "a:b"},
        "InvalidParameterException",
        "1 validation error detected: Value 'a:b' at 'logGroupName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    ),
    (
        "events",
        "AWSEvents.PutRule",
        {"Name": "r", "State": "ON"},
        "ValidationException",
        "1 validation error detected: Value 'ON' at 'state' failed to satisfy constraint: "
        "Member must satisfy enum value set: "
        "[ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]",
    ),
    (
        "stepfunctions",
        "AWSStepFunctions.StartExecution",
        {},
        "ValidationException",
        "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: "
        "Member must not be null",
    ),
    (
        "ssm",
        "AmazonSSM.GetParameter",
        {"Name": ""},
        "ValidationException",
        "1 validation error detected: Value '' at 'name' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
    ),
]


@pytest.mark.parametrize("service,target,body,code,message", VALIDATION)
def test_constraint_violation_is_awss_validation_message(service, target, body, code, message):
    error = refused(service, target, body)
    assert isinstance(error, ValidationError)
    assert (error.code, error.message) == (code, message)


def test_sqs_checks_types_and_required_members_but_not_the_models_enums():
    # ReceiveMessage takes message system attribute names in AttributeNames, outside the model's enum.
    check("sqs", "AmazonSQS.ReceiveMessage", {"QueueUrl": "q", "AttributeNames": ["MessageGroupId"]})
    error = refused("sqs", "AmazonSQS.ReceiveMessage", {})
    assert error.message.endswith("at 'queueUrl' failed to satisfy constraint: Member must not be null")


def test_valid_requests_pass():
    check("dynamodb", f"{DDB}.PutItem", {"TableName": "t", "Item": {"a": {"M": {"b": {"L": [{"N": "1"}]}}}}})
    check(
        "kinesis", "Kinesis_20131202.PutRecord", {"StreamName": "s", "Data": "aGVsbG8=", "PartitionKey": "p"}
    )
    check("dynamodb", f"{DDB}.ListTables", None, raw=b"")
    check("dynamodb", f"{DDB}.Scan", {"TableName": "t", "Limit": None})  # null is absent


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"TableName": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"}",
        b'{"TableName": "\\ud800"}',
        b'{"TableName": "\\udc00x"}',
        b"\xff\xfe",
        b"{not json",
    ],
    ids=["deep-array", "deep-object", "lone-high-surrogate", "lone-low-surrogate", "not-utf8", "not-json"],
)
def test_hostile_json_is_a_serialization_exception(raw):
    error = refused("dynamodb", f"{DDB}.DescribeTable", None, raw=raw)
    assert error.code == "SerializationException" and error.status == 400


def test_a_surrogate_pair_is_fine():
    check("dynamodb", f"{DDB}.DescribeTable", None, raw=b'{"TableName": "\\ud83d\\ude00"}')


def test_a_lone_surrogate_in_an_sqs_message_body_is_left_to_sqs():
    # SQS answers InvalidMessageContents for it; anywhere else in the body it stays a serialization error.
    check("sqs", "AmazonSQS.SendMessage", None, raw=b'{"QueueUrl": "q", "MessageBody": "a\\ud800"}')
    error = refused("sqs", "AmazonSQS.SendMessage", None, raw=b'{"QueueUrl": "q\\ud800", "MessageBody": "a"}')
    assert error.code == "SerializationException"


def test_a_null_structure_in_a_list_or_map_is_refused():
    error = refused("dynamodb", f"{DDB}.TransactGetItems", {"TransactItems": [None]})
    assert error.message == (
        "1 validation error detected: Value null at 'transactItems.1.member' failed to satisfy constraint: "
        "Member must not be null"
    )
    error = refused("dynamodb", f"{DDB}.Scan", {"TableName": "tbl", "ScanFilter": {"a": None}})
    assert "Value null at 'scanFilter.a.member'" in error.message
    # A null attribute value is DynamoDB's own to answer ("Supplied AttributeValue is empty").
    check("dynamodb", f"{DDB}.PutItem", {"TableName": "tbl", "Item": {"a": None}})


def test_a_null_member_reaches_the_backend_as_absent():
    body = {
        "Path": "/a",
        "NextToken": None,
        "ParameterFilters": [{"Key": "Type", "Option": None, "Values": None}],
    }
    request = Request(
        "POST",
        "/",
        json.dumps(body).encode(),
        {"X-Amz-Target": "AmazonSSM.GetParametersByPath", "Content-Type": "application/x-amz-json-1.1"},
    )
    check_request("ssm", request)
    assert json.loads(request.data) == {"Path": "/a", "ParameterFilters": [{"Key": "Type"}]}
    # A required member that is null is refused as missing, and a body without nulls is handed on as sent.
    error = refused("ssm", "AmazonSSM.GetParametersByPath", {"Path": None})
    assert "Value null at 'path' failed to satisfy constraint: Member must not be null" in error.message
    raw = b'{"Path":  "/a"}'
    request = Request("POST", "/", raw, {"X-Amz-Target": "AmazonSSM.GetParametersByPath"})
    check_request("ssm", request)
    assert request.data is raw


@pytest.mark.parametrize(
    "service, query, code",
    [
        ("iam", "Action=ListRoles&MaxItems=x", "ValidationError"),
        ("sts", "Action=GetFederationToken&Name=n&DurationSeconds=", "ValidationError"),
        ("ec2", "Action=DescribeVpcEndpoints&MaxResults=10000000000000000000000", "InvalidParameterValue"),
        ("ec2", "Action=DescribeVpcs&DryRun=maybe", "InvalidParameterValue"),
        (
            "ec2",
            "Action=DescribeCapacityBlockOfferings&CapacityDurationHours=1&StartDateRange=x",
            "InvalidParameterValue",
        ),
    ],
)
def test_a_query_number_or_boolean_that_does_not_read_as_one_is_refused(service, query, code):
    request = Request("POST", "/", query.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(AWSError) as info:
        check_request(service, request)
    assert info.value.code == code and info.value.status == 400


def test_a_service_can_require_a_member_its_model_leaves_optional():
    from localstack.utils.aws.request_checks import require_members

    require_members("secretsmanager", {"Tag": frozenset(("Key",))})
    error = refused(
        "secretsmanager", "secretsmanager.TagResource", {"SecretId": "s", "Tags": [{"Value": "v"}]}
    )
    assert error.message == (
        "1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: "
        "Member must not be null"
    )
    check("secretsmanager", "secretsmanager.TagResource", {"SecretId": "s", "Tags": [{"Key": "k"}]})


def test_unknown_operation():
    error = refused("dynamodb", f"{DDB}.Nope", {})
    assert error.code == "UnknownOperationException"


def test_operations_are_compiled_once():
    assert compiled_input("dynamodb", "PutItem") is compiled_input("dynamodb", "PutItem")


def test_paths_are_spelled_as_aws_does():
    assert spell((((None, "keySchema"), 2), "keyType")) == "keySchema.2.member.keyType"
    assert spell((((None, "requestItems"), ("t1",)), "keys")) == "requestItems.t1.member.keys"


def test_map_keys_break_as_one_sentence():
    error = refused("dynamodb", f"{DDB}.BatchGetItem", {"RequestItems": {"": {"Keys": [{"a": {"S": "x"}}]}}})
    assert error.message == (
        "1 validation error detected: Value '{=KeysAndAttributes(keys=[{a=AttributeValue(s=x, n=null, "
        "b=null, sS=null, nS=null, bS=null, m=null, l=null, nULL=null, bOOL=null)}], attributesToGet=null, "
        "consistentRead=null, projectionExpression=null, expressionAttributeNames=null)}' at 'requestItems' "
        "failed to satisfy constraint: Map keys must satisfy constraint: "
        # A broken key names all its rules (recorded for Lambda's routing weights); DynamoDB's server
        # answers with its own list (services/dynamodb/validation.py, test_dynamodb_batch_ordering.py).
        "[Member must have length less than or equal to 1024, Member must have length greater than or "
        "equal to 1, Member must not be null]"
    )


def test_a_services_own_constraints_join_the_models_in_one_message():
    from localstack.utils.aws.request_checks import _extra_constraints, register_constraints

    def table_name(operation: str, body: dict) -> list[str]:
        name = body.get("TableName", "")
        if len(name) < 3:
            return [
                f"Value '{name}' at 'tableName' failed to satisfy constraint: "
                "Member must have length greater than or equal to 3"
            ]
        return []

    register_constraints("dynamodb", table_name)
    try:
        error = refused("dynamodb", f"{DDB}.Scan", {"TableName": "ab", "Limit": 0})
    finally:
        _extra_constraints.pop("dynamodb")
    assert error.message == (
        "2 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
        "value greater than or equal to 1; Value 'ab' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 3"
    )


def test_a_service_can_answer_a_model_constraint_in_its_own_words():
    from localstack.utils.aws.request_checks import _replaced_shapes, replace_constraints

    body = {"TableName": "tbl", "TableClass": "COLD"}
    assert "at 'tableClass'" in refused("dynamodb", f"{DDB}.UpdateTable", body).message
    replace_constraints("dynamodb", frozenset(("TableClass",)))
    try:
        check("dynamodb", f"{DDB}.UpdateTable", body)  # left to the service
        error = refused("dynamodb", f"{DDB}.UpdateTable", {"TableName": "tbl", "TableClass": 5})
        assert error.code == "SerializationException"  # its type is still checked
    finally:
        replace_constraints("dynamodb", frozenset())
        _replaced_shapes.pop("dynamodb")


def test_a_replaced_constraint_can_be_limited_to_one_operation():
    from localstack.utils.aws.request_checks import _replaced_shapes, replace_constraints

    body = {"TableName": "tbl", "TableClass": "COLD"}
    try:
        replace_constraints("dynamodb", frozenset(("CreateTable:TableClass",)))
        assert "at 'tableClass'" in refused("dynamodb", f"{DDB}.UpdateTable", body).message
        replace_constraints("dynamodb", frozenset(("UpdateTable:TableClass",)))
        check("dynamodb", f"{DDB}.UpdateTable", body)  # left to the service in that operation only
    finally:
        replace_constraints("dynamodb", frozenset())
        _replaced_shapes.pop("dynamodb")


@pytest.mark.parametrize(
    "path",
    ["/2018-10-31/layers/my-layer/versions/1", "/2018-10-31/layers/my-layer/versions/12?x=1"],
)
def test_a_numeric_uri_label_reads_as_its_number(path):
    """GetLayerVersion's VersionNumber is a long in the model and text in the URI."""
    check_request("lambda", Request("GET", path, b"", {}))
