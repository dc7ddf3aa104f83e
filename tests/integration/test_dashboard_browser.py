"""The dashboard driven in headless Chromium (Debian's `chromium`, installed here if missing) through
playwright pointed at that binary: a bucket and a queue made with boto3 appear; a file is uploaded and
downloaded back; a message is sent and peeked; a failing call shows in the request log with its
response. One browser for the module. Skipped, with the reason, where Chromium or playwright cannot
be had. With DASHBOARD_SCREENSHOTS=<dir> it saves the screenshots shown in the README (docs/)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.browser

DASHBOARD = "/_localstack/dashboard/"
WAIT_MS = 15_000
# Uncaught errors of the page's script, gathered for the whole module.
PAGE_ERRORS: list[str] = []


def _chromium() -> str:
    """The Chromium binary, installing Debian's package when it is missing and we may."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("no chromium on PATH, and apt-get cannot install it here (not root or no apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def apt_get(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["apt-get", *args], capture_output=True, text=True, env=env, timeout=900)

    installed = apt_get("install", "-y", "--no-install-recommends", "chromium")
    if installed.returncode != 0:
        # A fresh image has no package lists yet.
        apt_get("update")
        installed = apt_get("install", "-y", "--no-install-recommends", "chromium")
    found = shutil.which("chromium")
    if installed.returncode != 0 or not found:
        pytest.skip(f"apt-get install chromium failed: {(installed.stderr or installed.stdout)[-500:]}")
    return found


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright (requirements-dev.txt) is not installed"
    )
    binary = _chromium()
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=binary, args=["--no-sandbox"], headless=True)
        except sync_api.Error as error:
            pytest.skip(f"{binary} does not start headless here: {str(error)[:300]}")
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.on("pageerror", lambda error: PAGE_ERRORS.append(str(error)))
        page.goto(server.edge_url + DASHBOARD)
        yield page
        browser.close()


@pytest.fixture(autouse=True)
def no_script_errors():
    yield
    assert PAGE_ERRORS == []


def _screenshot(page, name: str) -> None:
    target = os.environ.get("DASHBOARD_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        # A notice left by an earlier step (a queue deleted by a test's cleanup) is not part of the view.
        page.evaluate("document.querySelector('#toast').hidden = true")
        page.screenshot(path=str(Path(target) / f"dashboard-{name}.png"))


def test_bucket_appears_and_a_file_goes_up_and_comes_back(page, aws_client, unique_name, cleanup, tmp_path):
    s3 = aws_client("s3")
    bucket = unique_name("browser")
    s3.create_bucket(Bucket=bucket)
    cleanup.append(lambda: s3.delete_bucket(Bucket=bucket))
    page.click("#services button[data-service=s3]")
    # The bucket list refreshes itself: the bucket appears without a reload.
    page.locator("#s3-buckets td", has_text=bucket).click()
    upload = tmp_path / "hello.txt"
    upload.write_bytes(b"uploaded through the dashboard\n")
    page.set_input_files("#upload-file", str(upload))
    page.click("#upload-button")
    page.locator("#s3-objects td", has_text="hello.txt").wait_for()
    cleanup.append(lambda: s3.delete_object(Bucket=bucket, Key="hello.txt"))
    assert s3.get_object(Bucket=bucket, Key="hello.txt")["Body"].read() == upload.read_bytes()
    _screenshot(page, "s3")
    with page.expect_download() as downloading:
        page.locator("#s3-objects tr", has_text="hello.txt").locator("a.download").click()
    download = downloading.value
    assert download.suggested_filename == "hello.txt"
    assert Path(download.path()).read_bytes() == upload.read_bytes()
    page.fill("#prefix", "elsewhere/")
    page.press("#prefix", "Enter")
    page.locator("#s3-objects td", has_text="hello.txt").wait_for(state="detached")


def test_queue_appears_and_a_message_is_sent_and_peeked(page, aws_client, unique_name, cleanup):
    sqs = aws_client("sqs")
    name = unique_name("browser")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    cleanup.append(lambda: sqs.delete_queue(QueueUrl=url))
    page.click("#services button[data-service=sqs]")
    page.locator("#sqs-queues td", has_text=name).click()
    page.fill("#send-body", "hello from the browser")
    page.click("#send-button")
    page.locator("#sqs-messages td", has_text="hello from the browser").wait_for()
    sqs.send_message(QueueUrl=url, MessageBody="hello from boto3")
    page.click("#peek-button")
    page.locator("#sqs-messages td", has_text="hello from boto3").wait_for()
    # Peeked, not received: both are still there for a consumer.
    counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    assert counts["Attributes"]["ApproximateNumberOfMessages"] == "2"
    _screenshot(page, "sqs")


def test_a_failing_call_shows_in_the_request_log(page, server, aws_client, unique_name):
    missing = unique_name("missing")
    with pytest.raises(aws_client("sqs").exceptions.QueueDoesNotExist):
        aws_client("sqs").get_queue_url(QueueName=missing)
    # Other tests of the session may have failed the same way: this call is the newest such one.
    calls = requests.get(f"{server.edge_url}{DASHBOARD}api/requests", timeout=10).json()
    (failed_id,) = [
        c["id"] for c in calls if (c["operation"], c["status"], c["internal"]) == ("GetQueueUrl", 400, False)
    ][-1:]
    page.click("#tabs button[data-view=requests]")
    page.fill("#request-filter", "getqueueurl")
    row = page.locator(f'#requests tr.error[data-id="{failed_id}"]')
    row.wait_for()
    assert "GetQueueUrl" in row.inner_text()
    assert "400" in row.inner_text()
    assert page.locator("#requests tbody tr:visible", has_text="CreateQueue").count() == 0
    row.click()
    page.locator("#detail-response", has_text="QueueDoesNotExist").wait_for()
    assert missing in page.inner_text("#detail-request")
    page.fill("#request-filter", "")
    _screenshot(page, "requests")


def test_health_lists_services_and_configuration(page):
    page.click("#tabs button[data-view=health]")
    page.locator("#health-services td", has_text="sqs").wait_for()
    page.locator("#health-config td", has_text="EDGE_PORT").wait_for()
    _screenshot(page, "health")


def test_every_service_view_renders(page, aws_client, unique_name, cleanup):
    ddb, logs, sns = aws_client("dynamodb"), aws_client("logs"), aws_client("sns")
    table = unique_name("browser")
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=table))
    ddb.put_item(TableName=table, Item={"pk": {"S": "one"}, "colour": {"S": "green"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "two"}, "colour": {"S": "blue"}})
    filler = [{"PutRequest": {"Item": {"pk": {"S": f"filler-{i:02}"}}}} for i in range(60)]
    for start in range(0, len(filler), 25):
        ddb.batch_write_item(RequestItems={table: filler[start : start + 25]})
    group = f"/browser/{unique_name('g')}"
    logs.create_log_group(logGroupName=group)
    cleanup.append(lambda: logs.delete_log_group(logGroupName=group))
    topic = sns.create_topic(Name=unique_name("browser"))["TopicArn"]
    cleanup.append(lambda: sns.delete_topic(TopicArn=topic))

    page.click("#tabs button[data-view=resources]")
    page.click("#services button[data-service=dynamodb]")
    page.locator("#dynamodb-tables td", has_text=table).click()
    page.locator("#dynamodb-items").wait_for()
    shown = set(page.locator("#dynamodb-items tbody tr td:first-child").all_inner_texts())
    page.click("#next-page")  # 62 items: a scan shows 50 a page
    page.locator("#next-page").wait_for(state="detached")
    shown |= set(page.locator("#dynamodb-items tbody tr td:first-child").all_inner_texts())
    assert len(shown) == 62
    page.fill("#query-value", "one")
    page.click("#query-button")
    page.locator("#dynamodb-items td", has_text='"blue"').wait_for(state="detached")
    assert page.locator("#dynamodb-items td", has_text='"green"').count() == 1
    _screenshot(page, "dynamodb")
    page.click("#services button[data-service=logs]")
    page.locator("#logs-groups td", has_text=group).wait_for()
    page.click("#services button[data-service=sns]")
    page.locator("#sns-topics td", has_text=topic).wait_for()
    for service, table_id in (
        ("lambda", "#lambda-functions"),
        ("stepfunctions", "#sfn-machines"),
        ("cloudformation", "#cfn-stacks"),
    ):
        page.click(f"#services button[data-service={service}]")
        page.locator(table_id).wait_for()
