"""collector.paused: the cyclic collector is off inside, on again after the last overlapping pause."""

import gc
import threading
import weakref

from localstack.utils import collector


def test_nested_and_overlapping_pauses_restore_the_collector() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()

    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector.paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with collector.paused():
        pass
    assert not gc.isenabled()  # the other thread's pause still runs
    release.set()
    thread.join()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_what_a_pause_made_goes_to_the_oldest_generation_and_its_cycles_are_still_freed() -> None:
    gc.collect()
    with collector.paused():
        kept = [[index] for index in range(5000)]
        cycle = weakref.ref(_Cycle())  # garbage made during the pause
    young = {id(item) for item in gc.get_objects(generation=0)}
    assert not any(id(item) in young for item in kept)
    assert gc.get_count()[0] < 100  # the young count starts again
    assert gc.get_freeze_count() == 0  # nothing is left out of the collector for good
    assert cycle() is not None
    gc.collect()
    assert cycle() is None  # a full pass frees the cycle
