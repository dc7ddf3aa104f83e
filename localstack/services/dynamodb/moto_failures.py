"""Where moto's dynamodb crashes on data it does not expect, DynamoDB answers: a comparison of mismatched
types is false, an update on a path that does not fit the item is a ValidationException, numbers add
as 38-digit decimals. Applied by patches.py; each function corrects one behaviour."""

from __future__ import annotations

import decimal
import functools
import inspect
import threading
from typing import Any, Callable

from localstack.services.dynamodb.attribute_values import InvalidValue, check_number

# What moto raises when an expression meets an item of another shape (not its own validation errors).
DATA_ERRORS = (TypeError, ValueError, AttributeError, KeyError, IndexError, AssertionError, ArithmeticError)
_NUMBERS = decimal.Context(prec=38, Emax=125, Emin=-130, traps=[decimal.Overflow, decimal.InvalidOperation])


def binary_prefixes_compare_bytes() -> None:
    """moto's begins_with holds only for strings; DynamoDB also compares a binary's leading bytes."""
    import base64

    from moto.dynamodb.comparisons import FuncBeginsWith

    original = FuncBeginsWith.expr

    def as_bytes(value: Any) -> bytes:
        return value if isinstance(value, bytes) else base64.b64decode(value)

    @functools.wraps(original)
    def expr(self: Any, item: Any) -> bool:
        if self.attr.get_type(item) == "B" and self.substr.get_type(item) == "B":
            return as_bytes(self.attr.expr(item)).startswith(as_bytes(self.substr.expr(item)))
        return original(self, item)

    FuncBeginsWith.expr = expr  # type: ignore[method-assign]


def comparisons_of_mismatched_types_are_false() -> None:
    """moto raises TypeError comparing a string with a number, or on size() of a missing attribute."""
    from moto.dynamodb import comparisons

    def false_on_data_error(expr: Callable) -> Callable:
        @functools.wraps(expr)
        def guarded(self: Any, item: Any) -> Any:
            try:
                return expr(self, item)
            except DATA_ERRORS:
                return False

        return guarded

    for _, cls in inspect.getmembers(comparisons, inspect.isclass):
        if cls.__module__ == comparisons.__name__ and "expr" in cls.__dict__:
            cls.expr = false_on_data_error(cls.__dict__["expr"])

    from moto.dynamodb.models.dynamo_type import DynamoType

    original_compare = DynamoType.compare

    def compare(self: DynamoType, range_comparison: str, range_objs: list) -> bool:
        try:
            return original_compare(self, range_comparison, range_objs)
        except DATA_ERRORS:
            return False

    DynamoType.compare = compare  # type: ignore[method-assign]


def _decimal_result(value: decimal.Decimal) -> str:
    text = format(value.normalize(_NUMBERS), "f") if value else "0"
    try:
        check_number(text)
    except InvalidValue as error:
        from moto.dynamodb.exceptions import MockValidationException

        raise MockValidationException(str(error)) from None
    return text


def numbers_add_as_decimals() -> None:
    """moto adds with int() unless it sees a '.', so `1e5` crashes and precision is Python's."""
    from moto.dynamodb.exceptions import IncorrectDataType, MockValidationException
    from moto.dynamodb.models.dynamo_type import DynamoType

    def arithmetic(sign: int) -> Callable:
        def operate(self: DynamoType, other: DynamoType) -> DynamoType:
            if self.type != "N" or other.type != "N":
                raise IncorrectDataType()
            try:
                total = _NUMBERS.add(decimal.Decimal(self.value), sign * decimal.Decimal(other.value))
            except decimal.Overflow:
                raise MockValidationException(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range"
                ) from None
            except decimal.InvalidOperation:
                raise IncorrectDataType() from None
            return DynamoType({"N": _decimal_result(total)})

        return operate

    DynamoType.__add__ = arithmetic(1)  # type: ignore[method-assign]
    DynamoType.__sub__ = arithmetic(-1)  # type: ignore[method-assign]


def updates_on_paths_that_do_not_fit_are_refused() -> None:
    """moto crashes when an update path crosses a scalar or names an attribute the item lacks."""
    from moto.dynamodb.exceptions import MockValidationException
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.update_item

    @functools.wraps(original)
    def update_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        except (TypeError, AssertionError) as error:
            if "NoneType" in str(error) or isinstance(error, AssertionError):
                raise MockValidationException(
                    "The provided expression refers to an attribute that does not exist in the item"
                ) from None
            raise MockValidationException(
                "The document path provided in the update expression is invalid for update"
            ) from None
        except (AttributeError, KeyError, IndexError):
            raise MockValidationException(
                "The document path provided in the update expression is invalid for update"
            ) from None

    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]


def statements_that_do_not_parse_are_refused() -> None:
    """moto crashes on PartiQL it cannot read, and on UPDATE or DELETE of an item that is not there."""
    from moto.core.exceptions import ServiceException
    from moto.dynamodb.exceptions import MockValidationException
    from moto.dynamodb.models import DynamoDBBackend
    from werkzeug.exceptions import HTTPException

    for name in ("execute_statement", "batch_execute_statement"):
        original = getattr(DynamoDBBackend, name)

        def guarded(self: Any, *args: Any, _original: Callable = original, **kwargs: Any) -> Any:
            try:
                return _original(self, *args, **kwargs)
            except (HTTPException, ServiceException):
                raise
            except Exception:  # noqa: BLE001 - the PartiQL parser raises bare Exception on bad syntax
                raise MockValidationException(
                    "Statement wasn't well formed, can't be processed: Unexpected keyword"
                ) from None

        setattr(DynamoDBBackend, name, functools.wraps(original)(guarded))


def inserts_of_existing_items_are_refused() -> None:
    """moto's PartiQL INSERT overwrites an item that exists; DynamoDB refuses it."""
    from moto.dynamodb.exceptions import ERROR_TYPE_PREFIX, DynamodbException
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.parsing import partiql

    running = threading.local()  # the backend whose statement is being run on this thread
    original_query = partiql.query
    original_execute = DynamoDBBackend.execute_statement

    def query(statement: str, source_data: dict, parameters: list) -> Any:
        answer = original_query(statement, source_data, parameters)
        backend = getattr(running, "backend", None)
        for table_name, changes in answer[1].items() if backend is not None else ():
            table = backend.tables.get(table_name)
            for before, after in changes if table is not None else ():
                if before is not None or after is None or table.hash_key_attr not in after:
                    continue
                range_value = after.get(table.range_key_attr) if table.range_key_attr else None
                range_key = DynamoType(range_value) if range_value is not None else None
                if table.get_item(DynamoType(after[table.hash_key_attr]), range_key) is not None:
                    raise DynamodbException(
                        ERROR_TYPE_PREFIX + "DuplicateItemException", "Duplicate primary key exists in table"
                    )
        return answer

    @functools.wraps(original_execute)
    def execute_statement(self: Any, *args: Any, **kwargs: Any) -> Any:
        running.backend = self
        try:
            return original_execute(self, *args, **kwargs)
        finally:
            running.backend = None

    partiql.query = query
    DynamoDBBackend.execute_statement = execute_statement  # type: ignore[method-assign]


def statement_comparisons_on_missing_attributes_are_false() -> None:
    """moto's PartiQL engine crashes comparing an item that lacks the attribute (or holds another type)
    with a number, so one such item fails the whole statement; DynamoDB reads the comparison as false."""
    from py_partiql_parser._internal.where_parser import WhereClause

    original = WhereClause.apply

    @functools.wraps(original)
    def apply(self: Any, find_value: Any, row: Any) -> bool:
        try:
            if self.fn == "begins_with":  # the engine reads the clause but never evaluates it
                value, prefix = find_value(self.left, row), self.right
                kind = next(iter(prefix), None) if hasattr(prefix, "keys") else None
                held = value.get(kind) if kind in ("S", "B") and hasattr(value, "get") else None
                return held is not None and str(held).startswith(str(prefix[kind]))
            return original(self, find_value, row)
        except (*DATA_ERRORS, decimal.InvalidOperation):
            return False

    WhereClause.apply = apply  # type: ignore[method-assign]


def batch_statements_answer_each_statement() -> None:
    """moto's BatchExecuteStatement looks tables up by their quoted names (every member answered
    ResourceNotFound) and fails the whole batch on one bad member; DynamoDB answers each member with
    its result or its own error (`ValidationError` for a statement it refuses)."""
    from moto.core.exceptions import JsonRESTError
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.parsing import partiql

    from localstack.services.dynamodb import partiql_checks
    from localstack.services.dynamodb.expressions.request import RequestInvalid

    original_metadata = partiql.get_query_metadata

    def get_query_metadata(statement: str) -> Any:
        metadata = original_metadata(statement)
        names = [name.strip('"') for name in metadata.get_table_names()]
        metadata.get_table_names = lambda: names
        return metadata

    partiql.get_query_metadata = get_query_metadata
    original = DynamoDBBackend.batch_execute_statement

    @functools.wraps(original)
    def batch_execute_statement(self: Any, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
        responses = []
        for statement in statements:
            try:
                partiql_checks.check_statement(statement, self.tables.get)
                responses.extend(original(self, [statement]))
            except RequestInvalid as error:
                responses.append({"Error": {"Code": "ValidationError", "Message": str(error)}})
            except JsonRESTError as error:
                code = error.error_type.rpartition("#")[2].removesuffix("Exception")
                code = "ValidationError" if code == "Validation" else code
                responses.append({"Error": {"Code": code, "Message": error.message}})
        return responses

    DynamoDBBackend.batch_execute_statement = batch_execute_statement  # type: ignore[method-assign]


def index_updates_name_existing_indexes() -> None:
    """moto raises ValueError when UpdateTable deletes a missing index or creates an existing one."""
    from moto.dynamodb.exceptions import MockValidationException, ResourceNotFoundException
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.update_table_global_indexes

    @functools.wraps(original)
    def update_table_global_indexes(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        except ValueError as error:
            if "already exists" in str(error):
                raise MockValidationException(
                    "One or more parameter values were invalid: "
                    "Attempting to create an index which already exists"
                ) from None
            raise ResourceNotFoundException() from None

    DynamoDBBackend.update_table_global_indexes = update_table_global_indexes  # type: ignore[method-assign]


def updates_may_read_key_attributes() -> None:
    """moto refuses `SET e = a + :v` when `a` is a key: only writing a key is refused (the listener does)."""
    from moto.dynamodb.parsing.validators import UpdateHashRangeKeyValidator

    UpdateHashRangeKeyValidator.check_for_hash_or_range_key = lambda self, node: node  # type: ignore[method-assign]


def if_not_exists_takes_any_operand() -> None:
    """moto's if_not_exists takes only a value or a path second; AWS's grammar (`if_not_exists (path,
    value)`, an operand being a path or a function) takes a function too: `if_not_exists(a,
    list_append(:x, :y))` was answered as a syntax error."""
    from moto.dynamodb.parsing.expressions import (
        UpdateExpressionFunctionParser,
        UpdateExpressionOperandParser,
        UpdateExpressionPathParser,
    )

    UpdateExpressionFunctionParser.FUNCTIONS["if_not_exists"] = [
        UpdateExpressionPathParser,
        UpdateExpressionOperandParser,
    ]


def new_items_hold_their_key_while_updated() -> None:
    """moto validates an update of a missing item against an empty one: `SET b = a` (a the key) fails."""
    from moto.dynamodb.models.dynamo_type import Item
    from moto.dynamodb.parsing.validators import UpdateExpressionValidator

    original = UpdateExpressionValidator.__init__

    @functools.wraps(original)
    def __init__(
        self: Any, expression: Any, *args: Any, item: Any = None, table: Any = None, **kwargs: Any
    ) -> None:
        if item is not None and table is not None and not item.attrs and item.hash_key is not None:
            attrs = {table.hash_key_attr: item.hash_key.to_json()}
            if table.range_key_attr and item.range_key is not None:
                attrs[table.range_key_attr] = item.range_key.to_json()
            item = Item(item.hash_key, item.range_key, attrs)
        original(self, expression, *args, item=item, table=table, **kwargs)

    UpdateExpressionValidator.__init__ = __init__  # type: ignore[method-assign]


def update_table_merges_attribute_definitions() -> None:
    """moto replaces a table's AttributeDefinitions with UpdateTable's (losing its key's); AWS adds them."""
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.update_table

    @functools.wraps(original)
    def update_table(self: Any, name: str, attr_definitions: Any, *args: Any, **kwargs: Any) -> Any:
        if attr_definitions:
            table = self.get_table(name)
            merged = {definition["AttributeName"]: definition for definition in table.attr}
            merged.update({definition["AttributeName"]: definition for definition in attr_definitions})
            attr_definitions = list(merged.values())
        return original(self, name, attr_definitions, *args, **kwargs)

    DynamoDBBackend.update_table = update_table  # type: ignore[method-assign]


def list_exports_without_a_table_lists_all() -> None:
    """moto requires ListExports' TableArn (a KeyError); without it the API lists every export."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    original_handler = DynamoHandler.list_exports
    original_backend = DynamoDBBackend.list_exports

    def list_exports_handler(self: Any) -> Any:
        self.body.setdefault("TableArn", None)
        return original_handler(self)

    def list_exports(self: Any, table_arn: str | None) -> list:
        if table_arn is None:
            return list(self.table_exports.values())
        return original_backend(self, table_arn)

    DynamoHandler.list_exports = list_exports_handler  # type: ignore[method-assign]
    DynamoDBBackend.list_exports = list_exports  # type: ignore[method-assign]


def apply() -> None:
    list_exports_without_a_table_lists_all()
    binary_prefixes_compare_bytes()
    comparisons_of_mismatched_types_are_false()
    numbers_add_as_decimals()
    updates_on_paths_that_do_not_fit_are_refused()
    inserts_of_existing_items_are_refused()
    statement_comparisons_on_missing_attributes_are_false()
    statements_that_do_not_parse_are_refused()
    batch_statements_answer_each_statement()
    index_updates_name_existing_indexes()
    updates_may_read_key_attributes()
    new_items_hold_their_key_while_updated()
    if_not_exists_takes_any_operand()
    update_table_merges_attribute_definitions()
