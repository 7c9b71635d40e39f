"""The command line: python -m tools.drill_load --help."""

import argparse
import asyncio
import json

import tools.drill_load
from tools.drill_load.common import check_loopback
from tools.drill_load.hold import hold
from tools.drill_load.run import run


def parse(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.drill_load",
        description=tools.drill_load.__doc__.split("\n\n")[0],
    )
    parser.add_argument(
        "--base",
        required=True,
        type=lambda s: s.split(","),
        help="server URL(s), comma-separated, loopback only",
    )
    parser.add_argument("--drill", type=int, required=True)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument(
        "--seconds",
        type=float,
        default=120,
        help="how long participants work after the start",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=30,
        help="seconds over which participants arrive in the lobby",
    )
    parser.add_argument(
        "--tail",
        type=float,
        default=5,
        help="seconds sockets keep listening after work stops",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=30,
        help="mean seconds a participant thinks before an action",
    )
    parser.add_argument(
        "--viewers", type=int, default=2, help="coordinator dashboard sockets"
    )
    parser.add_argument(
        "--coordinator-base",
        default="",
        help="server URL the dashboard sockets use (default: the participants' servers)",
    )
    parser.add_argument(
        "--surge",
        type=int,
        default=0,
        help="dossiers per commune in a surge fired mid-run",
    )
    parser.add_argument("--http-connections", type=int, default=64)
    parser.add_argument("--start", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--cookies", default="var/drill-load/cookies.json")
    parser.add_argument("--out", default="var/drill-load/results.json")
    parser.add_argument(
        "--hold",
        type=int,
        default=0,
        help="hold this many sockets on the first server instead",
    )
    parser.add_argument(
        "--hold-rate",
        type=float,
        default=100,
        help="new sockets per second when holding",
    )
    args = parser.parse_args(argv)
    for base in [*args.base, *filter(None, [args.coordinator_base])]:
        check_loopback(base)
    return args


def main(argv=None):
    args = parse(argv)
    summary = asyncio.run(hold(args) if args.hold else run(args))
    print(json.dumps(summary, indent=2))
    return summary
