"""Dossiers of a live inject or demand surge arrive when the team's clock reaches them.

Registered with fake_portal.simulation.handles(), so the sandbox tick files them like any
other simulated citizen's dossier.
"""

from fake_portal import simulation
from scenarios.drills.actions.injects import SURGE_JOB


@simulation.handles(SURGE_JOB)
def file_surge_dossier(job) -> None:
    simulation.generate_dossier(
        job.sandbox,
        seed=job.data.get("seed", job.pk),
        procedure_code=job.data.get("procedure"),
        channel=job.data.get("channel"),
    )
