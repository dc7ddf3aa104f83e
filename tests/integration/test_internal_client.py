"""In-process clients (connect_to) and stores, against an emulator run inside the test process."""

from __future__ import annotations

import boto3
import pytest

from localstack.config import Config
from localstack.services.infra import Infrastructure
from localstack.utils.aws.internal_client import connect_to
from localstack.utils.aws.stores import AccountRegionStore, RegionStore
from tests.server_process import free_port


@pytest.fixture(scope="module")
def infra():
    config = Config(
        services=["sqs", "s3"], service_ports={"sqs": free_port(), "s3": free_port()}, edge_port=free_port()
    )
    running = Infrastructure(config)
    running.start()
    yield running
    running.stop()


def _external(service: str, infra: Infrastructure, region: str = "us-east-1"):
    return boto3.client(
        service,
        endpoint_url=f"http://127.0.0.1:{infra.edge_port}",
        region_name=region,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def test_connect_to_runs_the_gateway_in_process(infra):
    sqs = connect_to("sqs", region="eu-west-1")
    url = sqs.create_queue(QueueName="internal-q")["QueueUrl"]
    assert url == f"http://localhost:{infra.edge_port}/000000000000/internal-q"
    sqs.send_message(QueueUrl=url, MessageBody="from inside")
    outside = _external("sqs", infra, region="eu-west-1")
    messages = outside.receive_message(QueueUrl=url)["Messages"]
    assert [m["Body"] for m in messages] == ["from inside"]


def test_connect_to_acts_as_the_given_account(infra):
    s3 = connect_to("s3", account_id="111122223333")
    s3.create_bucket(Bucket="internal-bucket-acct")
    s3.put_object(Bucket="internal-bucket-acct", Key="k", Body=b"v")
    assert s3.get_object(Bucket="internal-bucket-acct", Key="k")["Body"].read() == b"v"
    sts_like = [b["Name"] for b in _external("s3", infra).list_buckets()["Buckets"]]
    assert "internal-bucket-acct" not in sts_like


def test_errors_come_back_as_client_errors(infra):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as error:
        connect_to("s3").get_object(Bucket="no-such-bucket-here", Key="k")
    assert error.value.response["Error"]["Code"] == "NoSuchBucket"


class _Counters(RegionStore):
    def __init__(self) -> None:
        self.count = 0


def test_stores_are_namespaced_and_reset_with_state(infra):
    store = AccountRegionStore(_Counters)
    store["000000000000"]["us-east-1"].count += 2
    store["111111111111"]["us-east-1"].count += 5
    assert store["000000000000"]["eu-west-1"].count == 0
    assert sorted(s.count for s in store.all()) == [0, 2, 5]
    infra.reset_state()
    assert list(store.all()) == []
