"""The command line builds only the parser of the command it is given (start-up time): every answer,
parsed value and error is the one the whole parser gives."""

from __future__ import annotations

import contextlib
import io

import pytest

from localstack import cli

CASES = [
    ["start"],
    ["start", "-d"],
    ["start", "--detached"],
    ["start", "--bogus"],
    ["start", "extra"],
    ["stop"],
    ["status", "x"],
    ["wait", "--timeout", "2.5"],
    ["wait", "--timeout", "soon"],
    ["logs", "-f"],
    ["config"],
    ["completion", "zsh"],
    ["completion", "fish"],
    ["completion"],
    ["state", "export", "f.lsstate", "--services", "s3"],
    ["state", "list"],
    ["state"],
    ["state", "nope"],
]


def _parse(parser: object, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parser.parse_args(argv))  # type: ignore[attr-defined]
        except SystemExit as exited:
            result = ("exit", exited.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", CASES, ids=" ".join)
def test_the_given_commands_parser_alone_parses_as_the_whole_one(argv: list[str]) -> None:
    only = cli._command_given(argv)
    assert only == argv[0]
    assert _parse(cli.build_parser(only), argv) == _parse(cli.build_parser(), argv)


@pytest.mark.parametrize("argv", [[], ["--version"], ["start", "-h"], ["stop", "--help"], ["stat"], ["-h"]])
def test_help_unknown_commands_and_options_first_get_the_whole_parser(argv: list[str]) -> None:
    assert cli._command_given(argv) is None
