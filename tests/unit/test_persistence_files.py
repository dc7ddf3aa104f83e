"""The persistence package's file formats without a server: the request log's framing, torn tails and
corruption, atomic replacement, snapshot names, the pickler's reducers and its restricted loader, and
which requests count as writes."""

from __future__ import annotations

import collections
import io
import os
import pickle
import stat
import threading
import weakref
from pathlib import Path

import pytest
from werkzeug.datastructures import Headers

from localstack.persistence import pickling
from localstack.persistence.files import StateFileError, check_name, ensure_private_dir, write_atomically
from localstack.persistence.recorder import is_write
from localstack.persistence.request_log import LogRecord, RequestLog, read_records
from localstack.utils.http import Request


def _record(seq: int, body: bytes = b"payload") -> LogRecord:
    return LogRecord(seq, "sqs", "POST", "/", [("X-Amz-Target", "AmazonSQS.SendMessage")], body, 1.5, 42)


def _log(path: Path, count: int) -> None:
    log = RequestLog(path)
    for seq in range(1, count + 1):
        log.sync(log.append(_record(seq, bytes([seq]) * 50)))
    log.close()


def test_records_round_trip(tmp_path: Path) -> None:
    _log(tmp_path / "r.log", 3)
    records = list(read_records(tmp_path / "r.log"))
    assert [r.seq for r in records] == [1, 2, 3]
    assert records[1].body == bytes([2]) * 50
    assert records[0].headers == [("X-Amz-Target", "AmazonSQS.SendMessage")]
    assert (records[0].time, records[0].seed) == (1.5, 42)


def test_queued_records_are_in_the_file_after_write_in_order(tmp_path: Path) -> None:
    """Records are queued under the writers' lock and written after it: `write(offset)` puts every
    record up to that offset in the file (one write for all queued), whichever thread calls it."""
    import threading

    path = tmp_path / "r.log"
    log = RequestLog(path)
    first = log.append(_record(1))
    second = log.append(_record(2))
    assert [r.seq for r in read_records(path)] == []
    log.write(first)
    assert [r.seq for r in read_records(path)] == [1, 2]
    log.write(second)  # already written by the call before: nothing twice
    offsets = [log.append(_record(seq)) for seq in range(3, 40)]
    writers = [threading.Thread(target=log.write, args=(offset,)) for offset in reversed(offsets)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert [r.seq for r in read_records(path)] == list(range(1, 40))
    log.append(_record(40))
    log.close()  # what is queued is written first
    assert [r.seq for r in read_records(path)][-1] == 40
    assert path.stat().st_size == log.size


@pytest.mark.parametrize("cut", [1, 5, 20, 60])
def test_a_torn_tail_is_ignored(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "r.log"
    _log(path, 3)
    data = path.read_bytes()
    path.write_bytes(data[:-cut])
    assert [r.seq for r in read_records(path)] == [1, 2]


def test_a_tail_of_zeros_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "r.log"
    _log(path, 2)
    with open(path, "ab") as handle:
        handle.write(b"\x00" * 4096)
    assert [r.seq for r in read_records(path)] == [1, 2]


def test_corruption_before_the_end_is_refused_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "r.log"
    _log(path, 3)
    data = bytearray(path.read_bytes())
    data[data.index(b"\n") + 30] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(StateFileError) as error:
        list(read_records(path))
    assert str(path) in str(error.value) and "checksum" in str(error.value)


def test_records_round_trip_in_both_header_encodings(tmp_path: Path) -> None:
    """Text fields with a NUL fall back to a JSON header; a version 1 log (JSON headers) still reads."""
    from localstack.persistence import request_log

    target = [("X-Amz-Target", "AmazonSQS.SendMessage")]
    plain = LogRecord(1, "sqs", "POST", "/q?a=1", target, b"{}", 1.5, 2**63)
    odd = LogRecord(2, "s3", "PUT", "/b/k\0\ud800é", [("x-amz-meta-a", "")], b"\0body", 1.25, 0)
    assert plain.encode()[13:14] != b"{" and odd.encode()[13:14] == b"{"
    path = tmp_path / "r.log"
    path.write_bytes(request_log._HEADER + plain.encode() + odd.encode())
    assert list(read_records(path)) == [plain, odd]
    old = tmp_path / "old.log"
    old.write_bytes(b"LSREQLOG 1\n" + odd.encode())
    assert list(read_records(old)) == [odd] and not request_log.is_current(old)


def test_another_format_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.log"
    path.write_bytes(b"LSREQLOG 4\n")
    with pytest.raises(StateFileError, match="version 4"):
        list(read_records(path))
    path.write_bytes(b"something else\n")
    with pytest.raises(StateFileError, match="not a request log"):
        list(read_records(path))


def test_write_atomically_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "f"
    write_atomically(path, lambda handle: handle.write(b"old"))

    def fail(handle: io.BufferedWriter) -> None:
        handle.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(path, fail)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["f"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_state_directory_is_0700(tmp_path: Path) -> None:
    directory = ensure_private_dir(tmp_path / "a" / "state")
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "name", ["../x", "/etc/passwd", "a/b", ".hidden", "", "x" * 101, "a\x00b", "..", "a..b"]
)
def test_snapshot_names_are_never_paths(name: str) -> None:
    with pytest.raises(ValueError):
        check_name(name)


def test_snapshot_names_accept_plain_names() -> None:
    assert check_name("fixture-1.v2_final") == "fixture-1.v2_final"


class _Holder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rlock = threading.RLock()
        self.event = threading.Event()
        self.nested = collections.defaultdict(lambda: collections.defaultdict(dict))
        self.nested["a"]["b"]["c"] = 1
        self.target = _Target()
        self.weak = weakref.WeakValueDictionary({"t": self.target})


class _Target:
    pass


def _round_trip(value: object) -> object:
    data = pickling.dumps(value, pickling.BodySink())
    return pickle.loads(data)


def test_locks_lambdas_and_weak_maps_survive_pickling() -> None:
    copy = _round_trip(_Holder())
    assert copy.lock.acquire(blocking=False) and copy.rlock.acquire(blocking=False)  # type: ignore[attr-defined]
    assert copy.nested["a"]["b"] == {"c": 1}  # type: ignore[attr-defined]
    assert copy.nested["new"]["x"] == {}  # type: ignore[attr-defined]
    assert copy.weak["t"] is copy.target  # type: ignore[attr-defined]


def test_the_loader_refuses_what_is_not_state() -> None:
    class Evil:
        def __reduce__(self) -> tuple:
            return (os.system, ("echo owned",))

    data = pickle.dumps(Evil())
    with pytest.raises(pickle.UnpicklingError, match="not state"):
        pickling.loads(data, pickling.BodySource(lambda digest: lambda: io.BytesIO()))
    with pytest.raises(pickle.UnpicklingError):
        pickling.loads(pickle.dumps(eval), pickling.BodySource(lambda digest: lambda: io.BytesIO()))


def _request(method: str, path: str, target: str = "", body: bytes = b"", form: bool = False) -> Request:
    headers = Headers()
    if target:
        headers["X-Amz-Target"] = target
    if form:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return Request(method, path, body, headers)


@pytest.mark.parametrize(
    "service, request_, expected",
    [
        ("s3", _request("PUT", "/bucket/key"), True),
        ("s3", _request("GET", "/bucket/key"), False),
        ("s3", _request("POST", "/bucket/key?select&select-type=2"), False),
        ("dynamodb", _request("POST", "/", "DynamoDB_20120810.PutItem"), True),
        ("dynamodb", _request("POST", "/", "DynamoDB_20120810.GetItem"), False),
        ("dynamodb", _request("POST", "/", "DynamoDB_20120810.Query"), False),
        ("sqs", _request("POST", "/", "AmazonSQS.ReceiveMessage"), True),
        ("sqs", _request("POST", "/", body=b"Action=SendMessage&QueueUrl=x", form=True), True),
        ("sqs", _request("POST", "/", body=b"Action=ListQueues", form=True), False),
        ("sqs", _request("GET", "/?Action=SendMessage&QueueUrl=x&MessageBody=m"), True),
        ("sqs", _request("GET", "/000000000000/q"), False),
        ("kms", _request("POST", "/", "TrentService.Decrypt"), False),
        ("lambda", _request("POST", "/2015-03-31/functions/f/invocations"), False),
        ("lambda", _request("POST", "/2015-03-31/functions"), True),
    ],
)
def test_writes_are_told_from_reads(service: str, request_: Request, expected: bool) -> None:
    assert is_write(service, request_) is expected


def test_a_seeded_request_draws_the_same_ids_and_reads_its_own_clock() -> None:
    import datetime
    import uuid

    from localstack.persistence import determinism

    determinism.install()
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random

    def draw() -> tuple:
        with determinism.seeded(7), determinism.recorded_at(1_700_000_000.0):
            import time

            return (mock_random.get_random_hex(12), str(uuid.uuid4()), os.urandom(4), time.time(), utcnow())

    first, second = draw(), draw()
    assert first == second
    assert first[3] == 1_700_000_000.0
    assert first[4] == datetime.datetime(2023, 11, 14, 22, 13, 20)
    # Outside a logged request every source is the real one again.
    assert str(uuid.uuid4()) != first[1] and os.urandom(4) != first[2]
    assert isinstance(datetime.datetime.now(), determinism.RecordDatetime)


def test_gmtime_and_localtime_without_an_argument_read_the_request_clock() -> None:
    import time

    from localstack.persistence import determinism

    determinism.install()
    with determinism.recorded_at(1_700_000_000.0):
        assert time.gmtime()[:6] == (2023, 11, 14, 22, 13, 20)
        assert time.localtime() == time.localtime(1_700_000_000.0)
        assert time.gmtime(0)[:3] == (1970, 1, 1)  # an argument is read as given
    assert time.gmtime().tm_year >= 2024


def test_a_seeded_choices_draws_what_one_random_per_item_drew() -> None:
    """Records logged before `choices` went to the record generator in one call replay to the same
    receipt handles and ids: both ways draw the same values."""
    import random
    import string

    from localstack.persistence import determinism

    determinism.install()
    from moto.moto_api._internal import mock_random

    with determinism.seeded(11):
        one_call = mock_random.choices(string.ascii_lowercase, k=185)
    with determinism.seeded(11):
        per_item = random.Random.choices(mock_random, string.ascii_lowercase, k=185)
    assert one_call == per_item == random.Random(11).choices(string.ascii_lowercase, k=185)
    assert mock_random.choices(string.ascii_lowercase, k=185) != one_call
