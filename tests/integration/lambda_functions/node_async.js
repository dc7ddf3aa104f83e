const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

exports.handler = async (event, context) => {
  if (event.report_queue) {
    await new SQSClient({}).send(new SendMessageCommand({
      QueueUrl: event.report_queue,
      MessageBody: JSON.stringify({ request_id: context.awsRequestId, pid: process.pid, event }),
    }));
  }
  if (event.fail) throw new Error('asked to fail');
  return { ok: true, echo: event };
};
