"""SES (v1) refusals moto skips: sending through a configuration set that does not exist."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import AWSError

SENDING_ACTIONS = frozenset(("SendEmail", "SendRawEmail", "SendTemplatedEmail", "SendBulkTemplatedEmail"))


def check_sending(params: dict[str, str], configuration_sets: Any) -> None:
    """`configuration_sets` holds the names of the account's configuration sets in the region."""
    name = params.get("ConfigurationSetName")
    if params.get("Action") in SENDING_ACTIONS and name and name not in configuration_sets:
        # The sentence DescribeConfigurationSet answers for a name the account does not have.
        raise AWSError("ConfigurationSetDoesNotExist", f"Configuration set <{name}> does not exist.")
