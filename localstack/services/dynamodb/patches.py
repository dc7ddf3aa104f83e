"""Corrections to moto's dynamodb backend, applied by the starter before the backend is built."""

from __future__ import annotations

from typing import Any

from localstack.services.dynamodb import kinesis_destinations, moto_failures, transaction_updates, write_lock
from localstack.services.dynamodb.attribute_values import MAX_ITEM_SIZE


def apply() -> None:
    """Stream records as AWS writes them (see dynamodbstreams/stream_records.py): tables write them."""
    from localstack.services.dynamodbstreams import stream_records

    stream_records.apply()
    _item_size_limit_is_400_kib()
    _reads_cost_what_they_read()
    _read_results_serialize_as_plain_json()
    _results_convert_attribute_values_directly()
    _disabled_ttl_forgets_its_attribute()
    _ordering_compares_like_types()
    _projected_names_may_index_lists()
    kinesis_destinations.apply()
    # Crashes on data moto does not expect, each answered as DynamoDB does (one reason per function).
    moto_failures.apply()
    transaction_updates.apply()
    # Last: each write runs whole under the lock, with every correction above.
    write_lock.apply()


def _item_size_limit_is_400_kib() -> None:
    """moto refuses items over 405,000 bytes (DynamoDB: 400 KiB, 409,600 bytes), re-measuring the whole
    item for every attribute it sets; keep a running size instead."""
    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models import dynamo_type

    def size(thing: Any) -> int:
        return thing.size() if isinstance(thing, dynamo_type.DynamoType) else dynamo_type.bytesize(str(thing))

    def bounded_setitem(self: dict, key: str, value: Any) -> None:
        cached = self.__dict__.get("_localstack_size")
        if cached is None or cached[0] != len(self):
            # First set, or entries came and went behind __setitem__'s back (update, pop): measure again.
            cached = (len(self), sum(size(name) + size(existing) for name, existing in self.items()))
        total = cached[1]
        if key in self:
            total -= size(key) + size(dict.__getitem__(self, key))
        total += size(key) + size(value)
        if total > MAX_ITEM_SIZE:
            raise ItemSizeTooLarge
        dict.__setitem__(self, key, value)
        self.__dict__["_localstack_size"] = (len(self), total)

    dynamo_type.LimitedSizeDict.__setitem__ = bounded_setitem  # type: ignore[method-assign]


def _ordering_compares_like_types() -> None:
    """<, <=, >, >= and BETWEEN hold only between two strings, two numbers or two binaries: moto compared
    Python values (a stored BOOL true was greater than 0). size() of a number, boolean or null has no
    value (the comparison is false, `<>` true) where moto raised. Both as AWS answers them (verified
    against AWS by ExtendDB's dual-target suite)."""
    from moto.dynamodb import comparisons

    ordered = ("S", "N", "B")

    def kind(operand: Any, value: Any, item: Any) -> str | None:
        get_type = getattr(operand, "get_type", None)
        if get_type is not None:
            return get_type(item)
        return "N" if isinstance(value, int) and not isinstance(value, bool) else None

    def ordering(cls: Any) -> None:
        original = cls.expr

        def expr(self: Any, item: Any) -> bool:
            lhs, rhs = self.lhs.expr(item), self.rhs.expr(item)
            if lhs is None or rhs is None:
                return False
            left = kind(self.lhs, lhs, item)
            if left not in ordered or left != kind(self.rhs, rhs, item):
                return False
            return original(self, item)

        cls.expr = expr

    for cls in (
        comparisons.OpLessThan,
        comparisons.OpLessThanOrEqual,
        comparisons.OpGreaterThan,
        comparisons.OpGreaterThanOrEqual,
    ):
        ordering(cls)

    between = comparisons.FuncBetween.expr

    def between_expr(self: Any, item: Any) -> bool:
        attr = self.attr.expr(item)
        if attr is None:
            return False
        kinds = {kind(operand, operand.expr(item), item) for operand in (self.attr, self.start, self.end)}
        if len(kinds) != 1 or kinds.pop() not in ordered:
            return False
        return between(self, item)

    comparisons.FuncBetween.expr = between_expr

    size = comparisons.FuncSize.expr

    def size_expr(self: Any, item: Any) -> Any:
        if self.attr.get_type(item) in ("N", "BOOL", "NULL"):
            return None
        return size(self, item)

    comparisons.FuncSize.expr = size_expr


def _reads_cost_what_they_read() -> None:
    """moto sorts every item of a table on each Query and Scan; read one partition, or from the start key."""
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    from localstack.services.dynamodb import index_reads, item_order

    original_put, original_delete = Table.put_item, Table.delete_item
    original_all_items, original_query, original_scan = Table.all_items, Table.query, Table.scan

    def put_item(self: Table, item_attrs: dict, *args: Any, **kwargs: Any) -> Any:
        item = original_put(self, item_attrs, *args, **kwargs)
        item_order.record_put(self, item.hash_key, item.range_key)
        index_reads.record_write(self, item.hash_key, item.range_key)
        return item

    def delete_item(self: Table, hash_key: Any, range_key: Any) -> Any:
        item = original_delete(self, hash_key, range_key)
        if item is not None:
            item_order.record_delete(self, hash_key, range_key)
            index_reads.record_write(self, hash_key, range_key)
        return item

    def all_items(self: Table) -> Any:
        view = item_order.scoped_view(self)
        if view is not None:
            return view(self)
        return [item for item in item_order.items_from(self, None)]

    def query(self: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = _legacy_filters_as_condition(args, kwargs)
        # index_name is the 8th parameter of Table.query, passed by position from the backend.
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        if index_name:
            direct = _direct_index_query(self, hash_key, args, kwargs)
            if direct is not None:
                return direct
            return original_query(self, hash_key, *args, **kwargs)
        if hash_key is None:
            return original_query(self, hash_key, *args, **kwargs)
        direct = _direct_query(self, hash_key, args, kwargs)
        if direct is not None:
            return direct

        def partition(table: Table) -> list:
            return item_order.partition_items(table, hash_key)

        return item_order.scoped(partition, self, lambda: original_query(self, hash_key, *args, **kwargs))

    def scan(
        self: Table, filters: Any, limit: Any, exclusive_start_key: Any, *args: Any, **kwargs: Any
    ) -> Any:
        index_name = (
            kwargs.get("index_name") if "index_name" in kwargs else (args[1] if len(args) > 1 else None)
        )
        if index_name:
            if not filters:
                direct = _direct_scan(self, limit, exclusive_start_key, args, kwargs, index_name)
                if direct is not None:
                    return direct
            return original_scan(self, filters, limit, exclusive_start_key, *args, **kwargs)
        if not filters:
            direct = _direct_scan(self, limit, exclusive_start_key, args, kwargs)
            if direct is not None:
                return direct
        start = None
        if exclusive_start_key and self.hash_key_attr in exclusive_start_key:
            range_value = exclusive_start_key.get(self.range_key_attr) if self.range_key_attr else None
            start = (
                item_order.native(DynamoType(exclusive_start_key[self.hash_key_attr])),
                item_order.native(DynamoType(range_value) if range_value else None),
            )

        def from_start(table: Table) -> Any:
            return item_order.items_from(table, start)

        return item_order.scoped(
            from_start,
            self,
            lambda: original_scan(self, filters, limit, exclusive_start_key, *args, **kwargs),
        )

    Table.put_item = put_item  # type: ignore[method-assign]
    Table.delete_item = delete_item  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]
    query.__wrapped__ = original_query  # type: ignore[attr-defined]  # the parity test's reference
    scan.__wrapped__ = original_scan  # type: ignore[attr-defined]
    Table.query = query  # type: ignore[method-assign]
    Table.scan = scan  # type: ignore[method-assign]
    del original_all_items
    _updates_keep_indexes_in_step()


def _updates_keep_indexes_in_step() -> None:
    """UpdateItem changes the stored item in place: the sorted index keys follow what it left there."""
    from moto.dynamodb.models import DynamoDBBackend

    from localstack.services.dynamodb import index_reads

    original = DynamoDBBackend.update_item

    def update_item(self: Any, table_name: str, key: dict, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, table_name, key, *args, **kwargs)
        finally:
            table = self.tables.get(table_name)
            if table is not None and table.__dict__.get(index_reads.STORES):
                try:
                    hash_value, range_value = self.get_keys_value(table, key)
                except Exception:  # noqa: BLE001 - a key moto refused changed nothing
                    hash_value = None
                if hash_value is not None:
                    index_reads.record_write(table, hash_value, range_value)

    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]


def _direct_query(table: Any, hash_key: Any, args: tuple, kwargs: dict) -> Any:
    """key_reads' answer to a query on the table's own key, or None where moto's path is needed."""
    from localstack.services.dynamodb import key_reads

    params = dict(zip(_QUERY_PARAMETERS, args, strict=False)) | kwargs
    hash_conditions = params.get("hash_key_conditions") or []
    range_conditions = params.get("range_key_conditions") or []
    if set(params) - set(_QUERY_PARAMETERS) or len(hash_conditions) > 1 or len(range_conditions) > 1:
        return None
    try:
        return key_reads.query(
            table,
            hash_key,
            params.get("range_comparison"),
            params.get("range_objs") or [],
            params.get("limit"),
            params.get("exclusive_start_key"),
            params.get("scan_index_forward", True) is not False,
            params.get("projection_expressions"),
            params.get("filter_expression"),
        )
    except key_reads.Unsupported:
        return None


_SCAN_PARAMETERS = "filter_expression index_name consistent_read projection_expression segments".split()


def _direct_scan(
    table: Any, limit: Any, exclusive_start_key: Any, args: tuple, kwargs: dict, index_name: str | None = None
) -> Any:
    """key_reads' (index_reads') answer to a scan of the table (index) without legacy filters, or None
    for moto's path."""
    from localstack.services.dynamodb import index_reads, key_reads

    params = dict(zip(_SCAN_PARAMETERS, args, strict=False)) | kwargs
    if set(params) - set(_SCAN_PARAMETERS):
        return None
    try:
        if index_name:
            if params.get("consistent_read") and index_name in {i.name for i in table.global_indexes or []}:
                return None  # moto refuses consistent reads of a GSI
            return index_reads.scan(
                table,
                index_name,
                limit,
                exclusive_start_key,
                params.get("filter_expression"),
                params.get("projection_expression"),
                params.get("segments") or (None, None),
            )
        return key_reads.scan(
            table,
            limit,
            exclusive_start_key,
            params.get("filter_expression"),
            params.get("projection_expression"),
            params.get("segments") or (None, None),
        )
    except key_reads.Unsupported:
        return None


def _direct_index_query(table: Any, hash_key: Any, args: tuple, kwargs: dict) -> Any:
    """index_reads' answer to a query of a secondary index, or None where moto's path is needed."""
    from localstack.services.dynamodb import index_reads, key_reads

    params = dict(zip(_QUERY_PARAMETERS, args, strict=False)) | kwargs
    if set(params) - set(_QUERY_PARAMETERS):
        return None
    global_names = {index.name for index in table.global_indexes or []}
    if params.get("consistent_read") and params["index_name"] in global_names:
        return None  # moto refuses consistent reads of a GSI
    try:
        return index_reads.query(
            table,
            params["index_name"],
            params.get("hash_key_conditions") or [],
            params.get("range_key_conditions") or [],
            params.get("range_comparison"),
            params.get("range_objs") or [],
            params.get("limit"),
            params.get("exclusive_start_key"),
            params.get("scan_index_forward", True) is not False,
            params.get("projection_expressions"),
            params.get("filter_expression"),
        )
    except key_reads.Unsupported:
        return None


_QUERY_PARAMETERS = (
    "range_comparison range_objs limit exclusive_start_key scan_index_forward projection_expressions "
    "index_name consistent_read filter_expression hash_key_conditions range_key_conditions"
).split()


def _legacy_filters_as_condition(args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """moto applies QueryFilter with None.compare() (a crash when the attribute is missing) and adds an
    item once per passing filter; evaluate it as the condition it is instead (NULL true when absent)."""
    from moto.dynamodb.comparisons import get_expected

    filters = {name: value for name, value in kwargs.items() if name not in _QUERY_PARAMETERS}
    if not filters:
        return args, kwargs
    kwargs = {name: value for name, value in kwargs.items() if name not in filters}
    condition = get_expected(filters)
    if len(args) > 8:
        args = (*args[:8], condition, *args[9:])
    else:
        kwargs["filter_expression"] = condition
    return args, kwargs


# Read operations whose results are AttributeValue maps plus counts: plain JSON, no model walk needed.
_PLAIN_JSON_OPERATIONS = frozenset(("GetItem", "Query", "Scan", "BatchGetItem"))


def _read_results_serialize_as_plain_json() -> None:
    """moto walks botocore's model per attribute to serialize results (12 ms of a 15 ms 30-item Query);
    items are already in the wire's shape, so encode them directly."""
    import json

    from moto.dynamodb.responses import DynamoResult

    from localstack.services.dynamodb import result_json

    original = DynamoResult.execute_result

    def execute_result(self: DynamoResult, context: Any) -> Any:
        if context.operation_model.name not in _PLAIN_JSON_OPERATIONS or isinstance(self.result, Exception):
            return original(self, context)
        body = json.dumps(self.result, default=result_json.json_default, separators=(",", ":"))
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]


def _results_convert_attribute_values_directly() -> None:
    """moto turns every result into plain data with a generic recursive walk (7 calls per attribute of
    each item a Query returns); result_json converts AttributeValues in one step each, to the same data."""
    from moto.core.responses import ActionResult
    from moto.dynamodb.responses import DynamoResult

    from localstack.services.dynamodb import result_json

    def __init__(self: DynamoResult, result: object) -> None:
        ActionResult.__init__(self, result_json.plain(result))

    DynamoResult.__init__ = __init__  # type: ignore[method-assign]


def _disabled_ttl_forgets_its_attribute() -> None:
    """DescribeTimeToLive of a table whose TTL was disabled is `{"TimeToLiveStatus": "DISABLED"}`, as for
    a table never configured; moto kept the attribute name."""
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.update_time_to_live

    def update_time_to_live(self: DynamoDBBackend, table_name: str, ttl_spec: dict[str, Any]) -> None:
        original(self, table_name, ttl_spec)
        if not ttl_spec.get("Enabled"):
            self.get_table(table_name).ttl.pop("AttributeName", None)

    DynamoDBBackend.update_time_to_live = update_time_to_live  # type: ignore[method-assign]


def _projected_names_may_index_lists() -> None:
    """A ProjectionExpression element `#name[1]` uses `#name`: moto's projection parser (Query, Scan)
    looked the whole element up, refused `#name` as unused and projected nothing for it."""
    from moto.dynamodb.responses import ProjectionExpressionParser

    original = ProjectionExpressionParser.parse

    def parse(self: Any) -> list[list[str]]:
        paths = original(self)
        names = self.expression_attribute_names
        for path in paths:
            for position, part in enumerate(path):
                placeholder, bracket, rest = part.partition("[")
                if bracket and placeholder in names:
                    path[position] = f"{names[placeholder]}[{rest}"
                    if placeholder not in self.expr_attr_names_found:
                        self.expr_attr_names_found.append(placeholder)
        return paths

    ProjectionExpressionParser.parse = parse  # type: ignore[method-assign]
