"""PERSISTENCE=1 keeps DynamoDB's state that lives outside moto: Contributor Insights settings and
TransactWriteItems' ClientRequestToken tokens, after a stop, a kill -9 replaying the log, and a kill -9
after the log was folded into a snapshot."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from tests.persistent_server import PersistentServer

TABLE = "insights-table"
TOKEN = "token-persisted-1"


def _transact(dynamodb: object, token: str, value: str = "1") -> dict:
    return dynamodb.transact_write_items(  # type: ignore[attr-defined]
        ClientRequestToken=token,
        TransactItems=[
            {
                "Update": {
                    "TableName": TABLE,
                    "Key": {"pk": {"S": "counter"}},
                    "UpdateExpression": "ADD n :v",
                    "ExpressionAttributeValues": {":v": {"N": value}},
                }
            }
        ],
    )


def _create(server: PersistentServer) -> None:
    dynamodb = server.client("dynamodb")
    dynamodb.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.create_table(
        TableName="other-table",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    answer = dynamodb.update_contributor_insights(TableName=TABLE, ContributorInsightsAction="ENABLE")
    assert answer["ContributorInsightsStatus"] == "ENABLING"
    dynamodb.update_contributor_insights(
        TableName=TABLE,
        IndexName="by-g",
        ContributorInsightsAction="ENABLE",
        ContributorInsightsMode="THROTTLED_KEYS",
    )
    dynamodb.update_contributor_insights(TableName="other-table", ContributorInsightsAction="ENABLE")
    dynamodb.update_contributor_insights(TableName="other-table", ContributorInsightsAction="DISABLE")
    _transact(dynamodb, TOKEN)


def _describe(server: PersistentServer) -> dict:
    dynamodb = server.client("dynamodb")
    seen = {}
    for table, index in ((TABLE, None), (TABLE, "by-g"), ("other-table", None)):
        kwargs = {"TableName": table, **({"IndexName": index} if index else {})}
        answer = dynamodb.describe_contributor_insights(**kwargs)
        answer.pop("ResponseMetadata")
        seen[f"{table}/{index}"] = answer
    listing = dynamodb.list_contributor_insights()
    listing.pop("ResponseMetadata")
    seen["list"] = listing
    return seen


def _counter(server: PersistentServer) -> str:
    item = server.client("dynamodb").get_item(TableName=TABLE, Key={"pk": {"S": "counter"}})["Item"]
    return item["n"]["N"]


def _log_is_folded(server: PersistentServer) -> bool:
    from localstack.persistence import request_log

    return (server.state_dir / "requests.log").stat().st_size == len(request_log._HEADER)


@pytest.mark.parametrize("how", ["stop", "kill", "kill-after-snapshot"])
def test_contributor_insights_and_client_tokens_survive_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, ["dynamodb"]).start()
    try:
        _create(server)
        expected = _describe(server)
        assert expected[f"{TABLE}/None"]["ContributorInsightsStatus"] == "ENABLED"
        assert expected[f"{TABLE}/by-g"]["ContributorInsightsMode"] == "THROTTLED_KEYS"
        assert expected["other-table/None"]["ContributorInsightsStatus"] == "DISABLED"
        if how == "kill-after-snapshot":
            deadline = time.monotonic() + 30
            while not _log_is_folded(server):
                assert time.monotonic() < deadline, "the log was not folded into a snapshot"
                time.sleep(0.1)
        server.restart(kill=how != "stop")
        assert _describe(server) == expected
        dynamodb = server.client("dynamodb")
        # The token is remembered: the repeat writes nothing again, other parameters are refused.
        _transact(dynamodb, TOKEN)
        assert _counter(server) == "1"
        with pytest.raises(ClientError) as refused:
            _transact(dynamodb, TOKEN, value="2")
        assert refused.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
        _transact(dynamodb, "token-new")
        assert _counter(server) == "2"
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()[-5000:]


def test_contributor_insights_and_client_tokens_move_with_an_export(tmp_path: Path) -> None:
    source = PersistentServer(tmp_path / "source", ["dynamodb"], persistence=False).start()
    try:
        _create(source)
        expected = _describe(source)
        status, archive = source.post("/_localstack/state/export")
        assert status == 200
    finally:
        source.stop()
    target = PersistentServer(tmp_path / "target", ["dynamodb"], persistence=False).start()
    try:
        assert target.post("/_localstack/state/import", archive)[0] == 200
        assert _describe(target) == expected
        _transact(target.client("dynamodb"), TOKEN)
        assert _counter(target) == "1"
    finally:
        target.stop()
