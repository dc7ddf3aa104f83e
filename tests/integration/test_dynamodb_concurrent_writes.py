"""DynamoDB applies each write atomically: concurrent increments of one item all count, and concurrent
conditional writes let exactly one through (moto takes no lock; dynamodb/write_lock.py)."""

from __future__ import annotations

import threading
from typing import Any

from botocore.exceptions import ClientError


def test_concurrent_increments_and_conditional_creates(aws_client: Any, unique_name: Any) -> None:
    ddb = aws_client("dynamodb")
    table = unique_name("atomic")
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.put_item(TableName=table, Item={"id": {"S": "counter"}, "v": {"N": "0"}})
    threads, per_thread = 8, 40
    created: list[int] = []
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        client = aws_client("dynamodb")
        try:
            for _ in range(per_thread):
                client.update_item(
                    TableName=table,
                    Key={"id": {"S": "counter"}},
                    UpdateExpression="SET v = v + :one",
                    ExpressionAttributeValues={":one": {"N": "1"}},
                )
            try:
                client.put_item(
                    TableName=table,
                    Item={"id": {"S": "once"}, "by": {"N": str(worker)}},
                    ConditionExpression="attribute_not_exists(id)",
                )
                created.append(worker)
            except ClientError as error:
                assert error.response["Error"]["Code"] == "ConditionalCheckFailedException"
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert not errors
    item = ddb.get_item(TableName=table, Key={"id": {"S": "counter"}}, ConsistentRead=True)["Item"]
    assert item["v"] == {"N": str(threads * per_thread)}
    assert len(created) == 1
    ddb.delete_table(TableName=table)
