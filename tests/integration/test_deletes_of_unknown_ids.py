"""Deletes of ids that do not exist where AWS documents success, not a NotFound error: these 200s are
AWS's answers, not moto's leniency (the DeleteTrail case, where AWS refuses, is in test_cloudtrail)."""

from __future__ import annotations


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
