"""The shared per-request id source: the formats uuid4 and token_hex made, per-process sequences, and
draws from a persistence record's generator exactly as the seeded `uuid.uuid4` draws."""

from __future__ import annotations

import os
import random
import re
import uuid

import pytest

from localstack.utils import fast_ids

UUID4_TEXT = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_uuid4_text_has_version_and_variant_bits() -> None:
    for _ in range(2000):
        text = fast_ids.uuid4()
        assert UUID4_TEXT.match(text), text
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_request_id_is_uuid4_text() -> None:
    assert UUID4_TEXT.match(fast_ids.request_id())


def test_uuid4_hex_is_32_digits_of_a_version_4_uuid() -> None:
    value = fast_ids.uuid4_hex()
    assert re.fullmatch(r"[0-9a-f]{32}", value)
    assert uuid.UUID(hex=value).version == 4


@pytest.mark.parametrize("count", [0, 1, 16, 32, 56, 112])
def test_hex_digits_length_and_alphabet(count: int) -> None:
    for _ in range(200):
        value = fast_ids.hex_digits(count)
        assert len(value) == count and re.fullmatch(r"[0-9a-f]*", value)


def test_ids_do_not_repeat() -> None:
    assert len({fast_ids.uuid4() for _ in range(10_000)}) == 10_000


def test_record_generator_draws_as_seeded_uuid4() -> None:
    """Under persistence a record's ids come out as `uuid.UUID(int=rng.getrandbits(128), version=4)`."""
    record = random.Random(1234)
    expected_rng = random.Random(1234)
    before = fast_ids._record_source
    fast_ids.follow_records(lambda: record)
    try:
        drawn = [fast_ids.uuid4(), fast_ids.request_id(), fast_ids.uuid4_hex()]
    finally:
        fast_ids._record_source = before
    expected = [str(uuid.UUID(int=expected_rng.getrandbits(128), version=4)) for _ in range(3)]
    assert drawn[:2] == expected[:2]
    assert drawn[2] == uuid.UUID(expected[2]).hex


def test_outside_a_record_the_process_generator_is_used() -> None:
    before = fast_ids._record_source
    fast_ids.follow_records(lambda: None)
    try:
        assert UUID4_TEXT.match(fast_ids.uuid4())
    finally:
        fast_ids._record_source = before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_forked_child_draws_another_sequence() -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write its first id and leave at once
        os.write(write_end, fast_ids.uuid4().encode())
        os._exit(0)
    os.close(write_end)
    child_id = os.read(read_end, 64).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    assert UUID4_TEXT.match(child_id)
    assert child_id != fast_ids.uuid4()
