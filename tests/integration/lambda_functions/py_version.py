VERSION = "v1"


def handler(event, context):
    return {"version": VERSION, "arn": context.invoked_function_arn}
