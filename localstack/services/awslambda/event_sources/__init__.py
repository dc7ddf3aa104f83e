"""Event source mappings: pollers that read SQS, Kinesis and DynamoDB Streams and invoke functions."""
