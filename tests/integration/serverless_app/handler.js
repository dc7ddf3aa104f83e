// Handlers of the Serverless Framework test service: an HTTP endpoint and an SQS consumer that
// writes each message body to an SSM parameter, so the test can see it was called.
const { SSMClient, PutParameterCommand } = require("@aws-sdk/client-ssm");

module.exports.hello = async (event) => ({ statusCode: 200, body: JSON.stringify({ ok: true, path: event.path }) });

module.exports.consume = async (event) => {
  const ssm = new SSMClient({});
  for (const record of event.Records) {
    await ssm.send(new PutParameterCommand({ Name: "/sls-test/last", Value: record.body, Type: "String", Overwrite: true }));
  }
  return {};
};
