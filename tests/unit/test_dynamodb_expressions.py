"""DynamoDB's expression parser and its semantic rules, without sockets: AWS's exact sentences."""

from __future__ import annotations

import pytest

from localstack.services.dynamodb.attribute_values import InvalidValue, check_value, item_size
from localstack.services.dynamodb.expressions.parser import parse_condition, parse_projection, parse_update
from localstack.services.dynamodb.expressions.request import RequestInvalid, check_expressions, key_conditions

V = {":v": {"S": "x"}}
N = {":a": {"N": "1"}, ":b": {"N": "2"}}

SYNTAX = [
    # Recorded against AWS: the end of input shows only the last token.
    ("ConditionExpression", "attribute_not_exists(", '"<EOF>", near: "("'),
    ("FilterExpression", "contains (themes, :v", '"<EOF>", near: ":v"'),
    ("UpdateExpression", "SET a = :v, b = :v,", '"<EOF>", near: ","'),
    ("ConditionExpression", "foo", '"<EOF>", near: "foo"'),
    ("ConditionExpression", "a = ", '"<EOF>", near: "="'),
    ("ConditionExpression", "a == :v", '"=", near: "== :v"'),
    ("ConditionExpression", "a = :v AND", '"<EOF>", near: "AND"'),
    ("ConditionExpression", "a ! :v", '"!", near: "a ! :v"'),
    ("KeyConditionExpression", "[object Object]", '"[", near: "[object"'),
    ("UpdateExpression", "SET _123 = :v", '"_", near: "SET _123"'),
    ("UpdateExpression", "VALUE 1", '"VALUE", near: "VALUE 1"'),
    ("UpdateExpression", "SET a = :v b", '"b", near: ":v b"'),
    ("ProjectionExpression", "a,", '"<EOF>", near: ","'),
    ("ProjectionExpression", "a[x]", '"x", near: "[x]"'),
]


@pytest.mark.parametrize("parameter,source,detail", SYNTAX)
def test_syntax_errors_name_the_token_and_its_neighbours(parameter, source, detail):
    with pytest.raises(RequestInvalid) as error:
        check_expressions({parameter: source, "ExpressionAttributeValues": V})
    assert str(error.value) == f"Invalid {parameter}: Syntax error; token: {detail}"


SEMANTIC = [
    (
        {"ConditionExpression": "#a = :v", "ExpressionAttributeValues": V},
        "An expression attribute name used in the document path is not defined; attribute name: #a",
    ),
    (
        {"ConditionExpression": "a = :w", "ExpressionAttributeValues": V},
        "An expression attribute value used in expression is not defined; attribute value: :w",
    ),
    (
        {"ConditionExpression": "((a = :v))", "ExpressionAttributeValues": V},
        "The expression has redundant parentheses;",
    ),
    (
        {"ConditionExpression": "size(a)"},
        "The function is not allowed to be used this way in an expression; function: size",
    ),
    (
        {"ConditionExpression": "attribute_exists(a) = :v", "ExpressionAttributeValues": V},
        "The function is not allowed to be used this way in an expression; function: attribute_exists",
    ),
    (
        {"ConditionExpression": "attribute_exists(a, b)"},
        "Incorrect number of operands for operator or function; operator or function: attribute_exists, "
        "number of operands: 2",
    ),
    (
        {"ConditionExpression": "attribute_exists(:v)", "ExpressionAttributeValues": V},
        "Operator or function requires a document path; operator or function: attribute_exists",
    ),
    (
        {"ConditionExpression": "begins_with(a, :a)", "ExpressionAttributeValues": {":a": {"N": "1"}}},
        "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    ),
    (
        {"ConditionExpression": "attribute_type(a, :v)", "ExpressionAttributeValues": V},
        "Invalid attribute type name found; type: x, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
    ),
    (
        {"ConditionExpression": "a.b = a.b"},
        "The first operand must be distinct from the remaining operands for this operator or function; "
        "operator: =, first operand: [a, b]",
    ),
    (
        {"ConditionExpression": "a BETWEEN :b AND :a", "ExpressionAttributeValues": N},
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower "
        "bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}",
    ),
    (
        {"ConditionExpression": "a BETWEEN :a AND :v", "ExpressionAttributeValues": {**N, **V}},
        "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: "
        "AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:x}",
    ),
    (
        {"ConditionExpression": "Size = :v", "ExpressionAttributeValues": V},
        "Attribute name is a reserved keyword; reserved keyword: Size",
    ),
    (
        {"UpdateExpression": "SET a = :v REMOVE b SET c = :v", "ExpressionAttributeValues": V},
        'The "SET" section can only be used once in an update expression;',
    ),
    (
        {"UpdateExpression": "DELETE a :a", "ExpressionAttributeValues": {":a": {"N": "1"}}},
        "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER",
    ),
    (
        {"UpdateExpression": "SET a = :v + :a", "ExpressionAttributeValues": {**V, ":a": {"N": "1"}}},
        "Incorrect operand type for operator or function; operator or function: +, operand type: S",
    ),
    (
        {"UpdateExpression": "SET a = if_not_exists(:v, a)", "ExpressionAttributeValues": V},
        "Operator or function requires a document path; operator or function: if_not_exists",
    ),
    ({"UpdateExpression": "SET a = foo(b)"}, "Invalid function name; function: foo"),
    (
        {"UpdateExpression": "SET a[1] = :v REMOVE a.b", "ExpressionAttributeValues": V},
        "Two document paths conflict with each other; must remove or rewrite one of these paths; path "
        "one: [a, [1]], path two: [a, b]",
    ),
    (
        {"ProjectionExpression": "a.b, a"},
        "Two document paths overlap with each other; must remove or rewrite one of these paths; path "
        "one: [a, b], path two: [a]",
    ),
]


@pytest.mark.parametrize("body,message", SEMANTIC)
def test_semantic_rules(body, message):
    parameter = next(key for key in body if key.endswith("Expression"))
    with pytest.raises(RequestInvalid) as error:
        check_expressions(body)
    assert str(error.value) == f"Invalid {parameter}: {message}"


def test_unused_placeholders_are_named():
    with pytest.raises(
        RequestInvalid, match=r"^Value provided in ExpressionAttributeValues unused in expressions: "
    ):
        check_expressions(
            {"ConditionExpression": "a = :v", "ExpressionAttributeValues": {**V, ":x": {"S": "y"}}}
        )
    with pytest.raises(RequestInvalid) as error:
        check_expressions(
            {
                "ConditionExpression": "a = :v",
                "ExpressionAttributeValues": V,
                "ExpressionAttributeNames": {"#a": "a", "#b": "b"},
            }
        )
    assert (
        str(error.value) == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"
    )


def test_valid_expressions_parse_to_trees():
    condition = parse_condition("(a) = :v AND NOT (b < :v OR attribute_exists(c.d[1])) OR x IN (:a, :b)")
    assert condition.op == "OR"
    assert [path.elements for path in parse_projection("a, b.c, #d[2].e")] == [
        ["a"],
        ["b", "c"],
        ["#d", 2, "e"],
    ]
    actions = parse_update(
        "set a = if_not_exists(a, :z) + :one, b = list_append(b, :l) remove c add d :n delete e :s"
    )
    assert [action.section for action in actions] == ["SET", "SET", "REMOVE", "ADD", "DELETE"]


def test_key_conditions_are_converted_and_refused_as_aws_does():
    values = {":a": {"S": "x"}, ":b": {"N": "1"}, ":c": {"N": "2"}}
    checked = check_expressions(
        {"KeyConditionExpression": "pk = :a AND sk BETWEEN :b AND :c", "ExpressionAttributeValues": values}
    )
    assert key_conditions(checked["KeyConditionExpression"]) == {
        "pk": ("EQ", [{"S": "x"}]),
        "sk": ("BETWEEN", [{"N": "1"}, {"N": "2"}]),
    }
    checked = check_expressions(
        {"KeyConditionExpression": ":b < sk", "ExpressionAttributeValues": {":b": {"N": "1"}}}
    )
    assert key_conditions(checked["KeyConditionExpression"]) == {"sk": ("GT", [{"N": "1"}])}
    for source, message in [
        (
            "pk = :a AND pk = :a",
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
        ),
        ("pk.x = :a", "KeyConditionExpressions cannot have conditions on nested attributes"),
        ("attribute_exists(pk)", "Invalid operator used in KeyConditionExpression: attribute_exists"),
        ("pk <> :a", "Invalid operator used in KeyConditionExpression: <>"),
    ]:
        values = {":a": {"S": "x"}} if ":a" in source else None
        checked = check_expressions({"KeyConditionExpression": source, "ExpressionAttributeValues": values})
        with pytest.raises(RequestInvalid) as error:
            key_conditions(checked["KeyConditionExpression"])
        assert str(error.value) == message


@pytest.mark.parametrize(
    "value,message",
    [
        ({"N": "1" * 39}, "Attempting to store more than 38 significant digits in a Number"),
        (
            {"N": "1e126"},
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ),
        (
            {"N": "1e-131"},
            "Number underflow. Attempting to store a number with magnitude smaller than supported range",
        ),
        ({"N": "1,5"}, "The parameter cannot be converted to a numeric value: 1,5"),
        ({"NS": ["1", "1.0"]}, "Input collection contains duplicates"),
        (
            {"NULL": False},
            "One or more parameter values were invalid: Null attribute value types must have the value "
            "of true",
        ),
    ],
)
def test_attribute_value_rules(value, message):
    with pytest.raises(InvalidValue) as error:
        check_value(value)
    assert str(error.value) == message


EMPTY = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"


@pytest.mark.parametrize(
    "value", [{"a": 1}, {"a": ""}, {"S": None}, {"": {"": None}}, {"M": {"x": {"z": 1}}}]
)
def test_a_value_with_no_known_type_is_empty(value):
    with pytest.raises(InvalidValue) as error:
        check_value(value)
    assert str(error.value) == EMPTY


def test_members_a_value_does_not_have_are_trimmed():
    from localstack.services.dynamodb.attribute_values import trimmed

    trimmed()  # clear a mark an earlier test left on this thread
    value = {"S": "x", "junk": 1, "N": None}
    check_value(value)
    assert value == {"S": "x"}
    assert trimmed() is True and trimmed() is False
    nested = {"M": {"a": {"BOOL": True, "extra": []}}}
    check_value(nested)
    assert nested == {"M": {"a": {"BOOL": True}}}
    check_value({"S": "y"})
    assert trimmed() is True  # from the nested value; a plain one leaves no mark
    check_value({"S": "y"})
    assert trimmed() is False


def test_numbers_with_leading_zeros_and_38_digits_are_valid():
    check_value({"N": "00012.5000"})
    check_value({"N": "1" * 38 + "0000"})
    check_value({"N": "-0.000"})


def test_item_size_counts_names_and_values():
    assert item_size({"a": {"S": "xyz"}, "bb": {"N": "123"}, "c": {"BOOL": True}}) == (1 + 3) + (2 + 3) + (
        1 + 1
    )
