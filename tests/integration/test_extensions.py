"""Extensions end to end: the example package in examples/, installed with pip (its entry point
loads it) or named in EXTENSIONS, driven over HTTP through the edge and the legacy ports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config as BotoConfig
from botocore.credentials import Credentials

from localstack import constants
from tests.server_process import ROOT, ServerProcess, free_port, start_server

EXAMPLE = ROOT / "examples" / "localstack-extension-example"
EXAMPLE_CLASS = "localstack_extension_example.extension:ExampleExtension"
NOTES_TARGET = "Notes_20240101"


def install_example(target: Path) -> None:
    """`pip install` the example into a throwaway directory (its build backend comes from PyPI)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(EXAMPLE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        if "No matching distribution" in result.stderr or "Could not find a version" in result.stderr:
            pytest.skip(f"pip cannot fetch the example's build backend (flit_core): {result.stderr[-300:]}")
        raise AssertionError(f"pip install of the example failed:\n{result.stderr}")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """An emulator that finds the example through its entry point alone (no EXTENSIONS)."""
    tmp = tmp_path_factory.mktemp("ext-installed")
    target = tmp / "site"
    install_example(target)
    env = {"PYTHONPATH": f"{ROOT}{os.pathsep}{target}", "NOTES_PORT": str(free_port())}
    server = start_server(tmp, ["sqs", "s3"], env)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """An emulator given the example's source on PYTHONPATH and its class (and two broken ones) in
    EXTENSIONS, entry points off."""
    tmp = tmp_path_factory.mktemp("ext-named")
    env = {
        "PYTHONPATH": f"{ROOT}{os.pathsep}{EXAMPLE}",
        "EXTENSIONS": ",".join(
            (
                "tests.integration.extension_fixtures:FailsToLoad",
                EXAMPLE_CLASS,
                "tests.integration.extension_fixtures:BrokenListener",
                "no_such_package.extension:Thing",
                "tests.integration.extension_fixtures:NotesMirror",
                "tests.integration.extension_fixtures:Worker",
            )
        ),
        "EXTENSIONS_AUTOLOAD": "0",
        "NOTES_PORT": str(free_port()),
    }
    server = start_server(tmp, ["sqs", "s3"], env)
    yield server
    server.stop()


def client(server: ServerProcess, service: str, legacy: bool = False, region: str = "us-east-1"):
    return boto3.client(
        service,
        endpoint_url=server.legacy_url(service) if legacy else server.edge_url,
        region_name=region,
        aws_access_key_id=constants.TEST_ACCESS_KEY_ID,
        aws_secret_access_key=constants.TEST_SECRET_ACCESS_KEY,
        config=BotoConfig(retries={"max_attempts": 1}),
    )


def notes_call(
    url: str, operation: str, body: dict, region: str | None = None, target: str = NOTES_TARGET
) -> requests.Response:
    """A notes operation by X-Amz-Target; SigV4-signed for `notes` in `region` if given."""
    headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"{target}.{operation}"}
    request = AWSRequest("POST", url + "/", data=json.dumps(body).encode(), headers=headers)
    if region:
        credentials = Credentials(constants.TEST_ACCESS_KEY_ID, constants.TEST_SECRET_ACCESS_KEY)
        SigV4Auth(credentials, "notes", region).add_auth(request)
    return requests.post(request.url, data=request.body, headers=dict(request.headers), timeout=10)


def calls(server: ServerProcess) -> dict:
    return requests.get(f"{server.edge_url}/_extension/example/calls", timeout=10).json()


def test_the_installed_example_is_loaded_by_its_entry_point(installed):
    listing = requests.get(f"{installed.edge_url}/_localstack/extensions", timeout=10).json()
    (example,) = listing["extensions"]
    assert example["name"] == "example"
    assert example["state"] == "loaded"
    assert example["origin"] == "entry point example of localstack-extension-example"
    assert example["value"] == EXAMPLE_CLASS
    assert example["services"] == [{"name": "notes", "port": int(installed.env["NOTES_PORT"])}]
    health = requests.get(f"{installed.edge_url}/_localstack/health", timeout=10).json()
    assert set(health["services"]) == {"notes", "s3", "sqs"}


def test_the_listener_counts_calls_and_adds_its_header_on_edge_and_legacy_port(installed, unique_name):
    requests.delete(f"{installed.edge_url}/_extension/example/calls", timeout=10)
    sqs = client(installed, "sqs")
    created = sqs.create_queue(QueueName=unique_name("ext"))
    assert created["ResponseMetadata"]["HTTPHeaders"]["x-example-calls"] == "1"
    listed = client(installed, "sqs", legacy=True).list_queues()
    assert listed["ResponseMetadata"]["HTTPHeaders"]["x-example-calls"] == "2"
    name = created["QueueUrl"].rpartition("/")[2]
    assert name in [url.rpartition("/")[2] for url in listed["QueueUrls"]]
    # AWS errors our own listeners and moto answer pass through the extension's listener too.
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as raised:
        sqs.get_queue_url(QueueName=unique_name("missing"))
    assert raised.value.response["ResponseMetadata"]["HTTPHeaders"]["x-example-calls"] == "3"
    sqs.delete_queue(QueueUrl=created["QueueUrl"])
    assert calls(installed) == {"calls": {"sqs": 4}, "total": 4}
    one = requests.get(f"{installed.edge_url}/_extension/example/calls/sqs", timeout=10)
    assert one.json() == {"service": "sqs", "calls": 4}
    cleared = requests.delete(f"{installed.edge_url}/_extension/example/calls", timeout=10)
    assert cleared.status_code == 204
    assert calls(installed) == {"calls": {}, "total": 0}


def test_the_extension_routes_answer_unknown_paths_and_methods_in_json(installed):
    missing = requests.get(f"{installed.edge_url}/_extension/example/nothing", timeout=10)
    assert missing.status_code == 404
    assert "/_extension/example/calls" in missing.json()["message"]
    wrong = requests.post(f"{installed.edge_url}/_extension/example/calls", timeout=10)
    assert wrong.status_code == 405
    other = requests.get(f"{installed.edge_url}/_extension/other/calls", timeout=10)
    assert other.status_code == 404


def test_the_notes_service_by_target_signing_name_path_and_its_own_port(installed):
    url = installed.edge_url
    put = notes_call(url, "PutNote", {"Text": "remember the milk"}, region="eu-west-1")
    assert put.status_code == 200, put.text
    assert put.headers["Content-Type"] == "application/x-amz-json-1.1"
    assert put.headers["X-Example-Calls"]  # the "*" listener serves the extension's own service too
    note_id = put.json()["Id"]
    # Signed for `notes`: notes are kept per region, as AWS services keep their resources.
    assert notes_call(url, "ListNotes", {}, region="eu-west-1").json() == {"Ids": [note_id]}
    assert notes_call(url, "ListNotes", {}, region="us-east-1").json() == {"Ids": []}
    got = notes_call(url, "GetNote", {"Id": note_id}, region="eu-west-1").json()
    assert got == {"Id": note_id, "Text": "remember the milk"}
    # Unsigned, by X-Amz-Target alone: the default region.
    unsigned = notes_call(url, "PutNote", {"Text": "unsigned"})
    assert unsigned.status_code == 200
    listed = requests.get(f"{url}/notes/", timeout=10).json()
    assert listed == {"Notes": [{"Id": unsigned.json()["Id"], "Text": "unsigned"}]}
    own_port = f"http://127.0.0.1:{installed.env['NOTES_PORT']}"
    assert requests.get(f"{own_port}/notes/{unsigned.json()['Id']}", timeout=10).json()["Text"] == "unsigned"
    # The service's own error answers reach the client as it wrote them.
    missing = notes_call(url, "GetNote", {"Id": "nope"}, region="eu-west-1")
    assert (missing.status_code, missing.json()["__type"]) == (404, "NoteNotFound")
    # POST /_localstack/state/reset reaches the extension's state.
    assert requests.post(f"{url}/_localstack/state/reset", timeout=10).status_code == 200
    assert notes_call(url, "ListNotes", {}, region="eu-west-1").json() == {"Ids": []}


def test_a_signed_s3_request_to_a_bucket_named_like_the_path_prefix_stays_with_s3(installed):
    s3 = client(installed, "s3")
    s3.create_bucket(Bucket="notes")
    s3.put_object(Bucket="notes", Key="a.txt", Body=b"s3 data")
    assert s3.get_object(Bucket="notes", Key="a.txt")["Body"].read() == b"s3 data"
    s3.delete_object(Bucket="notes", Key="a.txt")
    s3.delete_bucket(Bucket="notes")


def test_extensions_named_in_the_variable_load_in_order_and_broken_ones_are_reported(named):
    listing = requests.get(f"{named.edge_url}/_localstack/extensions", timeout=10).json()["extensions"]
    states = [(item["name"], item["state"], item.get("error")) for item in listing]
    assert states == [
        ("fails-to-load", "error", "RuntimeError: this extension needs a licence key"),
        ("example", "loaded", None),
        ("broken-listener", "loaded", None),
        (
            "no_such_package.extension:Thing",
            "error",
            "ModuleNotFoundError: No module named 'no_such_package'",
        ),
        ("mirror", "loaded", None),
        ("worker", "loaded", None),
    ]
    assert all(item["origin"] == "EXTENSIONS" for item in listing)
    log = named.log()
    assert "Extension fails-to-load (tests.integration.extension_fixtures:FailsToLoad, EXTENSIONS)" in log
    assert "is not loaded: RuntimeError: this extension needs a licence key" in log


def test_a_broken_listener_is_logged_and_the_service_goes_on(named, unique_name):
    sqs = client(named, "sqs")
    url = sqs.create_queue(QueueName=unique_name("ext"))["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="still works")
    received = sqs.receive_message(QueueUrl=url)
    assert received["Messages"][0]["Body"] == "still works"
    assert received["ResponseMetadata"]["HTTPHeaders"]["x-example-calls"]
    sqs.delete_queue(QueueUrl=url)
    log = named.log()
    assert "extension broken-listener: RaisingListener.forward_request failed" in log
    assert "KeyError: 'a bug in an extension'" in log
    assert "RaisingListener.return_response returned a str" in log


def test_the_example_from_its_source_serves_notes_on_the_edge(named):
    put = notes_call(named.edge_url, "PutNote", {"Text": "from source"}, region="us-west-2")
    assert put.status_code == 200
    assert notes_call(named.edge_url, "ListNotes", {}, region="us-west-2").json() == {
        "Ids": [put.json()["Id"]]
    }


def test_a_service_whose_backend_is_a_url_is_forwarded_there(named):
    put = notes_call(named.edge_url, "PutNote", {"Text": "through the mirror"}, target="Mirror_20240101")
    assert put.status_code == 200, put.text
    note_id = put.json()["Id"]
    # The mirror forwarded to the notes service's own port: the note is in the notes service.
    own_port = f"http://127.0.0.1:{named.env['NOTES_PORT']}"
    assert requests.get(f"{own_port}/notes/{note_id}", timeout=10).json()["Text"] == "through the mirror"
    health = requests.get(f"{named.edge_url}/_localstack/health", timeout=10).json()
    assert health["services"]["notes-mirror"] == "running"


def test_without_extensions_the_listing_is_empty(server):
    listing = requests.get(f"{server.edge_url}/_localstack/extensions", timeout=10)
    assert listing.status_code == 200
    assert listing.json() == {"extensions": []}


def test_persistence_keeps_what_reached_our_chain_and_never_the_extension_service(tmp_path, unique_name):
    """PERSISTENCE=1 logs the requests that reached our listeners and replays them into our chain
    alone; an extension's service keeps its own state, so the emulator starts without the extension."""
    from tests.persistent_server import PersistentServer

    env = {
        "PYTHONPATH": f"{ROOT}{os.pathsep}{EXAMPLE}",
        "EXTENSIONS": EXAMPLE_CLASS,
        "EXTENSIONS_AUTOLOAD": "0",
    }
    server = PersistentServer(tmp_path, ["sqs"], extra_env=env).start()
    try:
        sqs = server.client("sqs")
        name = unique_name("kept")
        sqs.create_queue(QueueName=name)
        assert notes_call(server.url, "PutNote", {"Text": "not ours to keep"}).status_code == 200
        server.restart(kill=True)  # the request log is replayed
        listed = sqs.list_queues()
        assert [url.rpartition("/")[2] for url in listed["QueueUrls"]] == [name]
        counts = requests.get(f"{server.url}/_extension/example/calls", timeout=10).json()
        assert counts["calls"] == {"sqs": 1}  # the replayed CreateQueue did not reach the listener
        assert notes_call(server.url, "ListNotes", {}).json() == {"Ids": []}
        del server.env["EXTENSIONS"]
        server.restart(kill=True)
        assert [url.rpartition("/")[2] for url in sqs.list_queues()["QueueUrls"]] == [name]
        assert requests.get(f"{server.url}/_localstack/extensions", timeout=10).json() == {"extensions": []}
    finally:
        server.stop()


def test_a_busy_service_port_is_logged_and_the_service_stays_on_the_edge(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            "PYTHONPATH": f"{ROOT}{os.pathsep}{EXAMPLE}",
            "EXTENSIONS": EXAMPLE_CLASS,
            "EXTENSIONS_AUTOLOAD": "0",
            "NOTES_PORT": str(port),
        }
        server = start_server(tmp_path, ["sqs"], env)
        try:
            listing = requests.get(f"{server.edge_url}/_localstack/extensions", timeout=10).json()
            assert listing["extensions"][0]["services"] == [{"name": "notes", "port": None}]
            assert notes_call(server.edge_url, "ListNotes", {}).json() == {"Ids": []}
            expected = f"service notes is served on the edge only: cannot listen on 127.0.0.1:{port}"
            assert f"extension example: {expected}" in server.log()
        finally:
            server.stop()


def test_slow_work_goes_to_a_worker_the_emulator_owns(named):
    client(named, "sqs").list_queues()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        handled = requests.get(f"{named.edge_url}/_extension/worker/handled", timeout=10).json()["handled"]
        if "AmazonSQS.ListQueues" in handled:
            break
        time.sleep(0.05)
    assert "AmazonSQS.ListQueues" in handled
