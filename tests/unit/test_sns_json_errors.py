"""The parser's words SNS gives for a policy that is not JSON, as recorded against AWS."""

from localstack.services.sns.json_errors import parse_failure

SOURCE = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)"


def test_unquoted_key() -> None:
    assert parse_failure("{invalidjson}") == (
        "failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start "
        f"field name\n at [Source: {SOURCE}; line: 1, column: 2]"
    )


def test_bare_word() -> None:
    assert parse_failure("invalid") == (
        "failed to parse JSON. Unrecognized token 'invalid': was expecting (JSON String, Number, Array, "
        f"Object or token 'null', 'true' or 'false')\n at [Source: {SOURCE}; line: 1, column: 8]"
    )


def test_position_on_a_later_line() -> None:
    assert parse_failure("{\n  key: 1}").endswith("line: 2, column: 3]")


def test_other_errors_keep_the_bare_sentence() -> None:
    assert parse_failure('{"a": }') == "failed to parse JSON."
    assert parse_failure("") == "failed to parse JSON."
