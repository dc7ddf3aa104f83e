"""EC2 networking resources: VPC, Subnet, SecurityGroup (with ingress/egress rules), InternetGateway,
VPCGatewayAttachment, RouteTable, Route, SubnetRouteTableAssociation, EIP, NatGateway, VPCEndpoint."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import as_bool, pick, tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call, keep_on_update


def _tag_spec(ctx: ProviderContext, props: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    tags = tags_list(ctx, props)
    return [{"ResourceType": kind, "Tags": tags}] if tags else []


class Vpc(ResourceProvider):
    type_name = "AWS::EC2::VPC"
    create_only = frozenset(("CidrBlock", "InstanceTenancy", "Ipv4IpamPoolId"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ec2 = ctx.client("ec2")
        args: dict[str, Any] = {
            "CidrBlock": props["CidrBlock"],
            "TagSpecifications": _tag_spec(ctx, props, "vpc"),
        }
        if props.get("InstanceTenancy"):
            args["InstanceTenancy"] = props["InstanceTenancy"]
        vpc = ec2.create_vpc(**args)["Vpc"]
        vpc_id = vpc["VpcId"]
        for key in ("EnableDnsSupport", "EnableDnsHostnames"):
            if props.get(key) is not None:
                ec2.modify_vpc_attribute(VpcId=vpc_id, **{key: {"Value": as_bool(props[key])}})
        groups = ec2.describe_security_groups(
            Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]}]
        )
        acls = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])
        default_group = groups["SecurityGroups"][0]["GroupId"] if groups["SecurityGroups"] else ""
        default_acl = acls["NetworkAcls"][0]["NetworkAclId"] if acls["NetworkAcls"] else ""
        return Created(
            vpc_id,
            {
                "VpcId": vpc_id,
                "CidrBlock": vpc["CidrBlock"],
                "DefaultSecurityGroup": default_group,
                "DefaultNetworkAcl": default_acl,
                "CidrBlockAssociations": [],
                "Ipv6CidrBlocks": [],
            },
        )

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ec2 = ctx.client("ec2")
        for key in ("EnableDnsSupport", "EnableDnsHostnames"):
            if props.get(key) is not None and props.get(key) != old.get(key):
                ec2.modify_vpc_attribute(VpcId=physical_id, **{key: {"Value": as_bool(props[key])}})
        return Created(physical_id, attributes)

    delete = delete_call("ec2", "delete_vpc", "VpcId", "InvalidVpcID.NotFound")


class Subnet(ResourceProvider):
    type_name = "AWS::EC2::Subnet"
    create_only = frozenset(("VpcId", "CidrBlock", "AvailabilityZone", "AvailabilityZoneId", "Ipv6CidrBlock"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ec2 = ctx.client("ec2")
        args: dict[str, Any] = {
            "VpcId": props["VpcId"],
            "CidrBlock": props["CidrBlock"],
            "TagSpecifications": _tag_spec(ctx, props, "subnet"),
        }
        for key in ("AvailabilityZone", "AvailabilityZoneId", "Ipv6CidrBlock"):
            if props.get(key):
                args[key] = props[key]
        subnet = ec2.create_subnet(**args)["Subnet"]
        if props.get("MapPublicIpOnLaunch") is not None:
            ec2.modify_subnet_attribute(
                SubnetId=subnet["SubnetId"],
                MapPublicIpOnLaunch={"Value": as_bool(props["MapPublicIpOnLaunch"])},
            )
        return Created(
            subnet["SubnetId"],
            {
                "SubnetId": subnet["SubnetId"],
                "AvailabilityZone": subnet["AvailabilityZone"],
                "VpcId": subnet["VpcId"],
                "CidrBlock": subnet["CidrBlock"],
                "Ipv6CidrBlocks": [],
            },
        )

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        if props.get("MapPublicIpOnLaunch") != old.get("MapPublicIpOnLaunch"):
            ctx.client("ec2").modify_subnet_attribute(
                SubnetId=physical_id,
                MapPublicIpOnLaunch={"Value": as_bool(props.get("MapPublicIpOnLaunch", False))},
            )
        return Created(physical_id, attributes)

    delete = delete_call("ec2", "delete_subnet", "SubnetId", "InvalidSubnetID.NotFound")


def _permissions(rules: list[dict[str, Any]], egress: bool) -> list[dict[str, Any]]:
    out = []
    for rule in rules:
        permission: dict[str, Any] = {"IpProtocol": str(rule.get("IpProtocol", "-1"))}
        if rule.get("FromPort") is not None:
            permission["FromPort"] = int(rule["FromPort"])
        if rule.get("ToPort") is not None:
            permission["ToPort"] = int(rule["ToPort"])
        cidr = rule.get("CidrIp")
        if cidr:
            permission["IpRanges"] = [
                {"CidrIp": cidr, **({"Description": rule["Description"]} if rule.get("Description") else {})}
            ]
        if rule.get("CidrIpv6"):
            permission["Ipv6Ranges"] = [{"CidrIpv6": rule["CidrIpv6"]}]
        group = rule.get("DestinationSecurityGroupId" if egress else "SourceSecurityGroupId")
        if group:
            permission["UserIdGroupPairs"] = [{"GroupId": group}]
        out.append(permission)
    return out


class SecurityGroup(ResourceProvider):
    type_name = "AWS::EC2::SecurityGroup"
    create_only = frozenset(("GroupName", "GroupDescription", "VpcId"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ec2 = ctx.client("ec2")
        name = props.get("GroupName") or ctx.physical_name(255)
        args: dict[str, Any] = {
            "GroupName": name,
            "Description": props["GroupDescription"],
            "TagSpecifications": _tag_spec(ctx, props, "security-group"),
        }
        if props.get("VpcId"):
            args["VpcId"] = props["VpcId"]
        group_id = ec2.create_security_group(**args)["GroupId"]
        self._rules(ctx, group_id, props, {})
        return Created(group_id, {"GroupId": group_id, "VpcId": props.get("VpcId", "")})

    def _rules(self, ctx: ProviderContext, group_id: str, props: dict[str, Any], old: dict[str, Any]) -> None:
        ec2 = ctx.client("ec2")
        if props.get("SecurityGroupIngress") != old.get("SecurityGroupIngress"):
            if old.get("SecurityGroupIngress"):
                ec2.revoke_security_group_ingress(
                    GroupId=group_id, IpPermissions=_permissions(old["SecurityGroupIngress"], False)
                )
            if props.get("SecurityGroupIngress"):
                ec2.authorize_security_group_ingress(
                    GroupId=group_id, IpPermissions=_permissions(props["SecurityGroupIngress"], False)
                )
        if props.get("SecurityGroupEgress") != old.get("SecurityGroupEgress") and props.get("VpcId"):
            if old.get("SecurityGroupEgress"):
                ec2.revoke_security_group_egress(
                    GroupId=group_id, IpPermissions=_permissions(old["SecurityGroupEgress"], True)
                )
            if props.get("SecurityGroupEgress"):
                ec2.authorize_security_group_egress(
                    GroupId=group_id, IpPermissions=_permissions(props["SecurityGroupEgress"], True)
                )

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self._rules(ctx, physical_id, props, old)
        return Created(physical_id, attributes)

    delete = delete_call("ec2", "delete_security_group", "GroupId", "InvalidGroup.NotFound")


class InternetGateway(ResourceProvider):
    type_name = "AWS::EC2::InternetGateway"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        gateway = ctx.client("ec2").create_internet_gateway(
            TagSpecifications=_tag_spec(ctx, props, "internet-gateway")
        )["InternetGateway"]
        return Created(gateway["InternetGatewayId"], {"InternetGatewayId": gateway["InternetGatewayId"]})

    update = keep_on_update

    delete = delete_call(
        "ec2", "delete_internet_gateway", "InternetGatewayId", "InvalidInternetGatewayID.NotFound"
    )


class VpcGatewayAttachment(ResourceProvider):
    type_name = "AWS::EC2::VPCGatewayAttachment"
    create_only = frozenset(("VpcId", "InternetGatewayId", "VpnGatewayId"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ec2 = ctx.client("ec2")
        if props.get("InternetGatewayId"):
            ec2.attach_internet_gateway(InternetGatewayId=props["InternetGatewayId"], VpcId=props["VpcId"])
        elif props.get("VpnGatewayId"):
            ec2.attach_vpn_gateway(VpnGatewayId=props["VpnGatewayId"], VpcId=props["VpcId"])
        return Created(f"IGW|{props['VpcId']}")

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ec2 = ctx.client("ec2")
        if props.get("InternetGatewayId"):
            ignore_missing(
                lambda: ec2.detach_internet_gateway(
                    InternetGatewayId=props["InternetGatewayId"], VpcId=props["VpcId"]
                ),
                "Gateway.NotAttached",
            )
        elif props.get("VpnGatewayId"):
            ignore_missing(
                lambda: ec2.detach_vpn_gateway(VpnGatewayId=props["VpnGatewayId"], VpcId=props["VpcId"])
            )


class RouteTable(ResourceProvider):
    type_name = "AWS::EC2::RouteTable"
    create_only = frozenset(("VpcId",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        table = ctx.client("ec2").create_route_table(
            VpcId=props["VpcId"], TagSpecifications=_tag_spec(ctx, props, "route-table")
        )["RouteTable"]
        return Created(table["RouteTableId"], {"RouteTableId": table["RouteTableId"]})

    update = keep_on_update

    delete = delete_call("ec2", "delete_route_table", "RouteTableId", "InvalidRouteTableID.NotFound")


_ROUTE_TARGETS = (
    "GatewayId",
    "NatGatewayId",
    "InstanceId",
    "NetworkInterfaceId",
    "VpcPeeringConnectionId",
    "TransitGatewayId",
    "EgressOnlyInternetGatewayId",
    "VpcEndpointId",
    "CarrierGatewayId",
    "LocalGatewayId",
)


class Route(ResourceProvider):
    type_name = "AWS::EC2::Route"
    create_only = frozenset(("RouteTableId", "DestinationCidrBlock", "DestinationIpv6CidrBlock"))

    def _args(self, props: dict[str, Any]) -> dict[str, Any]:
        args = {"RouteTableId": props["RouteTableId"]}
        for key in (
            "DestinationCidrBlock",
            "DestinationIpv6CidrBlock",
            "DestinationPrefixListId",
            *_ROUTE_TARGETS,
        ):
            if props.get(key):
                args[key] = props[key]
        return args

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ctx.client("ec2").create_route(**self._args(props))
        destination = props.get("DestinationCidrBlock") or props.get("DestinationIpv6CidrBlock", "")
        return Created(f"{props['RouteTableId']}|{destination}")

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ctx.client("ec2").replace_route(**self._args(props))
        return Created(physical_id)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        args = {
            k: v
            for k, v in self._args(props).items()
            if k in ("RouteTableId", "DestinationCidrBlock", "DestinationIpv6CidrBlock")
        }
        ignore_missing(lambda: ctx.client("ec2").delete_route(**args), "InvalidRoute.NotFound")


class SubnetRouteTableAssociation(ResourceProvider):
    type_name = "AWS::EC2::SubnetRouteTableAssociation"
    create_only = frozenset(("SubnetId", "RouteTableId"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        association = ctx.client("ec2").associate_route_table(
            SubnetId=props["SubnetId"], RouteTableId=props["RouteTableId"]
        )
        return Created(association["AssociationId"], {"Id": association["AssociationId"]})

    delete = delete_call("ec2", "disassociate_route_table", "AssociationId", "InvalidAssociationID.NotFound")


class Eip(ResourceProvider):
    type_name = "AWS::EC2::EIP"
    create_only = frozenset(("Domain",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ec2 = ctx.client("ec2")
        address = ec2.allocate_address(Domain=props.get("Domain", "vpc"))
        if props.get("InstanceId"):
            ec2.associate_address(AllocationId=address["AllocationId"], InstanceId=props["InstanceId"])
        return Created(
            address["PublicIp"], {"AllocationId": address["AllocationId"], "PublicIp": address["PublicIp"]}
        )

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(
            lambda: ctx.client("ec2").release_address(AllocationId=attributes["AllocationId"]),
            "InvalidAllocationID.NotFound",
        )


class NatGateway(ResourceProvider):
    type_name = "AWS::EC2::NatGateway"
    create_only = frozenset(("SubnetId", "AllocationId", "ConnectivityType"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {
            "SubnetId": props["SubnetId"],
            "TagSpecifications": _tag_spec(ctx, props, "natgateway"),
        }
        if props.get("AllocationId"):
            args["AllocationId"] = props["AllocationId"]
        if props.get("ConnectivityType"):
            args["ConnectivityType"] = props["ConnectivityType"]
        gateway = ctx.client("ec2").create_nat_gateway(**args)["NatGateway"]
        return Created(gateway["NatGatewayId"], {"NatGatewayId": gateway["NatGatewayId"]})

    update = keep_on_update

    delete = delete_call("ec2", "delete_nat_gateway", "NatGatewayId", "NatGatewayNotFound")


class VpcEndpoint(ResourceProvider):
    type_name = "AWS::EC2::VPCEndpoint"
    create_only = frozenset(("ServiceName", "VpcId", "VpcEndpointType"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {
            "VpcId": props["VpcId"],
            "ServiceName": props["ServiceName"],
            "VpcEndpointType": props.get("VpcEndpointType", "Gateway"),
        }
        for key in ("RouteTableIds", "SubnetIds", "SecurityGroupIds"):
            if props.get(key):
                args[key] = props[key]
        args.update(pick(props, ("PrivateDnsEnabled",), as_bool))
        endpoint = ctx.client("ec2").create_vpc_endpoint(**args)["VpcEndpoint"]
        return Created(
            endpoint["VpcEndpointId"],
            {"Id": endpoint["VpcEndpointId"], "DnsEntries": [], "NetworkInterfaceIds": []},
        )

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: ctx.client("ec2").delete_vpc_endpoints(VpcEndpointIds=[physical_id]))


PROVIDERS = [
    Vpc,
    Subnet,
    SecurityGroup,
    InternetGateway,
    VpcGatewayAttachment,
    RouteTable,
    Route,
    SubnetRouteTableAssociation,
    Eip,
    NatGateway,
    VpcEndpoint,
]
