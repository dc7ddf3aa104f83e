import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

export const handler = async (event, context) => {
  const s3 = new S3Client({});
  await s3.send(new PutObjectCommand({ Bucket: event.bucket, Key: event.key, Body: 'from esm' }));
  return { style: 'esm', function_name: context.functionName };
};
