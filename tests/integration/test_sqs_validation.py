"""SQS request validation with AWS's codes and messages, over the JSON protocol (boto3) and the query
protocol (form posts answered in XML)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError

# A SigV4 header in the SDKs' form (the signature's value is not verified).
AUTH = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0"
)
INVALID_CHARACTERS = (
    "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | "
    "#xE000 to #xFFFD | #x10000 to #x10FFFF"
)


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def queue_url(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("val"))["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


def _error(call: Any, **kwargs: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response
    return error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"], error["Error"]["Message"]


def _query(server: Any, **params: str) -> tuple[int, str, str, str]:
    """A query-protocol call (form body, no X-Amz-Target): status, content type, code and message."""
    signed = {"Authorization": AUTH}
    response = requests.post(
        server.edge_url, data={"Version": "2012-11-05", **params}, headers=signed, timeout=10
    )
    code = re.search(r"<Code>([^<]*)</Code>", response.text)
    message = re.search(r"<Message>([^<]*)</Message>", response.text)
    return (
        response.status_code,
        response.headers.get("Content-Type", ""),
        code.group(1) if code else "",
        message.group(1) if message else "",
    )


def test_empty_message_body_is_a_missing_parameter(sqs, queue_url):
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="") == (
        400,
        "MissingParameter",
        "The request must contain the parameter MessageBody.",
    )


@pytest.mark.parametrize("body", ["a\x00b", "bell\x07", "lone \ud800 surrogate", "\ufffe"])
def test_characters_outside_the_allowed_set_are_invalid_contents(sqs, queue_url, body):
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody=body) == (
        400,
        "InvalidMessageContents",
        INVALID_CHARACTERS,
    )


def test_allowed_characters_round_trip(sqs, queue_url):
    body = "tab\t nl\n cr\r é \ud7ff \ue000 \U0001f600"
    sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    assert sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["Body"] == body


def test_string_attribute_must_not_be_empty(sqs, queue_url):
    attributes = {"a": {"DataType": "String", "StringValue": ""}}
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes) == (
        400,
        "InvalidParameterValue",
        "Message (user) attribute 'a' must contain a non-empty value of type 'String'.",
    )


def test_attribute_without_a_value_is_refused_as_an_empty_one(sqs, queue_url):
    for data_type in ("String", "Number", "Binary"):
        attributes = {"a": {"DataType": data_type}}
        send = sqs.send_message
        assert _error(send, QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes) == (
            400,
            "InvalidParameterValue",
            f"Message (user) attribute 'a' must contain a non-empty value of type '{data_type}'.",
        )


@pytest.mark.parametrize(
    "attribute, message",
    [
        (
            {"DataType": "String", "StringValue": "a", "BinaryValue": b"b"},
            "Message (user) attribute 'a' must have a single value.",
        ),
        (
            {"DataType": "String", "BinaryValue": b"b"},
            "Message (user) attribute 'a' with type 'String' must use field 'String'.",
        ),
        (
            {"DataType": "Binary", "StringValue": "a"},
            "Message (user) attribute 'a' with type 'Binary' must use field 'Binary'.",
        ),
        (
            {"DataType": "String.custom"},
            "Message (user) attribute 'a' must contain a non-empty value of type 'String.custom'.",
        ),
    ],
)
def test_attribute_value_in_the_field_its_type_names(sqs, queue_url, attribute, message):
    send = sqs.send_message
    assert _error(send, QueueUrl=queue_url, MessageBody="x", MessageAttributes={"a": attribute}) == (
        400,
        "InvalidParameterValue",
        message,
    )


def test_attribute_name_without_successive_periods(sqs, queue_url):
    attributes = {"a..b": {"DataType": "String", "StringValue": "v"}}
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes) == (
        400,
        "InvalidParameterValue",
        "Message (user) attribute name must not have successive '.' characters.",
    )


def test_number_attribute_must_be_numeric(sqs, queue_url):
    attributes = {"n": {"DataType": "Number", "StringValue": "abc"}}
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes) == (
        400,
        "InvalidParameterValue",
        "Can't cast the value of message (user) attribute 'n' to a number.",
    )


def test_max_number_of_messages_above_10(sqs, queue_url):
    assert _error(sqs.receive_message, QueueUrl=queue_url, MaxNumberOfMessages=11) == (
        400,
        "InvalidParameterValue",
        "Value 11 for parameter MaxNumberOfMessages is invalid. "
        "Reason: Must be between 1 and 10, if provided.",
    )


def test_wait_time_seconds_above_20(sqs, queue_url):
    assert _error(sqs.receive_message, QueueUrl=queue_url, WaitTimeSeconds=21) == (
        400,
        "InvalidParameterValue",
        "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.",
    )


@pytest.mark.parametrize("value", [-1, 43201])
def test_receive_visibility_timeout_out_of_range_is_refused_and_leaves_the_message(sqs, queue_url, value):
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    assert _error(sqs.receive_message, QueueUrl=queue_url, VisibilityTimeout=value) == (
        400,
        "InvalidParameterValue",
        f"Value {value} for parameter VisibilityTimeout is invalid. "
        "Reason: Must be >= 0 and <= 43200, if provided.",
    )
    assert len(sqs.receive_message(QueueUrl=queue_url)["Messages"]) == 1  # still visible


def test_standard_queue_named_fifo_is_refused(sqs, unique_name):
    assert _error(sqs.create_queue, QueueName=unique_name("std") + ".fifo") == (
        400,
        "InvalidParameterValue",
        "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    )


def test_fifo_queue_without_suffix_is_refused(sqs, unique_name):
    assert _error(sqs.create_queue, QueueName=unique_name("fifo"), Attributes={"FifoQueue": "true"}) == (
        400,
        "InvalidParameterValue",
        "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
        "must end with .fifo suffix and be 1 to 80 in length.",
    )


def test_garbage_receipt_handle(sqs, queue_url):
    expected = (
        400,
        "ReceiptHandleIsInvalid",
        'The input receipt handle "garbage" is not a valid receipt handle.',
    )
    assert _error(sqs.delete_message, QueueUrl=queue_url, ReceiptHandle="garbage") == expected
    assert (
        _error(
            sqs.change_message_visibility, QueueUrl=queue_url, ReceiptHandle="garbage", VisibilityTimeout=5
        )
        == expected
    )


def test_handle_of_a_deleted_message(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    handle = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["ReceiptHandle"]
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)  # deleting twice succeeds, as on AWS
    status, code, message = _error(
        sqs.change_message_visibility, QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=5
    )
    assert (status, code) == (400, "InvalidParameterValue")
    assert message == (
        f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not "
        "available for visibility timeout change."
    )


def test_query_protocol_errors_are_xml(server, queue_url):
    status, content_type, code, message = _query(
        server, Action="ReceiveMessage", QueueUrl=queue_url, MaxNumberOfMessages="11"
    )
    assert (status, code) == (400, "InvalidParameterValue")
    assert "xml" in content_type
    assert message.startswith("Value 11 for parameter MaxNumberOfMessages is invalid.")

    status, content_type, code, message = _query(
        server,
        Action="SendMessage",
        QueueUrl=queue_url,
        MessageBody="x",
        **{
            "MessageAttribute.1.Name": "a",
            "MessageAttribute.1.Value.DataType": "Number",
            "MessageAttribute.1.Value.StringValue": "x1",
        },
    )
    assert (status, code) == (400, "InvalidParameterValue")
    assert message == "Can't cast the value of message (user) attribute 'a' to a number."

    status, _, code, message = _query(server, Action="SendMessage", QueueUrl=queue_url, MessageBody="a\x00")
    assert (status, code, message) == (400, "InvalidMessageContents", INVALID_CHARACTERS)


def test_query_errors_have_aws_shape(server, queue_url, unique_name):
    """AWS's query errors: the query wording of the message (NonExistentQueue's 'for this wsdl
    version'), an empty <Detail/>, and no lowercase <message> (SDK fixtures recorded from AWS)."""
    signed = {"Authorization": AUTH}
    for params in (
        {"Action": "GetQueueUrl", "QueueName": unique_name("none")},
        {"Action": "ReceiveMessage", "QueueUrl": queue_url, "MaxNumberOfMessages": "11"},
    ):
        response = requests.post(
            server.edge_url, data={"Version": "2012-11-05", **params}, headers=signed, timeout=10
        )
        assert response.status_code == 400
        assert '<ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' in response.text
        assert "</Message><Detail/></Error>" in response.text
        assert "<message>" not in response.text
        if params["Action"] == "GetQueueUrl":
            assert (
                "<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"
                "<Message>The specified queue does not exist for this wsdl version.</Message>"
            ) in response.text


def test_query_call_made_with_get_is_answered_in_xml(server, sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="via-get")
    signed = {"Authorization": AUTH}
    response = requests.get(
        queue_url.replace("http://localhost", "http://127.0.0.1"),
        params={"Action": "ReceiveMessage"},
        headers=signed,
        timeout=10,
    )
    assert response.status_code == 200
    assert "xml" in response.headers["Content-Type"]
    assert "<ReceiveMessageResponse" in response.text and "<Body>via-get</Body>" in response.text


def test_create_existing_queue_with_another_attribute_value(sqs, unique_name):
    name = unique_name("exists")
    url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    try:
        assert sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})["QueueUrl"] == url
        assert sqs.create_queue(QueueName=name)["QueueUrl"] == url
        assert _error(sqs.create_queue, QueueName=name, Attributes={"VisibilityTimeout": "31"}) == (
            400,
            "QueueAlreadyExists",
            "A queue already exists with the same name and a different value for attribute VisibilityTimeout",
        )
    finally:
        sqs.delete_queue(QueueUrl=url)


@pytest.mark.parametrize(
    "name, value",
    [
        ("DelaySeconds", "901"),
        ("DelaySeconds", "-1"),
        ("DelaySeconds", "x"),
        ("DelaySeconds", ""),
        ("MaximumMessageSize", "1023"),
        ("MaximumMessageSize", "1048577"),
        ("MessageRetentionPeriod", "59"),
        ("ReceiveMessageWaitTimeSeconds", "21"),
        ("VisibilityTimeout", "43201"),
        ("KmsDataKeyReusePeriodSeconds", "59"),
        ("KmsDataKeyReusePeriodSeconds", "86401"),
    ],
)
def test_integer_queue_attributes_outside_their_range(sqs, unique_name, queue_url, name, value):
    expected = (400, "InvalidAttributeValue", f"Invalid value for the parameter {name}.")
    assert _error(sqs.create_queue, QueueName=unique_name("attr"), Attributes={name: value}) == expected
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes={name: value}) == expected


def test_integer_queue_attributes_at_their_bounds_are_kept(sqs, unique_name):
    bounds = {"DelaySeconds": "900", "MaximumMessageSize": "1048576", "VisibilityTimeout": "0"}
    url = sqs.create_queue(QueueName=unique_name("bounds"), Attributes=bounds)["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=list(bounds))["Attributes"]
    assert attributes == bounds


def test_more_than_ten_message_attributes(sqs, queue_url):
    attributes = {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)}
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes) == (
        400,
        "InvalidParameterValue",
        "Number of message attributes [11] exceeds the allowed maximum [10].",
    )
    ten = dict(list(attributes.items())[:10])
    assert sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageAttributes=ten)["MessageId"]


@pytest.mark.parametrize("name", ["trace id", "trace@id", "trace:id", "trace\u00a7id"])
def test_message_attribute_name_characters(sqs, queue_url, name):
    attributes = {name: {"DataType": "String", "StringValue": "v"}}
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes) == (
        400,
        "InvalidParameterValue",
        "Message (user) attributes name can only contain upper and lower score characters, digits, periods, "
        "hyphens and underscores. ",
    )


@pytest.mark.parametrize(
    "name", ["Foo", "QueueArn", "ApproximateNumberOfMessages", "ContentBasedDeduplication"]
)
def test_unknown_queue_attribute(sqs, unique_name, queue_url, name):
    expected = (400, "InvalidAttributeName", f"Unknown Attribute {name}.")
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes={name: "true"}) == expected
    assert _error(sqs.create_queue, QueueName=unique_name("val"), Attributes={name: "true"}) == expected


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_query_request_without_action(server, sqs, queue_url, method):
    signed = {"Authorization": AUTH}
    targets = [server.edge_url + "/"]
    if method == "POST":
        # A bare GET of a queue URL is AWS's UnknownOperationException (test_sqs_recorded_round2).
        targets.append(queue_url.replace("http://localhost", "http://127.0.0.1"))
    for target in targets:
        data = {"Version": "2012-11-05"} if method == "POST" else None
        response = requests.request(method, target, data=data, headers=signed, timeout=10)
        assert response.status_code == 400, response.text
        assert "xml" in response.headers["Content-Type"]
        assert "<Code>MissingAction</Code>" in response.text
        assert "<Message>The request is missing an action or a required parameter.</Message>" in response.text


def test_query_action_after_a_long_parameter(server, sqs, queue_url):
    # The Action may come anywhere in the form, here after a 300-character body.
    body = "b" * 300
    form = f"MessageBody={body}&QueueUrl={queue_url}&Version=2012-11-05&Action=SendMessage"
    headers = {"Authorization": AUTH, "Content-Type": "application/x-www-form-urlencoded"}
    response = requests.post(server.edge_url, data=form, headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    assert sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["Body"] == body
    # The checks see such a request too.
    invalid = f"MessageBody={body}%00&QueueUrl={queue_url}&Version=2012-11-05&Action=SendMessage"
    response = requests.post(server.edge_url, data=invalid, headers=headers, timeout=10)
    assert response.status_code == 400 and "<Code>InvalidMessageContents</Code>" in response.text


def test_batch_entries_refused_alone(sqs, queue_url):
    too_many = {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)}
    answer = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "ok", "MessageBody": "kept"},
            {"Id": "chars", "MessageBody": "a\x00"},
            {"Id": "attributes", "MessageBody": "x", "MessageAttributes": too_many},
            {
                "Id": "number",
                "MessageBody": "x",
                "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "x"}},
            },
        ],
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["ok"]
    assert sorted(answer["Failed"], key=lambda entry: entry["Id"]) == [
        {
            "Id": "attributes",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "Number of message attributes [11] exceeds the allowed maximum [10].",
        },
        {"Id": "chars", "SenderFault": True, "Code": "InvalidMessageContents", "Message": INVALID_CHARACTERS},
        {
            "Id": "number",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "Can't cast the value of message (user) attribute 'n' to a number.",
        },
    ]
    received = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)["Messages"]
    assert [message["Body"] for message in received] == ["kept"]


@pytest.mark.parametrize("count", [0, 1001])
def test_list_queues_max_results_range(sqs, queue_url, count):
    assert _error(sqs.list_queues, MaxResults=count) == (
        400,
        "InvalidParameterValue",
        "Value for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 "
        "and 1000.",
    )
    assert sqs.list_queues(MaxResults=1000)["QueueUrls"]


def test_list_queues_next_token_needs_max_results(sqs, queue_url):
    assert _error(sqs.list_queues, NextToken="abc") == (
        400,
        "InvalidParameterValue",
        "MaxResults is a mandatory parameter when you provide a value for NextToken.",
    )


# LocalStack's wording (its AWS-validated suite); no recording of AWS's own answer was found.
RESERVED = (
    "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved "
    "for internal use. Additionally, they cannot start or end with '.'."
)


@pytest.mark.parametrize(
    "name, message",
    [
        ("AWS.trace", RESERVED),
        ("aws.trace", RESERVED),
        ("Amazon.trace", RESERVED),
        ("AMAZON.trace", RESERVED),
        (".trace", RESERVED),
        ("trace.", RESERVED),
    ],
)
def test_message_attribute_name_prefix_and_periods(sqs, queue_url, name, message):
    attributes = {name: {"DataType": "String", "StringValue": "v"}}
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes) == (
        400,
        "InvalidParameterValue",
        message,
    )
    answer = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[{"Id": "refused", "MessageBody": "x", "MessageAttributes": attributes}],
    )
    assert answer["Failed"] == [
        {"Id": "refused", "SenderFault": True, "Code": "InvalidParameterValue", "Message": message}
    ]


def test_names_that_only_contain_reserved_words_are_kept(sqs, queue_url):
    attributes = {
        name: {"DataType": "String", "StringValue": "v"} for name in ("AWSTrace", "amazon", "my.AWS.trace")
    }
    sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes)
    received = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"], WaitTimeSeconds=1)
    assert sorted(received["Messages"][0]["MessageAttributes"]) == ["AWSTrace", "amazon", "my.AWS.trace"]


@pytest.mark.parametrize("data_type", ["string", "Text", "Integer.custom"])
def test_message_attribute_type_prefix(sqs, queue_url, data_type):
    attributes = {"kind": {"DataType": data_type, "StringValue": "v"}}
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes) == (
        400,
        "InvalidParameterValue",
        "The type of message (user) attribute 'kind' is invalid. You must use only the following supported "
        "type prefixes: Binary, Number, String.",
    )
    custom = {"kind": {"DataType": "String.custom", "StringValue": "v"}}
    assert sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageAttributes=custom)["MessageId"]


# Recorded against AWS (LocalStack's validated SQS snapshots).
def test_kms_and_sqs_managed_encryption_together(sqs, unique_name, queue_url):
    both = {"KmsMasterKeyId": "testKeyId", "SqsManagedSseEnabled": "true"}
    expected = (
        400,
        "InvalidAttributeName",
        "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE "
        "or SQS SSE.",
    )
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes=both) == expected
    # CreateQueue refuses the pair with the same sentence (quoted from AWS in ansible-collections'
    # issue 2433), and creates nothing.
    name = unique_name("sse")
    assert _error(sqs.create_queue, QueueName=name, Attributes=both) == expected
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName=name)


def test_dead_letter_target_that_is_no_arn(sqs, queue_url):
    policy = json.dumps({"deadLetterTargetArn": "dummy", "maxReceiveCount": 42})
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes={"RedrivePolicy": policy}) == (
        400,
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. "
        "Reason: Invalid value for deadLetterTargetArn.",
    )


def test_second_purge_within_a_minute_is_forbidden(sqs, queue_url):
    sqs.purge_queue(QueueUrl=queue_url)
    status, code, message = _error(sqs.purge_queue, QueueUrl=queue_url)
    assert (status, code) == (403, "AWS.SimpleQueueService.PurgeQueueInProgress")
    assert (
        message
        == f"Only one PurgeQueue operation on {queue_url.rsplit('/', 1)[1]} is allowed every 60 seconds."
    )


@pytest.mark.parametrize("entry_id", ["", "invalid:id", "x" * 81])
def test_batch_entry_ids_outside_the_rule(sqs, queue_url, entry_id):
    expected = (
        400,
        "AWS.SimpleQueueService.InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at "
        "most 80 letters long.",
    )
    handle = "a" * 185
    assert _error(
        sqs.delete_message_batch, QueueUrl=queue_url, Entries=[{"Id": entry_id, "ReceiptHandle": handle}]
    ) == (expected)
    entries = [{"Id": entry_id, "ReceiptHandle": handle, "VisibilityTimeout": 1}]
    assert _error(sqs.change_message_visibility_batch, QueueUrl=queue_url, Entries=entries) == expected
    assert _error(
        sqs.send_message_batch, QueueUrl=queue_url, Entries=[{"Id": entry_id, "MessageBody": "x"}]
    ) == (expected)


def test_batch_entry_id_rule_over_the_query_protocol(server, queue_url):
    status, _, code, _ = _query(
        server,
        Action="DeleteMessageBatch",
        QueueUrl=queue_url,
        **{
            "DeleteMessageBatchRequestEntry.1.Id": "bad:id",
            "DeleteMessageBatchRequestEntry.1.ReceiptHandle": "x",
        },
    )
    assert (status, code) == (400, "AWS.SimpleQueueService.InvalidBatchEntryId")


def test_fifo_batch_without_group_id_is_refused_whole(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("g") + ".fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    entries = [
        {"Id": "a", "MessageBody": "x", "MessageGroupId": "g", "MessageDeduplicationId": "1"},
        {"Id": "b", "MessageBody": "y"},
    ]
    assert _error(sqs.send_message_batch, QueueUrl=url, Entries=entries) == (
        400,
        "InvalidParameterValue",
        "The request must contain the parameter MessageGroupId.",
    )
    assert "Messages" not in sqs.receive_message(QueueUrl=url)


def test_remove_permission_of_a_missing_label(sqs, queue_url):
    assert _error(sqs.remove_permission, QueueUrl=queue_url, Label="nothing-here") == (
        400,
        "InvalidParameterValue",
        "Value nothing-here for parameter Label is invalid. Reason: can't find label.",
    )


# The words AWS answers (as a live-tested SQS emulator suite records them); the rules are the
# developer guide's.
@pytest.mark.parametrize(
    "policy, reason",
    [
        (
            '{"redrivePermission":"byQueue"}',
            "When you specify the byQueue permission type, you must also "
            "specify one or more sourceQueueArns values.",
        ),
        (
            '{"redrivePermission":"allowAll","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:a"]}',
            "To specify one or more source queue ARNs, you must set redrivePermission to byQueue.",
        ),
        (
            json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": [f"arn:{i}" for i in range(11)]}),
            "The maximum number of source queue ARNs you can specify is 10.",
        ),
    ],
)
def test_redrive_allow_policy_rules(sqs, queue_url, policy, reason):
    attributes = {"RedriveAllowPolicy": policy}
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes=attributes) == (
        400,
        "InvalidParameterValue",
        f"Value {policy} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the "
        f"redrive allow policy. {reason}",
    )


@pytest.mark.parametrize(
    "policy", ["nope", "[]", '{"redrivePermission":"some"}', '{"redrivePermission":"allowAll","x":1}']
)
def test_redrive_allow_policy_in_an_unsupported_format(sqs, unique_name, policy):
    assert _error(
        sqs.create_queue, QueueName=unique_name("rap"), Attributes={"RedriveAllowPolicy": policy}
    ) == (
        400,
        "InvalidParameterValue",
        "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the "
        "redrive allow policy, as it\u2019s in an unsupported format.",
    )


def test_redrive_allow_policy_accepted_and_cleared(sqs, queue_url):
    policy = '{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:a"]}'
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": policy})
    shown = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedriveAllowPolicy"])["Attributes"]
    assert json.loads(shown["RedriveAllowPolicy"]) == json.loads(policy)
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": ""})
    # An empty map in the JSON protocol (recorded against AWS for a removed Policy).
    assert (
        sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedriveAllowPolicy"])["Attributes"]
        == {}
    )


# AWS's answer as a user's Lambda logged it (cdklabs/construct-hub#905).
def test_deduplication_id_on_a_standard_queue(sqs, queue_url):
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="x", MessageDeduplicationId="d1") == (
        400,
        "InvalidParameterValue",
        "Value d1 for parameter MessageDeduplicationId is invalid. Reason: The request include parameter "
        "that is not valid for this queue type.",
    )
    # A batch fails that entry alone; a group id is taken (standard queues accept it for fair queues).
    answer = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "a", "MessageBody": "x", "MessageDeduplicationId": "d2"},
            {"Id": "b", "MessageBody": "y", "MessageGroupId": "g"},
        ],
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["b"]
    assert answer["Failed"] == [
        {
            "Id": "a",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "Value d2 for parameter MessageDeduplicationId is invalid. "
            "Reason: The request include parameter that is not valid for this queue type.",
        }
    ]


def test_change_visibility_batch_entry_failures(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="gone")
    gone = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["ReceiptHandle"]
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=gone)
    answer = sqs.change_message_visibility_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "garbage", "ReceiptHandle": "garbage", "VisibilityTimeout": 0},
            {"Id": "gone", "ReceiptHandle": gone, "VisibilityTimeout": 0},
            {"Id": "long", "ReceiptHandle": gone, "VisibilityTimeout": 43201},
        ],
    )
    failed = {entry["Id"]: (entry["Code"], entry["Message"]) for entry in answer["Failed"]}
    assert failed == {
        "garbage": (
            "ReceiptHandleIsInvalid",
            'The input receipt handle "garbage" is not a valid receipt handle.',
        ),
        "gone": (
            "InvalidParameterValue",
            f"Value {gone} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not "
            "available for visibility timeout change.",
        ),
        "long": (
            "InvalidParameterValue",
            "Value 43201 for parameter VisibilityTimeout is invalid. Reason: VisibilityTimeout must be an "
            "integer between 0 and 43200.",
        ),
    }


# As real accounts answered (users' Terraform logs).
@pytest.mark.parametrize(
    "name, value, message",
    [
        ("Policy", "{", "Invalid value for the parameter Policy."),
        ("Policy", "[]", "Invalid value for the parameter Policy."),
        (
            "RedrivePolicy",
            "{",
            "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.",
        ),
        (
            "RedrivePolicy",
            "5",
            "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.",
        ),
    ],
)
def test_policy_documents_that_are_no_json_object(sqs, unique_name, queue_url, name, value, message):
    expected = (400, "InvalidAttributeValue", message)
    assert _error(sqs.create_queue, QueueName=unique_name("pol"), Attributes={name: value}) == expected
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes={name: value}) == expected


def _json_call(server: Any, operation: str, body: dict) -> requests.Response:
    headers = {
        "Authorization": AUTH,
        "X-Amz-Target": f"AmazonSQS.{operation}",
        "Content-Type": "application/x-amz-json-1.0",
    }
    return requests.post(server.edge_url, data=json.dumps(body), headers=headers, timeout=10)


def test_json_errors_of_the_request_framework_are_coral_shapes(server, unique_name):
    """A real queue's JSON answer (recorded in http4k/http4k#1336):
    {"__type":"com.amazon.coral.service#InvalidParameterValueException","message":"..."}."""
    url = _json_call(
        server, "CreateQueue", {"QueueName": unique_name("f") + ".fifo", "Attributes": {"FifoQueue": "true"}}
    ).json()["QueueUrl"]
    try:
        refused = _json_call(
            server, "SendMessage", {"QueueUrl": url, "MessageBody": "x", "MessageGroupId": "g"}
        )
        assert refused.status_code == 400
        assert refused.headers["x-amzn-query-error"] == "InvalidParameterValue;Sender"
        assert refused.json() == {
            "__type": "com.amazon.coral.service#InvalidParameterValueException",
            "message": "The queue should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly",
        }
        missing = _json_call(server, "SendMessage", {"QueueUrl": url, "MessageBody": "x"})
        assert missing.headers["x-amzn-query-error"] == "MissingParameter;Sender"
        assert missing.json()["__type"] == "com.amazon.coral.service#MissingRequiredParameterException"
    finally:
        _json_call(server, "DeleteQueue", {"QueueUrl": url})


def test_system_attribute_other_than_aws_trace_header_is_refused(sqs, queue_url, server):
    # AWSTraceHeader is the only system attribute a sender sets (API reference, SendMessage).
    expected = (400, "InvalidParameterValue", "Message system attribute name 'Foo' is invalid.")
    foo = {"Foo": {"DataType": "String", "StringValue": "x"}}
    assert (
        _error(sqs.send_message, QueueUrl=queue_url, MessageBody="m", MessageSystemAttributes=foo) == expected
    )
    status, _, code, message = _query(
        server,
        Action="SendMessage",
        QueueUrl=queue_url,
        MessageBody="m",
        **{
            "MessageSystemAttribute.1.Name": "Foo",
            "MessageSystemAttribute.1.Value.DataType": "String",
            "MessageSystemAttribute.1.Value.StringValue": "x",
        },
    )
    assert (status, code, message) == expected
    trace = {
        "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}
    }
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="m", MessageSystemAttributes=trace)
    assert sent["MD5OfMessageSystemAttributes"]


def test_change_visibility_batch_empty_or_with_repeated_ids_is_refused_whole(sqs, queue_url, server):
    # The codes and words AWS gives SendMessageBatch and DeleteMessageBatch (API reference errors).
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    handle = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["ReceiptHandle"]
    assert _error(sqs.change_message_visibility_batch, QueueUrl=queue_url, Entries=[]) == (
        400,
        "AWS.SimpleQueueService.EmptyBatchRequest",
        "There should be at least one ChangeMessageVisibilityBatchRequestEntry in the request.",
    )
    entry = {"Id": "a", "ReceiptHandle": handle, "VisibilityTimeout": 5}
    assert _error(sqs.change_message_visibility_batch, QueueUrl=queue_url, Entries=[entry, entry]) == (
        400,
        "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        "Id a repeated.",
    )
    status, _, code, message = _query(server, Action="ChangeMessageVisibilityBatch", QueueUrl=queue_url)
    assert (status, code) == (400, "AWS.SimpleQueueService.EmptyBatchRequest")


def test_delete_batch_with_repeated_ids_is_refused_whole_and_deletes_nothing(sqs, queue_url, server):
    # BatchEntryIdsNotDistinct is in DeleteMessageBatch's errors (API reference), as for the other batches.
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    handle = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
    entry = {"Id": "a", "ReceiptHandle": handle}
    assert _error(sqs.delete_message_batch, QueueUrl=queue_url, Entries=[entry, entry]) == (
        400,
        "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        "Id a repeated.",
    )
    status, _, code, message = _query(
        server,
        Action="DeleteMessageBatch",
        QueueUrl=queue_url,
        **{
            "DeleteMessageBatchRequestEntry.1.Id": "a",
            "DeleteMessageBatchRequestEntry.1.ReceiptHandle": handle,
            "DeleteMessageBatchRequestEntry.2.Id": "a",
            "DeleteMessageBatchRequestEntry.2.ReceiptHandle": handle,
        },
    )
    assert (status, code, message) == (
        400,
        "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        "Id a repeated.",
    )
    assert len(sqs.receive_message(QueueUrl=queue_url).get("Messages", [])) == 1  # still there


def test_batch_entry_longer_than_the_queue_maximum_fails_alone(sqs, unique_name, cleanup):
    # SendMessage's words, per entry (LocalStack's AWS-validated oversized-batch snapshots).
    url = sqs.create_queue(QueueName=unique_name("small"), Attributes={"MaximumMessageSize": "1024"})[
        "QueueUrl"
    ]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    answer = sqs.send_message_batch(
        QueueUrl=url,
        Entries=[{"Id": "big", "MessageBody": "x" * 1025}, {"Id": "fits", "MessageBody": "y" * 1024}],
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["fits"]
    assert answer["Failed"] == [
        {
            "Id": "big",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
        }
    ]
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["y" * 1024]


def test_change_visibility_batch_negative_timeout_fails_the_entry_and_keeps_the_message_hidden(
    sqs, queue_url
):
    sqs.send_message(QueueUrl=queue_url, MessageBody="held")
    handle = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=30)["Messages"][0]["ReceiptHandle"]
    answer = sqs.change_message_visibility_batch(
        QueueUrl=queue_url, Entries=[{"Id": "neg", "ReceiptHandle": handle, "VisibilityTimeout": -1}]
    )
    assert answer["Failed"] == [
        {
            "Id": "neg",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "Value -1 for parameter VisibilityTimeout is invalid. "
            "Reason: VisibilityTimeout must be an integer between 0 and 43200.",
        }
    ]
    assert not answer.get("Successful")
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)


def test_set_queue_attributes_never_changes_the_queue_type(sqs, queue_url, unique_name, cleanup):
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes={"FifoQueue": "true"}) == (
        400,
        "InvalidAttributeName",
        "Unknown Attribute FifoQueue.",
    )
    fifo = sqs.create_queue(QueueName=unique_name("kept") + ".fifo", Attributes={"FifoQueue": "true"})[
        "QueueUrl"
    ]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=fifo))
    assert _error(sqs.set_queue_attributes, QueueUrl=fifo, Attributes={"FifoQueue": "false"}) == (
        400,
        "InvalidAttributeValue",
        "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
    )
    sqs.set_queue_attributes(QueueUrl=fifo, Attributes={"FifoQueue": "true"})
    shown = sqs.get_queue_attributes(QueueUrl=fifo, AttributeNames=["FifoQueue"])["Attributes"]
    assert shown == {"FifoQueue": "true"}
    assert (
        "FifoQueue" not in sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    )


def test_delete_with_another_queues_handle_names_the_handle(sqs, queue_url, unique_name, cleanup):
    # The words DeleteMessageBatch gives the same entry, and AWS's for a handle never issued.
    other = sqs.create_queue(QueueName=unique_name("other"))["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=other))
    sqs.send_message(QueueUrl=other, MessageBody="theirs")
    handle = sqs.receive_message(QueueUrl=other)["Messages"][0]["ReceiptHandle"]
    words = f'The input receipt handle "{handle}" is not a valid receipt handle.'
    assert _error(sqs.delete_message, QueueUrl=queue_url, ReceiptHandle=handle) == (
        400,
        "ReceiptHandleIsInvalid",
        words,
    )
    batch = sqs.delete_message_batch(QueueUrl=queue_url, Entries=[{"Id": "a", "ReceiptHandle": handle}])
    assert batch["Failed"] == [
        {"Id": "a", "SenderFault": True, "Code": "ReceiptHandleIsInvalid", "Message": words}
    ]
    assert sqs.get_queue_attributes(QueueUrl=other, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])[
        "Attributes"
    ] == {"ApproximateNumberOfMessagesNotVisible": "1"}


@pytest.mark.parametrize(
    "field, value",
    [
        ("MessageGroupId", "group with spaces"),
        ("MessageGroupId", "g" * 129),
        ("MessageDeduplicationId", "d" * 129),
    ],
)
def test_fifo_ids_outside_alphanumeric_and_punctuation_are_refused(sqs, unique_name, cleanup, field, value):
    # The words real FIFO queues answered (users' logs); the rule is SendMessage's API reference.
    url = sqs.create_queue(QueueName=unique_name("ids") + ".fifo", Attributes={"FifoQueue": "true"})[
        "QueueUrl"
    ]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    message = {"MessageGroupId": "g", "MessageDeduplicationId": "d", field: value}
    assert _error(sqs.send_message, QueueUrl=url, MessageBody="m", **message) == (
        400,
        "InvalidParameterValue",
        f"Value {value} for parameter {field} is invalid. Reason: {field} can only include alphanumeric and "
        "punctuation characters. 1 to 128 in length.",
    )
    batch = sqs.send_message_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "bad", "MessageBody": "m", **message},
            {"Id": "ok", "MessageBody": "m", "MessageGroupId": "g", "MessageDeduplicationId": "ok"},
        ],
    )
    assert [e["Id"] for e in batch["Successful"]] == ["ok"]
    assert [(e["Id"], e["Code"]) for e in batch["Failed"]] == [("bad", "InvalidParameterValue")]
    punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    sqs.send_message(QueueUrl=url, MessageBody="m", MessageGroupId=punctuation, MessageDeduplicationId="p")


@pytest.mark.parametrize("value", [-1, 43201])
def test_change_visibility_out_of_range_is_refused_and_leaves_the_message_hidden(sqs, queue_url, value):
    sqs.send_message(QueueUrl=queue_url, MessageBody="held")
    handle = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=30)["Messages"][0]["ReceiptHandle"]
    assert _error(
        sqs.change_message_visibility, QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=value
    ) == (
        400,
        "InvalidParameterValue",
        f"Value {value} for parameter VisibilityTimeout is invalid. "
        "Reason: VisibilityTimeout must be an integer between 0 and 43200.",
    )
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)


def test_negative_delay_is_refused_as_one_above_900(sqs, queue_url):
    words = "Value -1 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900."
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="m", DelaySeconds=-1) == (
        400,
        "InvalidParameterValue",
        words,
    )
    batch = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[{"Id": "neg", "MessageBody": "m", "DelaySeconds": -1}, {"Id": "ok", "MessageBody": "m"}],
    )
    assert batch["Failed"] == [
        {"Id": "neg", "SenderFault": True, "Code": "InvalidParameterValue", "Message": words}
    ]
    assert [
        m["Body"] for m in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    ] == ["m"]
