from sandbox.operations.models.accounts import OfficialAccount, StaffView
from sandbox.operations.models.cohorts import Cohort
from sandbox.operations.models.events import OperationEvent
from sandbox.operations.models.health import PeriodicRun, WorkerHeartbeat
from sandbox.operations.models.imports import ImportRecord, OfficialImport

__all__ = [
    "Cohort",
    "ImportRecord",
    "OfficialAccount",
    "OfficialImport",
    "OperationEvent",
    "PeriodicRun",
    "StaffView",
    "WorkerHeartbeat",
]
