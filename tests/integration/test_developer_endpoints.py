"""The developer endpoints LocalStack users' tests call: /_localstack/info and /diagnose, /_aws/ses,
/_aws/sns/sms-messages and platform-endpoint-messages, /_aws/lambda/runtimes."""

from __future__ import annotations

import requests

from localstack import __version__


def test_info_names_version_uptime_services_and_ports(server):
    info = requests.get(f"{server.edge_url}/_localstack/info", timeout=10).json()
    assert info["version"] == __version__
    assert isinstance(info["uptime"], int) and info["uptime"] >= 0
    assert info["persistence"] is False
    assert info["edge_port"] == server.edge_port
    assert info["services"]["s3"]["port"] == server.ports["s3"]
    assert info["services"]["scheduler"]["port"] == server.edge_port  # served by the edge only
    assert info["services"]["sqs"]["state"] in ("available", "running")


def test_diagnose_shows_configuration_and_redacted_logs(server, aws_client):
    aws_client("sqs").list_queues()
    diagnosis = requests.get(f"{server.edge_url}/_localstack/diagnose", timeout=10).json()
    assert diagnosis["config"]["EDGE_PORT"] == str(server.edge_port)
    assert diagnosis["info"]["version"] == __version__
    assert isinstance(diagnosis["logs"], list) and len(diagnosis["logs"]) <= 200
    assert any("sqs ListQueues 200" in line for line in diagnosis["logs"])
    assert not any("Credential=test/" in line for line in diagnosis["logs"])


def test_ses_sent_emails_are_listed_filtered_and_cleared(server, aws_client, unique_name):
    ses = aws_client("ses")
    sender = f"{unique_name('from')}@example.com"
    ses.verify_email_identity(EmailAddress=sender)
    to = f"{unique_name('to')}@example.com"
    sent = ses.send_email(
        Source=sender,
        Destination={"ToAddresses": [to]},
        Message={"Subject": {"Data": "hello"}, "Body": {"Text": {"Data": "plain words"}}},
    )
    url = f"{server.edge_url}/_aws/ses"
    (message,) = requests.get(url, params={"email": to}, timeout=10).json()["messages"]
    assert message["Id"] == sent["MessageId"]
    assert message["Source"] == sender
    assert message["Destination"] == {"ToAddresses": [to]}
    assert message["Subject"] == "hello"
    assert message["Body"]["text_part"] == "plain words"
    assert message["Region"] == "us-east-1"
    assert message["Timestamp"].endswith("Z")
    assert requests.get(url, params={"id": sent["MessageId"]}, timeout=10).json()["messages"] == [message]
    assert requests.delete(url, params={"id": sent["MessageId"]}, timeout=10).status_code == 204
    assert requests.get(url, params={"id": sent["MessageId"]}, timeout=10).json()["messages"] == []


def test_sns_sms_messages_by_phone_number(server, aws_client):
    sns = aws_client("sns")
    phone = "+15555550123"
    published = sns.publish(PhoneNumber=phone, Message="your code is 1234")
    url = f"{server.edge_url}/_aws/sns/sms-messages"
    answer = requests.get(url, params={"phoneNumber": phone}, timeout=10).json()
    assert answer["region"] == "us-east-1"
    (message,) = answer["sms_messages"][phone]
    assert message["MessageId"] == published["MessageId"]
    assert message["Message"] == "your code is 1234"
    assert message["PhoneNumber"] == phone
    assert requests.delete(url, timeout=10).status_code == 204
    assert requests.get(url, params={"phoneNumber": phone}, timeout=10).json()["sms_messages"] == {}


def test_sns_platform_endpoint_messages(server, aws_client, unique_name, cleanup):
    sns = aws_client("sns")
    app = sns.create_platform_application(
        Name=unique_name("app"), Platform="GCM", Attributes={"PlatformCredential": "k"}
    )
    cleanup.append(
        lambda: sns.delete_platform_application(PlatformApplicationArn=app["PlatformApplicationArn"])
    )
    endpoint = sns.create_platform_endpoint(
        PlatformApplicationArn=app["PlatformApplicationArn"], Token=unique_name("t")
    )
    arn = endpoint["EndpointArn"]
    published = sns.publish(TargetArn=arn, Message="ping")
    url = f"{server.edge_url}/_aws/sns/platform-endpoint-messages"
    answer = requests.get(url, params={"endpointArn": arn}, timeout=10).json()
    (message,) = answer["platform_endpoint_messages"][arn]
    assert message["MessageId"] == published["MessageId"]
    assert message["Message"] == "ping"
    assert message["TargetArn"] == arn
    assert requests.delete(url, params={"endpointArn": arn}, timeout=10).status_code == 204
    assert arn not in requests.get(url, timeout=10).json()["platform_endpoint_messages"]


def test_lambda_runtimes(server):
    answer = requests.get(f"{server.edge_url}/_aws/lambda/runtimes", timeout=10).json()
    names = [runtime["Runtime"] for runtime in answer["Runtimes"]]
    assert "python3.12" in names and "provided.al2023" in names
    assert answer["Executor"] == "local"


def test_unknown_developer_path_is_a_404(server):
    response = requests.get(f"{server.edge_url}/_aws/nothing-here", timeout=10)
    assert response.status_code == 404
