"""The benchmark's CPU meter: a process tree's CPU between start and stop, read from /proc."""

import os
import subprocess
import sys
import time

import pytest

from fake_portal.bench import cpu

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="Linux /proc")


def test_the_tree_holds_a_child_and_its_cpu_is_counted():
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys; subprocess.run([sys.executable, '-c', {burn!r}])",
        ]
    )
    try:
        deadline = time.monotonic() + 10
        while len(cpu.tree(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(cpu.tree(parent.pid)) == 2  # the parent and the burning child
        meter = cpu.Meter([parent.pid])
        meter.start()
        time.sleep(0.2)
        server, _database = meter.stop()
        assert 0.02 <= server <= 0.5  # it burns, whatever else shares the cores
    finally:
        parent.wait(timeout=10)


def test_processes_are_found_by_name():
    me = open("/proc/self/comm").read().strip()
    assert os.getpid() in cpu.named(me)
