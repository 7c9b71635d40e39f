"""A web process builds what it keeps for its life before its first request."""

import gc
import importlib

import pytest

from fake_portal import deadlines
from fake_portal.catalogue import _load_default
from sandbox import warmup


def test_warm_up_runs_every_registered_step_and_freezes_what_start_up_built():
    ran = []
    warmup.register("test-step", lambda: ran.append(True))
    try:
        _load_default.cache_clear()
        deadlines._holidays.cache_clear()
        timings = warmup.warm_up()
    finally:
        warmup._STEPS.pop("test-step")
        gc.unfreeze()
    assert ran == [True]
    assert {"urls", "catalogue", "holidays", "test-step"} <= set(timings)
    assert _load_default.cache_info().currsize == 1
    assert deadlines._holidays.cache_info().currsize == 2


def test_a_step_is_registered_once_per_name():
    warmup.register("test-once", lambda: 1)
    warmup.register("test-once", lambda: 2)
    try:
        assert warmup._STEPS["test-once"]() == 1
    finally:
        warmup._STEPS.pop("test-once")


@pytest.mark.parametrize("entry_point", ["sandbox.wsgi", "sandbox.asgi"])
def test_the_web_entry_points_warm_up_before_serving(entry_point):
    module = importlib.import_module(entry_point)
    _load_default.cache_clear()
    try:
        importlib.reload(module)
    finally:
        gc.unfreeze()
    assert _load_default.cache_info().currsize == 1
    assert callable(module.application)
