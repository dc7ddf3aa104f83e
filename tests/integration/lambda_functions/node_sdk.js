const { S3Client, PutObjectCommand, ListBucketsCommand } = require('@aws-sdk/client-s3');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

exports.handler = async (event, context) => {
  const s3 = new S3Client({});
  await s3.send(new PutObjectCommand({ Bucket: event.bucket, Key: event.key, Body: JSON.stringify({ from: context.functionName }) }));
  if (event.queue_url) {
    await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: event.queue_url, MessageBody: JSON.stringify(event) }));
  }
  const listed = await s3.send(new ListBucketsCommand({}));
  return { buckets: listed.Buckets.map((b) => b.Name) };
};
