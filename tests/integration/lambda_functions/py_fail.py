import sys
import time


class CustomError(Exception):
    pass


def raises(event, context):
    raise CustomError(f"boom: {event.get('why', 'no reason')}")


def sleeps(event, context):
    print("going to sleep")
    time.sleep(event.get("seconds", 30))
    return "woke up"


def exits(event, context):
    print("exiting")
    sys.exit(3)


def not_json(event, context):
    return {1, 2, 3}
