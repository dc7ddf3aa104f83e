"""SQS through the edge and the legacy port."""

import xml.etree.ElementTree as ET

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from tests.server_process import start_server


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_send_receive_delete(aws_client, unique_name, legacy):
    sqs = aws_client("sqs", legacy=legacy)
    url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    try:
        sqs.send_message(QueueUrl=url, MessageBody="hello")
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        assert [m["Body"] for m in messages] == ["hello"]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
        assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_queue_url_works_directly(aws_client, server, unique_name):
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    try:
        assert url.startswith(f"http://localhost:{server.edge_port}/000000000000/")
        direct = url.replace("localhost", "127.0.0.1")
        response = requests.post(
            direct,
            data={"Action": "SendMessage", "MessageBody": "direct"},
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 200, response.text
        assert "<MessageId>" in response.text
        body = sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"]
        assert body == "direct"
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_unsigned_get_to_a_queue_url_host_is_answered_by_sqs(aws_client, server, unique_name):
    sqs = aws_client("sqs")
    name = unique_name("q")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    try:
        path = url.split(str(server.edge_port), 1)[1]
        # The host of an SQS_ENDPOINT_STRATEGY=domain queue URL (no DNS here: sent as a header).
        response = requests.get(
            f"http://127.0.0.1:{server.edge_port}{path}",
            params={"Action": "GetQueueAttributes", "AttributeName.1": "QueueArn"},
            headers={"Host": f"sqs.us-east-1.localhost.localstack.cloud:{server.edge_port}"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        assert f"arn:aws:sqs:us-east-1:000000000000:{name}" in response.text
        # Without an Action it is still SQS that answers (not S3 for a 12-digit bucket).
        bare = requests.get(
            f"http://127.0.0.1:{server.edge_port}{path}",
            headers={"Host": f"sqs.us-east-1.localhost.localstack.cloud:{server.edge_port}"},
            timeout=30,
        )
        assert bare.status_code == 404, bare.text
        assert bare.text == "<UnknownOperationException/>"
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_regions_are_separate(aws_client, unique_name):
    name = unique_name("q")
    eu = aws_client("sqs", region="eu-west-1")
    us = aws_client("sqs", region="us-east-1")
    url = eu.create_queue(QueueName=name)["QueueUrl"]
    try:
        assert any(u.endswith(name) for u in eu.list_queues(QueueNamePrefix=name).get("QueueUrls", []))
        assert us.list_queues(QueueNamePrefix=name).get("QueueUrls", []) == []
    finally:
        eu.delete_queue(QueueUrl=url)


def test_legacy_port_in_queue_url(aws_client, server, unique_name):
    sqs = aws_client("sqs", legacy=True)
    name = unique_name("q")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    try:
        assert url == f"http://localhost:{server.ports['sqs']}/000000000000/{name}"
        assert sqs.get_queue_url(QueueName=name)["QueueUrl"] == url
        # The same queue through the edge names the edge port.
        edge_url = aws_client("sqs").get_queue_url(QueueName=name)["QueueUrl"]
        assert edge_url == f"http://localhost:{server.edge_port}/000000000000/{name}"
    finally:
        sqs.delete_queue(QueueUrl=url)


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_query_protocol_form_post(server, unique_name, legacy):
    """An unsigned query-protocol client: form posts to the endpoint and to the queue URL, XML answers."""
    endpoint = server.legacy_url("sqs") if legacy else server.edge_url
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    name = unique_name("q")
    created = requests.post(endpoint, data={"Action": "CreateQueue", "QueueName": name}, headers=form)
    assert created.status_code == 200, created.text
    url = ET.fromstring(created.content).findtext(".//{*}QueueUrl")
    assert url and url.endswith(f"/000000000000/{name}")
    try:
        sent = requests.post(
            endpoint, data={"Action": "SendMessage", "QueueUrl": url, "MessageBody": "form"}, headers=form
        )
        assert sent.status_code == 200, sent.text
        assert ET.fromstring(sent.content).findtext(".//{*}MessageId")
        received = requests.post(
            url.replace("localhost", "127.0.0.1"),
            data={"Action": "ReceiveMessage", "WaitTimeSeconds": "1"},
            headers=form,
        )
        assert received.status_code == 200, received.text
        assert ET.fromstring(received.content).findtext(".//{*}Body") == "form"
    finally:
        requests.post(endpoint, data={"Action": "DeleteQueue", "QueueUrl": url}, headers=form)


def test_json_protocol_is_boto3_default(aws_client, unique_name):
    sqs = aws_client("sqs")
    assert sqs.meta.service_model.protocol == "json"
    seen: list[str] = []

    def record_target(request, **_):
        target = request.headers["X-Amz-Target"]
        seen.append(target.decode() if isinstance(target, bytes) else target)

    sqs.meta.events.register("before-send.sqs.*", record_target)
    url = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    try:
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
        assert attributes["QueueArn"].startswith("arn:aws:sqs:us-east-1:000000000000:")
        assert seen[:2] == ["AmazonSQS.CreateQueue", "AmazonSQS.GetQueueAttributes"]
    finally:
        sqs.delete_queue(QueueUrl=url)


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_account_from_access_key(aws_client, server, unique_name, legacy):
    account = "111111111111"
    other = aws_client("sqs", legacy=legacy, credentials={"aws_access_key_id": account})
    default = aws_client("sqs", legacy=legacy)
    name = unique_name("q")
    url = other.create_queue(QueueName=name)["QueueUrl"]
    try:
        assert f"/{account}/{name}" in url
        arn = other.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        assert arn == f"arn:aws:sqs:us-east-1:{account}:{name}"
        assert other.list_queues(QueueNamePrefix=name).get("QueueUrls", []) == [url]
        assert default.list_queues(QueueNamePrefix=name).get("QueueUrls", []) == []
        with pytest.raises(ClientError) as error:
            default.get_queue_url(QueueName=name)
        assert "NonExistentQueue" in error.value.response["Error"]["Code"]
    finally:
        other.delete_queue(QueueUrl=url)


def test_missing_queue_is_an_aws_error(aws_client, unique_name):
    with pytest.raises(ClientError) as error:
        aws_client("sqs").get_queue_url(QueueName=unique_name("missing"))
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "NonExistentQueue" in error.value.response["Error"]["Code"]


@pytest.fixture(scope="module")
def external_host_server(tmp_path_factory):
    server = start_server(
        tmp_path_factory.mktemp("hostname-external"),
        services=["sqs"],
        extra_env={"HOSTNAME_EXTERNAL": "sqs.example.internal"},
    )
    yield server
    server.stop()


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_hostname_external_in_queue_url(external_host_server, unique_name, legacy):
    server = external_host_server
    port = server.ports["sqs"] if legacy else server.edge_port
    sqs = boto3.client(
        "sqs",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    name = unique_name("q")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    try:
        assert url == f"http://sqs.example.internal:{port}/000000000000/{name}"
        # The URL's host is only a name for clients elsewhere; the queue answers to it here too.
        sqs.send_message(QueueUrl=url, MessageBody="external")
        assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "external"
    finally:
        sqs.delete_queue(QueueUrl=url)
