"""PERSISTENCE=1 keeps DynamoDB 2019.11.21 replica groups: after a stop, a kill -9 replaying the log and
a kill -9 after the log was folded into a snapshot, both replicas hold their items, DescribeTable lists
the other replica in each region, and a write still reaches the other region."""

from __future__ import annotations

import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config as BotoConfig

from localstack import constants
from tests.persistent_server import PersistentServer

TABLE = "replicated-table"
HOME, OTHER = "us-east-1", "eu-west-1"


def _client(server: PersistentServer, region: str) -> object:
    return boto3.client(
        "dynamodb",
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=constants.TEST_ACCESS_KEY_ID,
        aws_secret_access_key=constants.TEST_SECRET_ACCESS_KEY,
        config=BotoConfig(retries={"max_attempts": 1}),
    )


def _put(client: object, key: str, value: str) -> None:
    client.put_item(TableName=TABLE, Item={"pk": {"S": key}, "v": {"S": value}})  # type: ignore[attr-defined]


def _items(client: object) -> dict[str, str]:
    found = client.scan(TableName=TABLE, ConsistentRead=True)["Items"]  # type: ignore[attr-defined]
    return {item["pk"]["S"]: item["v"]["S"] for item in found}


def _replicas(client: object) -> tuple[str | None, list[str]]:
    table = client.describe_table(TableName=TABLE)["Table"]  # type: ignore[attr-defined]
    return table.get("GlobalTableVersion"), [replica["RegionName"] for replica in table.get("Replicas", [])]


def _wait_active(client: object) -> None:
    deadline = time.monotonic() + 30
    while True:
        table = client.describe_table(TableName=TABLE)["Table"]  # type: ignore[attr-defined]
        if all(replica.get("ReplicaStatus") == "ACTIVE" for replica in table.get("Replicas", [])):
            return
        assert time.monotonic() < deadline, table
        time.sleep(0.1)


def _log_is_folded(server: PersistentServer) -> bool:
    from localstack.persistence import request_log

    return (server.state_dir / "requests.log").stat().st_size == len(request_log._HEADER)


def _set_up(server: PersistentServer) -> None:
    home = _client(server, HOME)
    home.create_table(  # type: ignore[attr-defined]
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    _put(home, "before", "home")
    home.update_table(TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": OTHER}}])  # type: ignore[attr-defined]
    _wait_active(home)
    _put(home, "from-home", "1")
    _put(_client(server, OTHER), "from-other", "2")


@pytest.mark.parametrize("how", ["stop", "kill", "kill-after-snapshot"])
def test_replica_groups_survive_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, ["dynamodb"]).start()
    try:
        _set_up(server)
        expected = {"before": "home", "from-home": "1", "from-other": "2"}
        assert _items(_client(server, HOME)) == expected
        assert _items(_client(server, OTHER)) == expected
        if how == "kill-after-snapshot":
            deadline = time.monotonic() + 30
            while not _log_is_folded(server):
                assert time.monotonic() < deadline, "the log was not folded into a snapshot"
                time.sleep(0.1)
        server.restart(kill=how != "stop")
        home, other = _client(server, HOME), _client(server, OTHER)
        assert _items(home) == expected
        assert _items(other) == expected
        assert _replicas(home) == ("2019.11.21", [OTHER])
        assert _replicas(other) == ("2019.11.21", [HOME])
        # Writes after the restart still travel, both ways.
        _put(home, "after-home", "3")
        _put(other, "after-other", "4")
        other.delete_item(TableName=TABLE, Key={"pk": {"S": "before"}})  # type: ignore[attr-defined]
        expected = {"from-home": "1", "from-other": "2", "after-home": "3", "after-other": "4"}
        assert _items(home) == expected
        assert _items(other) == expected
        # A second restart (the log now replayed over a snapshot holding the group) changes nothing.
        server.restart(kill=how != "stop")
        assert _items(_client(server, HOME)) == expected
        assert _items(_client(server, OTHER)) == expected
        assert _replicas(_client(server, OTHER)) == ("2019.11.21", [HOME])
        # Removing the replica after a restart leaves a regional table.
        _client(server, HOME).update_table(  # type: ignore[attr-defined]
            TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": OTHER}}]
        )
        server.restart(kill=how != "stop")
        assert _replicas(_client(server, HOME)) == (None, [])
        assert TABLE not in _client(server, OTHER).list_tables()["TableNames"]  # type: ignore[attr-defined]
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()[-5000:]


def test_replica_groups_move_with_an_export(tmp_path: Path) -> None:
    source = PersistentServer(tmp_path / "source", ["dynamodb"], persistence=False).start()
    try:
        _set_up(source)
        status, archive = source.post("/_localstack/state/export")
        assert status == 200
    finally:
        source.stop()
    target = PersistentServer(tmp_path / "target", ["dynamodb"], persistence=False).start()
    try:
        assert target.post("/_localstack/state/import", archive)[0] == 200
        home, other = _client(target, HOME), _client(target, OTHER)
        assert _replicas(other) == ("2019.11.21", [HOME])
        _put(other, "imported", "5")
        assert _items(home) == {"before": "home", "from-home": "1", "from-other": "2", "imported": "5"}
        # A reset forgets the group with the tables: a new table of that name is regional.
        assert target.post("/_localstack/state/reset")[0] == 200
        home.create_table(  # type: ignore[attr-defined]
            TableName=TABLE,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        assert _replicas(home) == (None, [])
    finally:
        target.stop()
