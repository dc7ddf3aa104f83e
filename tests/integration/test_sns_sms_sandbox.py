"""The SMS sandbox operations: destination numbers added as Pending with a one-time password (kept as
an SMS at /_aws/sns/sms-messages), verified with it, listed, deleted; the account stays in the sandbox."""

from __future__ import annotations

import random
from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.sns_fixtures import error_of


@pytest.fixture
def phone(sns: Any) -> Any:
    number = f"+1206555{random.randrange(10**4):04d}"
    yield number
    try:
        sns.delete_sms_sandbox_phone_number(PhoneNumber=number)
    except ClientError:
        pass


def _otp(server: Any, phone: str) -> str:
    answer = requests.get(
        f"{server.edge_url}/_aws/sns/sms-messages", params={"phoneNumber": phone}, timeout=10
    ).json()
    return answer["sms_messages"][phone][-1]["Message"].rsplit(" ", 1)[-1]


def test_account_is_in_the_sandbox(sns):
    answer = sns.get_sms_sandbox_account_status()
    assert answer["IsInSandbox"] is True


def test_create_lists_the_number_as_pending(sns, phone):
    sns.create_sms_sandbox_phone_number(PhoneNumber=phone, LanguageCode="en-US")
    listed = sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]
    assert {"PhoneNumber": phone, "Status": "Pending"} in listed


def test_the_one_time_password_verifies_the_number(server, sns, phone):
    sns.create_sms_sandbox_phone_number(PhoneNumber=phone)
    code = _otp(server, phone)
    assert code.isdigit() and len(code) == 6
    sns.verify_sms_sandbox_phone_number(PhoneNumber=phone, OneTimePassword=code)
    listed = sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]
    assert {"PhoneNumber": phone, "Status": "Verified"} in listed


def test_a_wrong_password_is_a_verification_error(server, sns, phone):
    sns.create_sms_sandbox_phone_number(PhoneNumber=phone)
    wrong = "1" + _otp(server, phone)  # 7 digits: never the 6-digit code
    with pytest.raises(sns.exceptions.VerificationException) as error:
        sns.verify_sms_sandbox_phone_number(PhoneNumber=phone, OneTimePassword=wrong)
    assert error.value.response["Error"]["Status"] == "Pending"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_unknown_numbers_are_resource_not_found(sns, phone):
    for call, params in (
        (sns.verify_sms_sandbox_phone_number, {"PhoneNumber": phone, "OneTimePassword": "123456"}),
        (sns.delete_sms_sandbox_phone_number, {"PhoneNumber": phone}),
    ):
        with pytest.raises(sns.exceptions.ResourceNotFoundException) as error:
            call(**params)
        assert error.value.response["Error"]["Code"] == "ResourceNotFound"
        assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_delete_removes_the_number(sns, phone):
    sns.create_sms_sandbox_phone_number(PhoneNumber=phone)
    sns.delete_sms_sandbox_phone_number(PhoneNumber=phone)
    listed = sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]
    assert phone not in [entry["PhoneNumber"] for entry in listed]


def test_numbers_must_be_e164(sns):
    code, message = error_of(sns.create_sms_sandbox_phone_number, PhoneNumber="12345")
    assert code == "InvalidParameter"
    assert message == "Invalid parameter: PhoneNumber Reason: input incorrectly formatted"
    code, _ = error_of(sns.create_sms_sandbox_phone_number, PhoneNumber="12ab")
    assert code == "ValidationError"


def test_an_account_starts_with_no_opted_out_numbers(sns):
    # Recorded against AWS (LocalStack's test_list_opted_out): an empty list; a number opts out only by
    # replying STOP to a message, which an emulated phone never does, so none is opted out.
    assert sns.list_phone_numbers_opted_out()["phoneNumbers"] == []
    assert sns.check_if_phone_number_is_opted_out(phoneNumber="+15005550099")["isOptedOut"] is False


def test_listing_pages(sns):
    numbers = [f"+1425555{random.randrange(10**4):04d}" for _ in range(3)]
    for number in numbers:
        sns.create_sms_sandbox_phone_number(PhoneNumber=number)
    try:
        seen, token = [], None
        while True:
            page = sns.list_sms_sandbox_phone_numbers(MaxResults=1, **({"NextToken": token} if token else {}))
            assert len(page["PhoneNumbers"]) <= 1
            seen += [entry["PhoneNumber"] for entry in page["PhoneNumbers"]]
            token = page.get("NextToken")
            if not token:
                break
        assert set(numbers) <= set(seen)
    finally:
        for number in numbers:
            sns.delete_sms_sandbox_phone_number(PhoneNumber=number)
