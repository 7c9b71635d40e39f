from fake_portal.models.dossiers import (
    Channel,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierForm,
    Stage,
    Status,
)
from fake_portal.models.seats import Seat
from fake_portal.models.simulation import ScheduledAction

__all__ = [
    "Channel",
    "Dossier",
    "DossierDocument",
    "DossierEvent",
    "DossierForm",
    "ScheduledAction",
    "Seat",
    "Stage",
    "Status",
]
