"""DynamoDB lists its validation sentences by member path, not in the order the request sent them (as
recorded against AWS in 2026 by nubo-db/dynamodb-conformance, in the regions that still aggregate)."""

from __future__ import annotations

from localstack.utils.aws.request_checks import order_sentences_by_path, validation_error

ENUM = "failed to satisfy constraint: Member must satisfy enum value set: "


def test_sentences_are_listed_by_path():
    order_sentences_by_path("dynamodb")
    sent = [
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or "
        "equal to 1",
        f"Value 'INVALID' at 'returnValues' {ENUM}[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    ]
    assert validation_error("dynamodb", sent).message == (
        "2 validation errors detected: " + "; ".join(reversed(sent))
    )
    sent = [
        f"Value 'INVALID' at 'returnValues' {ENUM}[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
        f"Value 'INVALID' at 'returnConsumedCapacity' {ENUM}[INDEXES, TOTAL, NONE]",
    ]
    assert validation_error("dynamodb", sent).message.index("returnConsumedCapacity") < (
        validation_error("dynamodb", sent).message.index("returnValues")
    )


def test_sentences_of_one_path_keep_their_order():
    order_sentences_by_path("dynamodb")
    sent = [
        "Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression "
        "pattern: [a-zA-Z0-9_.-]+",
        "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or "
        "equal to 3",
        "Value null at 'key' failed to satisfy constraint: Member must not be null",
    ]
    assert validation_error("dynamodb", sent).message.endswith("; ".join([sent[2], sent[0], sent[1]]))


def test_other_services_keep_the_walk_order():
    sent = ["Value 'b' at 'streamName' failed", "Value '0' at 'limit' failed"]
    assert validation_error("kinesis", sent).message == "2 validation errors detected: " + "; ".join(sent)
