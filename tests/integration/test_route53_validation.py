"""Route 53 refuses a reused caller reference and checks a change batch as a whole before applying
any of it, with AWS's codes and the bracketed sentences its InvalidChangeBatch carries (as SDK users'
logs and Terraform's errors show them)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

IPV4 = "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with "
ZONE_NOT_REUSED = "A hosted zone has already been created with the specified caller reference."


@pytest.fixture
def zone(aws_client, unique_name, cleanup):
    client = aws_client("route53")
    name = f"{unique_name('z')}.example.com"
    zone_id = client.create_hosted_zone(Name=name, CallerReference=unique_name("ref"))["HostedZone"]["Id"]
    cleanup.append(lambda: client.delete_hosted_zone(Id=zone_id))
    return client, zone_id, name


def change(action: str, name: str, value: str = "192.0.2.1", type_: str = "A", ttl: int = 60) -> dict:
    return {
        "Action": action,
        "ResourceRecordSet": {"Name": name, "Type": type_, "TTL": ttl, "ResourceRecords": [{"Value": value}]},
    }


def create(client, zone_id: str, name: str) -> None:
    client.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch={"Changes": [change("CREATE", name)]}
    )


def refused(client, zone_id: str, *changes: dict) -> dict:
    with pytest.raises(ClientError) as caught:
        client.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": list(changes)})
    return caught.value.response


def records(client, zone_id: str) -> list[tuple[str, str]]:
    listed = client.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    return sorted((record["Name"], record["Type"]) for record in listed)


def test_a_reused_caller_reference_is_refused(aws_client, unique_name, cleanup):
    client = aws_client("route53")
    reference = unique_name("ref")
    zone_id = client.create_hosted_zone(Name="reused.example.com", CallerReference=reference)["HostedZone"][
        "Id"
    ]
    cleanup.append(lambda: client.delete_hosted_zone(Id=zone_id))
    with pytest.raises(ClientError) as caught:
        client.create_hosted_zone(Name="reused.example.com", CallerReference=reference)
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert error["Error"]["Code"] == "HostedZoneAlreadyExists"
    assert error["Error"]["Message"] == ZONE_NOT_REUSED
    names = [
        z["Name"] for z in client.list_hosted_zones()["HostedZones"] if z["CallerReference"] == reference
    ]
    assert names == ["reused.example.com."]


def test_deleting_a_missing_record_set(zone):
    client, zone_id, name = zone
    error = refused(client, zone_id, change("DELETE", f"a.{name}"))
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "InvalidChangeBatch"
    assert error["Error"]["Message"] == (
        f"[Tried to delete resource record set [name='a.{name}.', type='A'] but it was not found]"
    )


def test_creating_an_existing_record_set_even_with_other_values(zone):
    client, zone_id, name = zone
    client.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch={"Changes": [change("CREATE", f"b.{name}")]}
    )
    error = refused(client, zone_id, change("CREATE", f"b.{name}", value="192.0.2.9"))
    assert error["Error"]["Message"] == (
        f"[Tried to create resource record set [name='b.{name}.', type='A'] but it already exists]"
    )


def test_deleting_with_other_values_than_the_current_ones(zone):
    client, zone_id, name = zone
    client.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch={"Changes": [change("CREATE", f"c.{name}")]}
    )
    error = refused(client, zone_id, change("DELETE", f"c.{name}", value="192.0.2.7"))
    assert error["Error"]["Message"] == (
        f"[Tried to delete resource record set [name='c.{name}.', type='A'] "
        "but the values provided do not match the current values]"
    )
    assert (f"c.{name}.", "A") in records(client, zone_id)


@pytest.mark.parametrize("outside", ["www.other.org", "wwwexample.com"])
def test_a_name_outside_the_zone(zone, outside):
    client, zone_id, name = zone
    error = refused(client, zone_id, change("CREATE", outside))
    assert error["Error"]["Message"] == f"[RRSet with DNS name {outside}. is not permitted in zone {name}.]"


@pytest.mark.parametrize(
    ("type_", "value", "sentence"),
    [
        (
            "A",
            "not-an-ip",
            IPV4 + "'not-an-ip'",
        ),
        (
            "A",
            "256.1.1.1",
            IPV4 + "'256.1.1.1'",
        ),
        (
            "AAAA",
            "192.0.2.1",
            "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '192.0.2.1'",
        ),
    ],
)
def test_a_value_not_of_the_records_type(zone, type_, value, sentence):
    client, zone_id, name = zone
    error = refused(client, zone_id, change("CREATE", f"d.{name}", value=value, type_=type_))
    assert error["Error"]["Message"] == f"[Invalid Resource Record: 'FATAL problem: {sentence}']"


def test_a_batch_is_applied_whole_or_not_at_all(zone):
    client, zone_id, name = zone
    before = records(client, zone_id)
    error = refused(client, zone_id, change("CREATE", f"e.{name}"), change("DELETE", f"f.{name}"))
    assert error["Error"]["Message"] == (
        f"[Tried to delete resource record set [name='f.{name}.', type='A'] but it was not found]"
    )
    assert records(client, zone_id) == before


def test_every_problem_of_a_batch_is_listed_in_order(zone):
    client, zone_id, name = zone
    client.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch={"Changes": [change("CREATE", f"g.{name}")]}
    )
    error = refused(client, zone_id, change("CREATE", f"g.{name}"), change("DELETE", f"h.{name}"))
    assert error["Error"]["Message"] == (
        f"[Tried to create resource record set [name='g.{name}.', type='A'] but it already exists, "
        f"Tried to delete resource record set [name='h.{name}.', type='A'] but it was not found]"
    )


def test_a_record_set_created_and_deleted_in_one_batch(zone):
    client, zone_id, name = zone
    before = records(client, zone_id)
    client.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={"Changes": [change("CREATE", f"i.{name}"), change("DELETE", f"i.{name}")]},
    )
    assert records(client, zone_id) == before


def test_a_set_identifier_is_named_in_the_sentence(zone):
    client, zone_id, name = zone
    weighted = change("DELETE", f"w.{name}")
    weighted["ResourceRecordSet"].update(SetIdentifier="blue", Weight=10)
    error = refused(client, zone_id, weighted)
    assert error["Error"]["Message"] == (
        f"[Tried to delete resource record set [name='w.{name}.', type='A', set-identifier='blue'] "
        "but it was not found]"
    )


def test_the_error_document_is_route53s(server, aws_client, zone):
    client, zone_id, name = zone
    captured = []
    client.meta.events.register(
        "after-call.route53", lambda http_response, **_: captured.append(http_response)
    )
    refused(client, zone_id, change("DELETE", f"j.{name}"))
    body = captured[-1].content.decode()
    assert body.count("<Message>") == 1 and "<message>" not in body
    assert (
        '<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type>'
        in body
    )


def test_a_zone_holding_records_is_not_deleted(aws_client, unique_name):
    client = aws_client("route53")
    name = f"{unique_name('full')}.example.com"
    zone_id = client.create_hosted_zone(Name=name, CallerReference=unique_name("ref"))["HostedZone"]["Id"]
    create(client, zone_id, f"www.{name}")
    with pytest.raises(ClientError) as caught:
        client.delete_hosted_zone(Id=zone_id)
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "HostedZoneNotEmpty"
    assert error["Error"]["Message"] == (
        "The specified hosted zone contains non-required resource record sets and so cannot be deleted."
    )
    client.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch={"Changes": [change("DELETE", f"www.{name}")]}
    )
    client.delete_hosted_zone(Id=zone_id)
