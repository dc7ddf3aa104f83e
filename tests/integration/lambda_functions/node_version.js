const VERSION = 'v1';
exports.handler = async (event, context) => ({ version: VERSION, arn: context.invokedFunctionArn });
