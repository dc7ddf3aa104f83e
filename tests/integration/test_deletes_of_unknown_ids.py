"""Deletes of ids that do not exist: where AWS documents success (these 200s are AWS's answers, not
moto's leniency) and where it refuses (the DeleteTrail case is in test_cloudtrail)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def test_glue_deletes_of_unknown_jobs_and_triggers_succeed(aws_client, unique_name):
    # Glue's API reference: "If the job definition is not found, no exception is thrown." (DeleteJob),
    # and the same sentence for triggers (DeleteTrigger); both echo the name.
    glue = aws_client("glue")
    job, trigger = unique_name("job"), unique_name("trigger")
    assert glue.delete_job(JobName=job)["JobName"] == job
    assert glue.delete_trigger(Name=trigger)["Name"] == trigger


def test_elb_delete_of_an_unknown_load_balancer_succeeds(aws_client, unique_name):
    # ELB's API reference: "If the load balancer does not exist or has already been deleted, the call to
    # DeleteLoadBalancer still succeeds."
    answer = aws_client("elb").delete_load_balancer(LoadBalancerName=unique_name("lb"))
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_batch_delete_of_an_unknown_job_queue_is_a_client_exception(aws_client, unique_name):
    # Recorded against AWS by Terraform's acceptance tests (DeleteJobQueue of a queue already gone):
    # "ClientException: arn:aws:batch:<region>:<account>:job-queue/<name> does not exist."
    batch = aws_client("batch")
    account = aws_client("sts").get_caller_identity()["Account"]
    arn = f"arn:aws:batch:{batch.meta.region_name}:{account}:job-queue/{unique_name('queue')}"
    with pytest.raises(ClientError) as error:
        batch.delete_job_queue(jobQueue=arn)
    assert error.value.response["Error"]["Code"] == "ClientException"
    assert error.value.response["Error"]["Message"] == f"{arn} does not exist."
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_batch_deletes_a_job_queue_that_exists(aws_client, unique_name):
    iam, batch = aws_client("iam"), aws_client("batch")
    role = iam.create_role(
        RoleName=unique_name("batch-role"),
        AssumeRolePolicyDocument='{"Version": "2012-10-17", "Statement": []}',
    )["Role"]["Arn"]
    environment = batch.create_compute_environment(
        computeEnvironmentName=unique_name("env"), type="UNMANAGED", state="ENABLED", serviceRole=role
    )["computeEnvironmentArn"]
    queue = batch.create_job_queue(
        jobQueueName=unique_name("queue"),
        state="ENABLED",
        priority=1,
        computeEnvironmentOrder=[{"order": 1, "computeEnvironment": environment}],
    )["jobQueueArn"]
    batch.update_job_queue(jobQueue=queue, state="DISABLED")
    batch.delete_job_queue(jobQueue=queue)
    assert batch.describe_job_queues(jobQueues=[queue])["jobQueues"] == []
