import shared_helper


def handler(event, context):
    return {"greeting": shared_helper.greet(event.get("name", "world"))}
