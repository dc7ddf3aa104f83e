"""The CDK bootstrap template, as the aws-cdk npm package ships it, deployed as `cdk bootstrap`
deploys it: every resource made, the toolkit stack's Outputs (BootstrapVersion, which CDK reads
before each deploy) present. Skipped when npm cannot fetch the package."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.integration.cfn_helpers import deploy, outputs, reasons

TEMPLATE_MEMBER = "package/lib/api/bootstrap/bootstrap-template.yaml"


@pytest.fixture(scope="module")
def bootstrap_template(tmp_path_factory) -> str:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: cannot fetch aws-cdk's bootstrap template")
    target = tmp_path_factory.mktemp("aws-cdk")
    try:
        result = subprocess.run(
            [npm, "pack", "aws-cdk@2", "--silent", "--pack-destination", str(target)],
            capture_output=True,
            text=True,
            timeout=180,
            cwd=target,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("npm pack aws-cdk@2 timed out")
    archives = list(Path(target).glob("aws-cdk-*.tgz"))
    if result.returncode != 0 or not archives:
        pytest.skip(f"npm pack aws-cdk@2 failed: {result.stderr.strip()[:200]}")
    with tarfile.open(archives[0]) as archive:
        member = archive.extractfile(TEMPLATE_MEMBER)
        if member is None:
            pytest.skip("the aws-cdk package has no bootstrap template at the expected path")
        return member.read().decode()


def test_cdk_bootstrap_template_deploys(aws_client, cleanup, unique_name, bootstrap_template):
    cf = aws_client("cloudformation")
    name = unique_name("CDKToolkit")
    qualifier = unique_name("q").replace("-", "")[:9]
    stack = deploy(
        cf,
        cleanup,
        name,
        bootstrap_template,
        Capabilities=["CAPABILITY_NAMED_IAM"],
        Parameters=[{"ParameterKey": "Qualifier", "ParameterValue": qualifier}],
    )
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    out = outputs(stack)
    assert int(out["BootstrapVersion"]) > 0
    bucket = out["BucketName"]
    assert bucket == f"cdk-{qualifier}-assets-000000000000-us-east-1"
    s3 = aws_client("s3")
    assert "Statement" in s3.get_bucket_policy(Bucket=bucket)["Policy"]
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    version = aws_client("ssm").get_parameter(Name=f"/cdk-bootstrap/{qualifier}/version")["Parameter"][
        "Value"
    ]
    assert version == out["BootstrapVersion"]
    roles = {r["RoleName"] for r in aws_client("iam").list_roles()["Roles"]}
    assert f"cdk-{qualifier}-deploy-role-000000000000-us-east-1" in roles
