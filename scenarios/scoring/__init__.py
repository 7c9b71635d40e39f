"""The scoring engine: a pure function from a rubric and an event log to a score.

The same rubric and the same events always give the same result, whatever order the list
comes in (it is sorted by time, then seq). A rubric is compiled once per content
(`rubric.compiled`), then each log is indexed by the (action, dossier) pairs it asks for.
"""

from scenarios.scoring.engine import judge, score
from scenarios.scoring.results import (
    FORBIDDEN,
    LATE,
    MET,
    MISSED,
    WRONG,
    WRONG_ORDER,
    ItemResult,
    ScoreResult,
)
from scenarios.scoring.rubric import compiled

__all__ = [
    "FORBIDDEN",
    "LATE",
    "MET",
    "MISSED",
    "WRONG",
    "WRONG_ORDER",
    "ItemResult",
    "ScoreResult",
    "compiled",
    "judge",
    "score",
]
