"""answers.json mistakes a newcomer makes, each named on one line with its likely cause."""

from __future__ import annotations

import json

import pytest

from wizard.answers import parse_answers
from wizard.errors import UsageError

GOOD = {"version": 1, "provider": "anthropic", "method": "api-key",
        "secret": {"env": "ANTHROPIC_API_KEY"}}


def refused(text: str) -> str:
    with pytest.raises(UsageError) as info:
        parse_answers(text, "answers.json")
    return info.value.message


def test_a_trailing_comma_names_its_line_and_cause() -> None:
    text = '{\n  "version": 1,\n  "provider": "anthropic",\n}\n'
    assert refused(text) == ("answers.json: line 3: not valid JSON: a trailing comma after the "
                             "last item (JSON allows none): remove it")


def test_single_quotes_are_named() -> None:
    assert "single quotes" in refused("{\n  'version': 1\n}")


def test_a_missing_comma_is_named() -> None:
    assert "line 3" in refused('{\n  "version": 1\n  "provider": "anthropic"\n}')
    assert "a comma missing" in refused('{\n  "version": 1\n  "provider": "anthropic"\n}')


@pytest.mark.parametrize("value", ["yes", "true", 1, "no"])
def test_validate_must_be_a_boolean(value: object) -> None:
    message = refused(json.dumps({**GOOD, "validate": value}))
    assert message.splitlines()[1] == (
        "  validate: must be true or false (a JSON boolean, without quotes)")


def test_validate_false_is_taken() -> None:
    assert parse_answers(json.dumps({**GOOD, "validate": False}), "a.json").validate_ is False


def test_did_you_mean_for_method() -> None:
    message = refused(json.dumps({**GOOD, "method": "api_key"}))
    assert message.splitlines()[1] == (
        "  method: unknown method 'api_key'; did you mean 'api-key'? expected one of api-key, "
        "setup-token")
    assert "setuptoken" in refused(json.dumps({**GOOD, "method": "setuptoken"}))


def test_one_line_per_error() -> None:
    message = refused(json.dumps({**GOOD, "agents": "everyone", "validate": "yes",
                                  "method": "token"}))
    lines = message.splitlines()[1:]
    assert [line.split(":")[0].strip() for line in lines] == ["method", "agents", "validate"]
