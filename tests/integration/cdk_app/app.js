// A CDK app as users write them: a Lambda asset behind LambdaRestApi, a table and a queue.
const cdk = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");
const apigw = require("aws-cdk-lib/aws-apigateway");
const dynamodb = require("aws-cdk-lib/aws-dynamodb");
const sqs = require("aws-cdk-lib/aws-sqs");
const path = require("path");

const app = new cdk.App();
const stack = new cdk.Stack(app, process.env.STACK_NAME || "CdkApp");
const table = new dynamodb.Table(stack, "Items", { partitionKey: { name: "id", type: dynamodb.AttributeType.STRING }, removalPolicy: cdk.RemovalPolicy.DESTROY });
new sqs.Queue(stack, "Jobs");
const fn = new lambda.Function(stack, "Handler", {
  runtime: lambda.Runtime.NODEJS_20_X,
  handler: "index.handler",
  code: lambda.Code.fromAsset(path.join(__dirname, "handler")),
  environment: { TABLE: table.tableName },
});
table.grantReadWriteData(fn);
const api = new apigw.LambdaRestApi(stack, "Api", { handler: fn });
new cdk.CfnOutput(stack, "ApiId", { value: api.restApiId });
