"""SES refuses to send through a configuration set the account does not have (moto sent the email)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

MESSAGE = {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}


@pytest.fixture
def ses(aws_client: Any) -> Any:
    client = aws_client("ses")
    client.verify_email_identity(EmailAddress="sender@example.com")
    return client


def test_sending_through_a_missing_configuration_set(ses: Any, unique_name: Any) -> None:
    name = unique_name("set")
    destination = {"ToAddresses": ["to@example.com"]}
    for call, kwargs in (
        (ses.send_email, {"Destination": destination, "Message": MESSAGE}),
        (ses.send_raw_email, {"RawMessage": {"Data": b"Subject: s\r\nTo: to@example.com\r\n\r\nbody"}}),
    ):
        with pytest.raises(ClientError) as info:
            call(Source="sender@example.com", ConfigurationSetName=name, **kwargs)
        error = info.value.response
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert error["Error"]["Code"] == "ConfigurationSetDoesNotExist"
        assert error["Error"]["Message"] == f"Configuration set <{name}> does not exist."
    ses.create_configuration_set(ConfigurationSet={"Name": name})
    try:
        sent = ses.send_email(
            Source="sender@example.com", Destination=destination, Message=MESSAGE, ConfigurationSetName=name
        )
        assert sent["MessageId"]
    finally:
        ses.delete_configuration_set(ConfigurationSetName=name)
