"""CPU seconds used by processes, read from /proc (Linux), to say where a load's time went."""

import os
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:  # gone, or not Linux
        return None
    return text[text.rindex(")") + 2 :].split()  # fields after "(comm)"


def _seconds(fields) -> float:
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def tree(pid: int) -> list[int]:
    """`pid` and every process descended from it."""
    parents = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def named(name: str) -> list[int]:
    """Processes whose command is `name` (PostgreSQL's server processes: "postgres")."""
    pids = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def used(pids) -> dict[int, float]:
    """CPU seconds so far of each process still running."""
    return {pid: _seconds(f) for pid in pids if (f := _stat(pid))}


class Meter:
    """CPU used between start() and stop() by the process trees of `server_pids` and by
    PostgreSQL's processes (those running at stop(): a backend that exits meanwhile is
    not counted)."""

    def __init__(self, server_pids):
        self.server_pids = list(server_pids)

    def _servers(self) -> list[int]:
        return [pid for root in self.server_pids for pid in tree(root)]

    def start(self):
        self._before = used(self._servers() + named("postgres"))

    def stop(self) -> tuple[float, float]:
        """(server seconds, PostgreSQL seconds)."""
        server = used(self._servers())
        database = used(named("postgres"))

        def spent(now):
            return sum(t - self._before.get(pid, 0.0) for pid, t in now.items())

        return spent(server), spent(database)
