// Test function for event source mappings, in Node.js: the same contract as recorder.py.
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

const sqs = new SQSClient({});

function text(record) {
  if ('body' in record) return record.body;
  if ('kinesis' in record) return Buffer.from(record.kinesis.data, 'base64').toString('utf8');
  return JSON.stringify(record.dynamodb || {});
}

function identifier(record) {
  if ('messageId' in record) return record.messageId;
  if ('kinesis' in record) return record.kinesis.sequenceNumber;
  return record.dynamodb.SequenceNumber;
}

exports.handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.RESULT_QUEUE_URL, MessageBody: JSON.stringify(event) }));
  const mode = process.env.MODE || 'ok';
  const marked = event.Records.filter((record) => text(record).includes('fail'));
  if (mode === 'fail' || (mode === 'fail-marked' && marked.length)) throw new Error('failing as asked');
  if (mode === 'partial') return { batchItemFailures: marked.map((record) => ({ itemIdentifier: identifier(record) })) };
  return {};
};
