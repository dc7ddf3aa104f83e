"""SES (v1) refusals moto skips: sending through a configuration set that does not exist, and message
tags AWS refuses (recorded)."""

from __future__ import annotations

import re
from typing import Any

from localstack.utils.aws.errors import AWSError

SENDING_ACTIONS = frozenset(("SendEmail", "SendRawEmail", "SendTemplatedEmail", "SendBulkTemplatedEmail"))


def check_sending(params: dict[str, str], configuration_sets: Any) -> None:
    """`configuration_sets` holds the names of the account's configuration sets in the region."""
    name = params.get("ConfigurationSetName")
    if params.get("Action") in SENDING_ACTIONS and name and name not in configuration_sets:
        # The sentence DescribeConfigurationSet answers for a name the account does not have.
        raise AWSError("ConfigurationSetDoesNotExist", f"Configuration set <{name}> does not exist.")


_TAG_NAME = re.compile(r"[A-Za-z0-9_-]+\Z")
MAX_TAG_VALUE = 255


def check_tags(params: dict[str, str]) -> None:
    """SendEmail's message tags, each in turn (recorded)."""
    index = 1
    while f"Tags.member.{index}.Name" in params or f"Tags.member.{index}.Value" in params:
        name = params.get(f"Tags.member.{index}.Name", "")
        value = params.get(f"Tags.member.{index}.Value", "")
        if not name:
            raise AWSError("InvalidParameterValue", "The tag name must be specified.")
        if not _TAG_NAME.match(name):
            raise AWSError(
                "InvalidParameterValue",
                f"Invalid tag name <{name}>: only alphanumeric ASCII characters, '_',  '-' are allowed.",
            )
        if not value:
            raise AWSError("InvalidParameterValue", "The tag value must be specified.")
        if len(value) > MAX_TAG_VALUE:
            raise AWSError("InvalidParameterValue", f"Tag value cannot exceed {MAX_TAG_VALUE} characters.")
        index += 1
