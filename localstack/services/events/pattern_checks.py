"""EventBridge's rule-compiler checks on a pattern's structure, stricter than the matcher shared with SNS.

    check_pattern(pattern)  # PatternError with AWS's reason, or None

Walks the pattern in document order as AWS's compiler does: objects must not be empty, `$or` takes an
array of at least two objects, a match expression names its operator, and `anything-but` takes a
string, a number, or a non-empty list of strings only or of numbers only. Each leaf's operators are
then checked by the shared `validate`.
"""

from __future__ import annotations

from typing import Any, Mapping

from localstack.utils.aws.event_patterns import PatternError, validate

NOT_A_VALUE = "Value of anything-but must be an array or single string/number value."
UNSUPPORTED_MEMBER = "Inside anything but list, start|null|boolean is not supported."
MIXED_TYPES = "Inside anything but list, either all values are number or string, mixed type is not supported"
# Sentences about the type of an operator's value, which AWS locates at that value.
VALUE_TYPE_SENTENCES = (
    "match pattern must be a string",
    "match pattern must be either true or false.",
    "Value of numeric must be an array.",
    NOT_A_VALUE,
)


def check_pattern(pattern: Any) -> None:
    """PatternError with AWS's reason; one about a value carries its `path` (AWS locates it)."""
    if not isinstance(pattern, Mapping):
        raise PatternError("Filter is not an object")
    _check_object(pattern, ())


def _check_object(pattern: Mapping[str, Any], path: tuple) -> None:
    if not pattern:
        raise PatternError("Empty objects are not allowed")
    for key, rule in pattern.items():
        if key == "$or":
            _check_or(rule, path + (key,))
        elif isinstance(rule, Mapping):
            _check_object(rule, path + (key,))
        elif isinstance(rule, list):
            _check_list(key, rule, path + (key,))
        else:
            error = PatternError(f'"{key}" must be an object or an array')
            error.path = path + (key,)  # type: ignore[attr-defined]
            raise error


def _check_list(key: str, rule: list, path: tuple) -> None:
    if not rule:  # AWS locates it just after the closing bracket
        raise _located(PatternError("Empty arrays are not allowed"), path, "end")
    for index, member in enumerate(rule):  # in document order, as AWS's compiler reads them
        try:
            if isinstance(member, Mapping):
                _check_match_expression(member)
            validate({key: [member]})
        except PatternError as error:
            raise _locate_member_error(error, member, path + (index,)) from None
    validate({key: rule})


def locate(pattern: Mapping[str, Any], error: PatternError) -> PatternError:
    """`error`, raised by the shared `validate` for `pattern`, with the `path` AWS locates it at: the
    first leaf, in document order, that fails with the same sentence (SNS filter policies, whose
    compiler is EventBridge's, answer with the same locations: recorded in LocalStack's SNS snapshots)."""
    found = _failing_leaf(pattern, (), str(error))
    return found if found is not None else error


def _failing_leaf(pattern: Mapping[str, Any], path: tuple, message: str) -> PatternError | None:
    for key, rule in pattern.items():
        if isinstance(rule, Mapping):
            found = _failing_leaf(rule, path + (key,), message)
            if found is not None:
                return found
        elif isinstance(rule, list):
            if not rule and message == "Empty arrays are not allowed":
                return _located(PatternError(message), path + (key,), "end")
            for index, member in enumerate(rule):
                try:
                    validate({key: [member]})
                except PatternError as error:
                    if str(error) == message:
                        return _locate_member_error(error, member, path + (key, index))
        elif message == f'"{key}" must be an object or an array':
            return _located(PatternError(message), path + (key,), "value")
    return None


def _locate_member_error(error: PatternError, member: Any, path: tuple) -> PatternError:
    """Where AWS's parser stands when its compiler refuses a match expression (recorded): an unknown
    operator just inside its value (after a scalar value), a bad second numeric operator just after
    it, a missing bound just after the numeric array."""
    message = str(error)
    if isinstance(member, list):  # a nested array: told just inside it
        return _located(error, path, "open")
    if isinstance(member, Mapping) and len(member) > 1 and message.startswith("Only one key allowed"):
        return _located(error, path + (list(member)[1],), "value")  # at the second operator's value
    if not isinstance(member, Mapping) or len(member) != 1:
        return error
    ((operator, argument),) = member.items()
    if message == f"Unrecognized match type {operator}":
        return _located(error, path + (operator,), "open")
    if message.endswith(VALUE_TYPE_SENTENCES):
        # The operator's value (an anything-but's inner operator's value) is of the wrong type: told
        # where the parser read that value's first token.
        if operator == "anything-but" and isinstance(argument, Mapping) and len(argument) == 1:
            return _located(error, path + (operator, next(iter(argument))), "open")
        return _located(error, path + (operator,), "open")
    if operator != "numeric" or not isinstance(argument, list):
        return error
    return _locate_numeric_error(error, message, argument, path + (operator,))


def _locate_numeric_error(error: PatternError, message: str, argument: list, path: tuple) -> PatternError:
    """A numeric expression's refusals, located as recorded (SNS filter policies and EventBridge)."""
    if message.startswith(("Bad numeric range operator", "Bad value in numeric range")):
        return _located(error, path + (2,), "end")
    if message.startswith("Invalid member in numeric match"):
        return _located(error, path + (0,) if argument else path, "end")
    if message.startswith("Unrecognized numeric range operator"):
        # Told once the token after the operator is read: its bound, or the array's closing bracket.
        return _located(error, path + (1,) if len(argument) > 1 else path, "end")
    if message.startswith("Bottom must be less than top"):
        return _located(error, path, "end")
    if message.startswith("Too many elements in numeric expression"):
        return _located(error, path + (2,), "value")
    if message.startswith("Too many terms in numeric range expression"):
        return _located(error, path + (4,), "value")
    if message.startswith("Value of ") and message.endswith(" must be numeric"):
        if len(argument) % 2:
            # A bound missing after its operator is told at the array's closing bracket.
            return _located(error, path, "end")
        # A bound of the wrong type is told just inside it.
        bad = next((i for i in range(1, len(argument), 2) if not _is_number(argument[i])), None)
        if bad is not None:
            return _located(error, path + (bad,), "value")
    return error


def _located(error: PatternError, path: tuple, edge: str) -> PatternError:
    error.path = path  # type: ignore[attr-defined]
    error.edge = edge  # type: ignore[attr-defined]
    return error


def _check_or(alternatives: Any, path: tuple) -> None:
    if not isinstance(alternatives, list):
        raise PatternError("It must be an Array followed with $or.")
    for index, alternative in enumerate(alternatives):
        if not isinstance(alternative, Mapping):
            raise PatternError("Only JSON object is allowed in array of $or relationship.")
        _check_object(alternative, path + (index,))
    if len(alternatives) < 2:
        raise PatternError("There must have at least 2 Objects in $or relationship.")


def _check_match_expression(member: Mapping[str, Any]) -> None:
    if not member:
        raise PatternError("Match expression name not found")
    if "anything-but" not in member:
        return
    value = member["anything-but"]
    if isinstance(value, Mapping) and not value:
        raise PatternError("Anything-But expression name not found")
    if isinstance(value, bool):
        raise PatternError(NOT_A_VALUE)
    if not isinstance(value, list):
        return
    if any(not (isinstance(item, str) or _is_number(item)) for item in value):
        raise PatternError(UNSUPPORTED_MEMBER)
    strings = any(isinstance(item, str) for item in value)
    numbers = any(_is_number(item) for item in value)
    if strings == numbers:  # empty, or both kinds
        raise PatternError(MIXED_TYPES)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
