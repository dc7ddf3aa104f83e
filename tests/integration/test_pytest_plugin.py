"""The pytest plugin as a user meets it: a pytest run (pytester) of a small test file that uses its
fixtures, alone, under pytest-xdist, and pointed at an emulator already running."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

import psutil
import pytest

from localstack.testing.emulator import Emulator

pytest_plugins = ["pytester"]

# Each user test writes what it saw (endpoint, pid, data dir, worker) as one JSON line here.
RECORDER = """
import json, os
from pathlib import Path


def record(localstack, **extra):
    line = {
        "endpoint": localstack.endpoint_url,
        "edge_port": localstack.edge_port,
        "pid": localstack.process.pid if localstack.process else None,
        "data_dir": str(localstack.data_dir) if localstack.data_dir else None,
        "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
        **extra,
    }
    with open(Path(__file__).parent / "seen.jsonl", "a") as handle:
        handle.write(json.dumps(line) + "\\n")
"""


@pytest.fixture
def user_run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    """Run pytest in a child process on the user's files; (result, what each test recorded)."""
    monkeypatch.delenv("LOCALSTACK_ENDPOINT", raising=False)
    pytester.makepyfile(recorder=RECORDER)

    def run(*args: str) -> tuple[pytest.RunResult, list[dict]]:
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=180)
        seen_file = pytester.path / "seen.jsonl"
        seen = [json.loads(line) for line in seen_file.read_text().splitlines()] if seen_file.exists() else []
        return result, seen

    return run


def assert_gone(seen: list[dict]) -> None:
    """Nothing the session started runs after it: no process, no listening edge port."""
    for line in seen:
        if line["pid"] is not None:
            assert not psutil.pid_exists(line["pid"]) or psutil.Process(line["pid"]).status() == "zombie"
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", line["edge_port"])) != 0, f"{line['endpoint']} still answers"


def test_fixtures_start_reset_and_stop_an_emulator(pytester: pytest.Pytester, user_run) -> None:
    pytester.makepyfile(
        test_user="""
        from recorder import record

        def test_create(localstack, aws_client):
            s3 = aws_client("s3")
            assert s3.meta.region_name == "us-east-1"
            assert s3.meta.endpoint_url == localstack.endpoint_url
            assert s3._request_signer._credentials.access_key == "test"
            s3.create_bucket(Bucket="user-bucket")
            aws_client("sqs").create_queue(QueueName="user-queue")
            assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["user-bucket"]
            record(localstack)

        def test_state_stays_without_reset(aws_client):
            assert [b["Name"] for b in aws_client("s3").list_buckets()["Buckets"]] == ["user-bucket"]

        def test_reset_starts_empty(aws_client, localstack_reset):
            assert aws_client("s3").list_buckets()["Buckets"] == []
            assert aws_client("sqs").list_queues().get("QueueUrls", []) == []
        """
    )
    result, seen = user_run()
    result.assert_outcomes(passed=3)
    assert len(seen) == 1 and seen[0]["endpoint"].startswith("http://127.0.0.1:")
    assert seen[0]["pid"] is not None and seen[0]["data_dir"]
    assert_gone(seen)


def test_state_marker_loads_an_archive_and_a_snapshot(pytester: pytest.Pytester, user_run) -> None:
    pytester.makepyfile(
        test_state="""
        import pytest

        def test_save(localstack, aws_client):
            aws_client("s3").create_bucket(Bucket="from-archive")
            localstack.export_state("saved.lsstate")
            localstack.reset()
            aws_client("sqs").create_queue(QueueName="from-snapshot")
            localstack.save_snapshot("queues")

        @pytest.mark.localstack_state("saved.lsstate")
        def test_archive(aws_client, localstack_reset):
            assert [b["Name"] for b in aws_client("s3").list_buckets()["Buckets"]] == ["from-archive"]
            assert aws_client("sqs").list_queues().get("QueueUrls", []) == []

        @pytest.mark.localstack_state(snapshot="queues")
        def test_snapshot(aws_client, localstack_reset):
            assert aws_client("s3").list_buckets()["Buckets"] == []
            [url] = aws_client("sqs").list_queues()["QueueUrls"]
            assert url.endswith("/from-snapshot")

        @pytest.mark.localstack_state("missing.lsstate")
        def test_missing_archive_is_an_error(aws_client):
            pass
        """
    )
    result, _ = user_run()
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*no file missing.lsstate beside test_state.py*"])


def test_each_xdist_worker_gets_its_own_emulator(pytester: pytest.Pytester, user_run) -> None:
    pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    # Named services get free legacy ports too: two workers on S3's default port would collide.
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def localstack_env():
            return {"SERVICES": "s3"}
        """
    )
    pytester.makepyfile(
        test_workers="""
        import os
        import pytest
        from recorder import record

        @pytest.mark.parametrize("n", range(4))
        def test_isolated(localstack, aws_client, n):
            worker = os.environ["PYTEST_XDIST_WORKER"]
            assert list(localstack.ports) == ["s3"] and localstack.ports["s3"] != 4572
            s3 = aws_client("s3")
            s3.create_bucket(Bucket=f"{worker}-{n}")
            # Another worker's buckets never show up here.
            assert all(b["Name"].startswith(worker) for b in s3.list_buckets()["Buckets"])
            record(localstack)
        """
    )
    result, seen = user_run("-p", "xdist", "-n", "2")
    result.assert_outcomes(passed=4)
    by_worker = {line["worker"]: (line["endpoint"], line["pid"], line["data_dir"]) for line in seen}
    assert sorted(by_worker) == ["gw0", "gw1"]
    endpoints, pids, data_dirs = zip(*by_worker.values(), strict=True)
    assert len(set(endpoints)) == len(set(pids)) == len(set(data_dirs)) == 2
    assert_gone(seen)


def test_localstack_endpoint_uses_the_running_emulator(
    pytester: pytest.Pytester, user_run, server: Emulator, monkeypatch: pytest.MonkeyPatch, unique_name
) -> None:
    bucket = unique_name("outside")
    pytester.makepyfile(
        test_remote=f"""
        from recorder import record

        def test_remote(localstack, aws_client):
            assert localstack.process is None
            assert localstack.ports["sqs"]  # the legacy ports come from /_localstack/info
            aws_client("s3").create_bucket(Bucket="{bucket}")
            assert aws_client("sqs", legacy=True).list_queues() is not None
            record(localstack)
        """
    )
    monkeypatch.setenv("LOCALSTACK_ENDPOINT", server.endpoint_url)
    result, seen = user_run()
    result.assert_outcomes(passed=1)
    assert seen[0]["endpoint"] == server.endpoint_url and seen[0]["pid"] is None
    # The bucket is in the emulator that was already running, which keeps running.
    names = [b["Name"] for b in server.client("s3").list_buckets()["Buckets"]]
    assert bucket in names
    with urllib.request.urlopen(f"{server.endpoint_url}/_localstack/health", timeout=5) as response:
        assert response.status == 200
    server.client("s3").delete_bucket(Bucket=bucket)


def test_unreachable_endpoint_fails_the_session_clearly(
    pytester: pytest.Pytester, user_run, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    pytester.makepyfile(test_nothing="def test_nothing(localstack):\n    pass\n")
    monkeypatch.setenv("LOCALSTACK_ENDPOINT", f"http://127.0.0.1:{port}")
    result, _ = user_run("--localstack-timeout", "0.5")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [f"*emulator not ready after 0.5s at http://127.0.0.1:{port}/_localstack/health*"]
    )


def test_readme_example_is_a_working_test_file(pytester: pytest.Pytester, user_run) -> None:
    """The README's example, run as it is written there."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Testing with pytest", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    pytester.makepyfile(test_readme=example)
    result, _ = user_run()
    result.assert_outcomes(passed=example.count("\ndef test_"))


def test_init_dir_seeds_the_emulator_before_the_first_test(pytester: pytest.Pytester, user_run) -> None:
    ready = pytester.path / "seed" / "ready.d"
    ready.mkdir(parents=True)
    (ready / "buckets.py").write_text('import boto3\nboto3.client("s3").create_bucket(Bucket="seeded")\n')
    pytester.makeini("[pytest]\nlocalstack_init_dir = seed\n")
    pytester.makepyfile(
        test_seeded="""
        def test_seeded(aws_client):
            assert [b["Name"] for b in aws_client("s3").list_buckets()["Buckets"]] == ["seeded"]
        """
    )
    result, _ = user_run()
    result.assert_outcomes(passed=1)
    result, _ = user_run("--localstack-init-dir", "missing")
    assert "localstack_init_dir 'missing': no folder" in result.stdout.str() + result.stderr.str()
