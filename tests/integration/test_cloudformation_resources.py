"""Resource families made by stacks, each checked through its own service's API, then removed by
DeleteStack."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.cfn_helpers import delete, deploy, outputs, reasons


@pytest.fixture
def cf(aws_client):
    return aws_client("cloudformation")


def _deploy_ok(cf, cleanup, name, template, **kwargs):
    stack = deploy(cf, cleanup, name, template, **kwargs)
    assert stack["StackStatus"] == "CREATE_COMPLETE", reasons(cf, name)
    return outputs(stack)


def test_s3_bucket_and_policy(cf, aws_client, cleanup, unique_name):
    name = unique_name("s3")
    template = {
        "Resources": {
            "Bucket": {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    "VersioningConfiguration": {"Status": "Enabled"},
                    "Tags": [{"Key": "k", "Value": "v"}],
                    "CorsConfiguration": {
                        "CorsRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "MaxAge": 60}]
                    },
                    "BucketEncryption": {
                        "ServerSideEncryptionConfiguration": [
                            {
                                "ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                                "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]},
                            }
                        ]
                    },
                },
            },
            "Policy": {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": {"Ref": "Bucket"},
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Deny",
                                "Principal": "*",
                                "Action": "s3:*",
                                "Resource": {"Fn::Sub": "${Bucket.Arn}/*"},
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        ],
                    },
                },
            },
        },
        "Outputs": {
            "Name": {"Value": {"Ref": "Bucket"}},
            "Arn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}},
            "Domain": {"Value": {"Fn::GetAtt": ["Bucket", "RegionalDomainName"]}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template)
    bucket = out["Name"]
    assert bucket == bucket.lower() and bucket.startswith(name)
    assert out["Arn"] == f"arn:aws:s3:::{bucket}"
    assert out["Domain"] == f"{bucket}.s3.us-east-1.amazonaws.com"
    s3 = aws_client("s3")
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "k", "Value": "v"}]
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"][0]["MaxAgeSeconds"] == 60
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["BlockedEncryptionTypes"] == {"EncryptionType": ["NONE"]}
    policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    assert policy["Statement"][0]["Resource"] == f"arn:aws:s3:::{bucket}/*"
    delete(cf, name)
    with pytest.raises(ClientError):
        s3.head_bucket(Bucket=bucket)


def test_sqs_sns_subscription_and_policies(cf, aws_client, cleanup, unique_name):
    name = unique_name("msg")
    template = {
        "Resources": {
            "Dlq": {"Type": "AWS::SQS::Queue", "Properties": {"MessageRetentionPeriod": 1209600}},
            "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                    "VisibilityTimeout": 45,
                    "RedrivePolicy": {
                        "deadLetterTargetArn": {"Fn::GetAtt": ["Dlq", "Arn"]},
                        "maxReceiveCount": 3,
                    },
                },
            },
            "Fifo": {
                "Type": "AWS::SQS::Queue",
                "Properties": {"FifoQueue": True, "ContentBasedDeduplication": True},
            },
            "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "hello"}},
            "Subscription": {
                "Type": "AWS::SNS::Subscription",
                "Properties": {
                    "TopicArn": {"Ref": "Topic"},
                    "Protocol": "sqs",
                    "Endpoint": {"Fn::GetAtt": ["Queue", "Arn"]},
                    "RawMessageDelivery": "true",
                },
            },
            "QueuePolicy": {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [{"Ref": "Queue"}],
                    "PolicyDocument": {
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "sns.amazonaws.com"},
                                "Action": "sqs:SendMessage",
                                "Resource": {"Fn::GetAtt": ["Queue", "Arn"]},
                            }
                        ]
                    },
                },
            },
            "TopicPolicy": {
                "Type": "AWS::SNS::TopicPolicy",
                "Properties": {
                    "Topics": [{"Ref": "Topic"}],
                    "PolicyDocument": {
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": "*",
                                "Action": "sns:Publish",
                                "Resource": {"Ref": "Topic"},
                            }
                        ]
                    },
                },
            },
        },
        "Outputs": {
            "QueueUrl": {"Value": {"Ref": "Queue"}},
            "FifoName": {"Value": {"Fn::GetAtt": ["Fifo", "QueueName"]}},
            "TopicArn": {"Value": {"Ref": "Topic"}},
            "TopicName": {"Value": {"Fn::GetAtt": ["Topic", "TopicName"]}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template)
    sqs, sns = aws_client("sqs"), aws_client("sns")
    attributes = sqs.get_queue_attributes(QueueUrl=out["QueueUrl"], AttributeNames=["All"])["Attributes"]
    assert attributes["VisibilityTimeout"] == "45"
    assert json.loads(attributes["RedrivePolicy"])["maxReceiveCount"] == 3
    assert "sns.amazonaws.com" in attributes["Policy"]
    assert out["FifoName"].endswith(".fifo")
    assert out["TopicArn"].endswith(":" + out["TopicName"])
    topic_attributes = sns.get_topic_attributes(TopicArn=out["TopicArn"])["Attributes"]
    assert topic_attributes["DisplayName"] == "hello"
    assert "sns:Publish" in topic_attributes["Policy"]
    # The subscription delivers: a real cross-service path.
    sns.publish(TopicArn=out["TopicArn"], Message="through-cfn")
    messages = sqs.receive_message(QueueUrl=out["QueueUrl"], WaitTimeSeconds=5)["Messages"]
    assert messages[0]["Body"] == "through-cfn"
    delete(cf, name)
    assert out["TopicArn"] not in [t["TopicArn"] for t in sns.list_topics()["Topics"]]


def test_dynamodb_table(cf, aws_client, cleanup, unique_name):
    name = unique_name("ddb")
    template = {
        "Resources": {
            "Table": {
                "Type": "AWS::DynamoDB::Table",
                "Properties": {
                    "AttributeDefinitions": [
                        {"AttributeName": "pk", "AttributeType": "S"},
                        {"AttributeName": "gsi", "AttributeType": "S"},
                    ],
                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                    "BillingMode": "PAY_PER_REQUEST",
                    "GlobalSecondaryIndexes": [
                        {
                            "IndexName": "byGsi",
                            "KeySchema": [{"AttributeName": "gsi", "KeyType": "HASH"}],
                            "Projection": {"ProjectionType": "ALL"},
                        }
                    ],
                    "StreamSpecification": {"StreamViewType": "NEW_IMAGE"},
                    "TimeToLiveSpecification": {"AttributeName": "ttl", "Enabled": True},
                },
            }
        },
        "Outputs": {
            "Name": {"Value": {"Ref": "Table"}},
            "Stream": {"Value": {"Fn::GetAtt": ["Table", "StreamArn"]}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template)
    ddb = aws_client("dynamodb")
    table = ddb.describe_table(TableName=out["Name"])["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["GlobalSecondaryIndexes"][0]["IndexName"] == "byGsi"
    assert table["LatestStreamArn"] == out["Stream"]
    ttl = ddb.describe_time_to_live(TableName=out["Name"])["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "ttl"
    delete(cf, name)
    assert out["Name"] not in ddb.list_tables()["TableNames"]


def test_iam_family(cf, aws_client, cleanup, unique_name):
    name = unique_name("iam")
    assume = {
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ]
    }
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
    template = {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": assume,
                    "Policies": [{"PolicyName": "inline", "PolicyDocument": document}],
                },
            },
            "Managed": {
                "Type": "AWS::IAM::ManagedPolicy",
                "Properties": {"PolicyDocument": document, "Roles": [{"Ref": "Role"}]},
            },
            "Extra": {
                "Type": "AWS::IAM::Policy",
                "Properties": {"PolicyName": "extra", "PolicyDocument": document, "Roles": [{"Ref": "Role"}]},
            },
            "Group": {"Type": "AWS::IAM::Group"},
            "User": {"Type": "AWS::IAM::User", "Properties": {"Groups": [{"Ref": "Group"}]}},
            "Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "User"}}},
            "Profile": {"Type": "AWS::IAM::InstanceProfile", "Properties": {"Roles": [{"Ref": "Role"}]}},
        },
        "Outputs": {
            "Role": {"Value": {"Ref": "Role"}},
            "RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}},
            "Managed": {"Value": {"Ref": "Managed"}},
            "User": {"Value": {"Ref": "User"}},
            "KeyId": {"Value": {"Ref": "Key"}},
            "Profile": {"Value": {"Ref": "Profile"}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template, Capabilities=["CAPABILITY_IAM"])
    iam = aws_client("iam")
    role = iam.get_role(RoleName=out["Role"])["Role"]
    assert role["Arn"] == out["RoleArn"]
    assert sorted(iam.list_role_policies(RoleName=out["Role"])["PolicyNames"]) == ["extra", "inline"]
    attached = iam.list_attached_role_policies(RoleName=out["Role"])["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [out["Managed"]]
    assert iam.list_groups_for_user(UserName=out["User"])["Groups"]
    assert iam.list_access_keys(UserName=out["User"])["AccessKeyMetadata"][0]["AccessKeyId"] == out["KeyId"]
    assert (
        iam.get_instance_profile(InstanceProfileName=out["Profile"])["InstanceProfile"]["Roles"][0][
            "RoleName"
        ]
        == out["Role"]
    )
    delete(cf, name)
    with pytest.raises(ClientError):
        iam.get_role(RoleName=out["Role"])
    with pytest.raises(ClientError):
        iam.get_policy(PolicyArn=out["Managed"])


def test_ssm_kms_logs_secrets(cf, aws_client, cleanup, unique_name):
    name = unique_name("misc")
    template = {
        "Resources": {
            "Param": {
                "Type": "AWS::SSM::Parameter",
                "Properties": {"Name": f"/{name}/p", "Type": "String", "Value": "v1"},
            },
            "Key": {
                "Type": "AWS::KMS::Key",
                "Properties": {"Description": "cfn key", "EnableKeyRotation": True},
            },
            "Alias": {
                "Type": "AWS::KMS::Alias",
                "Properties": {"AliasName": f"alias/{name}", "TargetKeyId": {"Ref": "Key"}},
            },
            "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}},
            "Secret": {
                "Type": "AWS::SecretsManager::Secret",
                "Properties": {
                    "GenerateSecretString": {
                        "SecretStringTemplate": '{"username": "admin"}',
                        "GenerateStringKey": "password",
                        "PasswordLength": 20,
                        "ExcludePunctuation": True,
                    }
                },
            },
        },
        "Outputs": {
            "Param": {"Value": {"Fn::GetAtt": ["Param", "Value"]}},
            "KeyId": {"Value": {"Ref": "Key"}},
            "KeyArn": {"Value": {"Fn::GetAtt": ["Key", "Arn"]}},
            "LogGroup": {"Value": {"Ref": "Logs"}},
            "Secret": {"Value": {"Ref": "Secret"}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template)
    assert out["Param"] == "v1"
    assert aws_client("ssm").get_parameter(Name=f"/{name}/p")["Parameter"]["Value"] == "v1"
    kms = aws_client("kms")
    assert kms.describe_key(KeyId=out["KeyId"])["KeyMetadata"]["Arn"] == out["KeyArn"]
    assert kms.get_key_rotation_status(KeyId=out["KeyId"])["KeyRotationEnabled"] is True
    aliases = kms.list_aliases(KeyId=out["KeyId"])["Aliases"]
    assert [a["AliasName"] for a in aliases] == [f"alias/{name}"]
    groups = aws_client("logs").describe_log_groups(logGroupNamePrefix=out["LogGroup"])["logGroups"]
    assert groups[0]["retentionInDays"] == 7
    secret = json.loads(aws_client("secretsmanager").get_secret_value(SecretId=out["Secret"])["SecretString"])
    assert secret["username"] == "admin" and len(secret["password"]) == 20
    delete(cf, name)
    with pytest.raises(ClientError):
        aws_client("ssm").get_parameter(Name=f"/{name}/p")
    assert kms.describe_key(KeyId=out["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_lambda_family(cf, aws_client, cleanup, unique_name):
    name = unique_name("fn")
    template = {
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}},
            "Queue": {"Type": "AWS::SQS::Queue"},
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {"ZipFile": "def handler(event, context):\n    return {'echo': event}\n"},
                    "Environment": {"Variables": {"AB": "1"}},
                    "Timeout": 10,
                },
            },
            "Version": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
            "Alias": {
                "Type": "AWS::Lambda::Alias",
                "Properties": {
                    "FunctionName": {"Ref": "Fn"},
                    "Name": "live",
                    "FunctionVersion": {"Fn::GetAtt": ["Version", "Version"]},
                },
            },
            "Url": {
                "Type": "AWS::Lambda::Url",
                "Properties": {"TargetFunctionArn": {"Fn::GetAtt": ["Fn", "Arn"]}, "AuthType": "NONE"},
            },
            "AliasUrl": {
                "Type": "AWS::Lambda::Url",
                "DependsOn": "Alias",
                "Properties": {
                    "TargetFunctionArn": {"Fn::GetAtt": ["Fn", "Arn"]},
                    "Qualifier": "live",
                    "AuthType": "AWS_IAM",
                },
            },
            "Mapping": {
                "Type": "AWS::Lambda::EventSourceMapping",
                "Properties": {
                    "FunctionName": {"Ref": "Fn"},
                    "EventSourceArn": {"Fn::GetAtt": ["Queue", "Arn"]},
                    "BatchSize": 5,
                },
            },
        },
        "Outputs": {
            "Fn": {"Value": {"Ref": "Fn"}},
            "Alias": {"Value": {"Ref": "Alias"}},
            "Url": {"Value": {"Fn::GetAtt": ["Url", "FunctionUrl"]}},
            "AliasUrl": {"Value": {"Fn::GetAtt": ["AliasUrl", "FunctionUrl"]}},
            "AliasUrlArn": {"Value": {"Fn::GetAtt": ["AliasUrl", "FunctionArn"]}},
            "Mapping": {"Value": {"Ref": "Mapping"}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template, Capabilities=["CAPABILITY_IAM"])
    awslambda = aws_client("lambda")
    config = awslambda.get_function_configuration(FunctionName=out["Fn"])
    assert config["Environment"]["Variables"] == {"AB": "1"} and config["Timeout"] == 10
    result = awslambda.invoke(FunctionName=out["Alias"], Payload=b'{"x": 1}')
    assert json.loads(result["Payload"].read()) == {"echo": {"x": 1}}
    assert awslambda.get_alias(FunctionName=out["Fn"], Name="live")["FunctionVersion"] == "1"
    assert awslambda.get_event_source_mapping(UUID=out["Mapping"])["BatchSize"] == 5
    assert out["Url"].startswith("http")
    assert out["AliasUrl"] != out["Url"] and out["AliasUrlArn"] == out["Alias"]
    alias_url = awslambda.get_function_url_config(FunctionName=out["Fn"], Qualifier="live")
    assert alias_url["FunctionUrl"] == out["AliasUrl"] and alias_url["AuthType"] == "AWS_IAM"
    delete(cf, name)
    with pytest.raises(ClientError):
        awslambda.get_function(FunctionName=out["Fn"])


def test_ecr_repository(cf, aws_client, cleanup, unique_name):
    ecr = aws_client("ecr")
    try:
        ecr.describe_repositories()
    except ClientError as error:
        if error.response["Error"]["Code"] == "ServiceNotSupported":
            pytest.skip("ECR is not served by this build")
        raise
    name = unique_name("ecr")
    template = {
        "Resources": {
            "Repo": {
                "Type": "AWS::ECR::Repository",
                "Properties": {"ImageTagMutability": "IMMUTABLE", "EmptyOnDelete": True},
            }
        },
        "Outputs": {
            "Repo": {"Value": {"Ref": "Repo"}},
            "Uri": {"Value": {"Fn::GetAtt": ["Repo", "RepositoryUri"]}},
        },
    }
    out = _deploy_ok(cf, cleanup, name, template)
    repository = ecr.describe_repositories(repositoryNames=[out["Repo"]])["repositories"][0]
    assert repository["imageTagMutability"] == "IMMUTABLE"
    assert repository["repositoryUri"] == out["Uri"]
    delete(cf, name)
    with pytest.raises(ClientError):
        ecr.describe_repositories(repositoryNames=[out["Repo"]])
