exports.handler = async (event, context) => {
  console.log('event received', JSON.stringify(event));
  if (event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep * 1000));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => /^(AWS_|STAGE|_HANDLER|LAMBDA_)/.test(k)),
  );
  return {
    event,
    pid: process.pid,
    request_id: context.awsRequestId,
    function_arn: context.invokedFunctionArn,
    function_name: context.functionName,
    function_version: context.functionVersion,
    memory: context.memoryLimitInMB,
    remaining: context.getRemainingTimeInMillis(),
    log_group: context.logGroupName,
    log_stream: context.logStreamName,
    env,
    cwd: process.cwd(),
  };
};
