import os
import time

COLD = {"started": time.time()}


def handler(event, context):
    print("event received", event)
    if event.get("sleep"):
        time.sleep(event["sleep"])
    return {
        "event": event,
        "pid": os.getpid(),
        "request_id": context.aws_request_id,
        "function_arn": context.invoked_function_arn,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "memory": context.memory_limit_in_mb,
        "remaining": context.get_remaining_time_in_millis(),
        "log_group": context.log_group_name,
        "log_stream": context.log_stream_name,
        "env": {
            k: v for k, v in os.environ.items() if k.startswith(("AWS_", "STAGE", "_HANDLER", "LAMBDA_"))
        },
        "cwd": os.getcwd(),
    }
