"""Counter work scheduled on the sandbox clock: walk-ins, returns, postal arrivals, deliveries.

Registered with fake_portal.simulation, so `tick(sandbox)` (every sandbox page calls it) runs
them when their time comes. Scenario injects schedule the same kinds with their own data:

- counter.walk_in          {citizen, procedure, defects?, seed?}
- counter.supplement_return {items}  (dossier set: the citizen comes back with the papers)
- counter.postal_arrival   {citizen, procedure, addressed_to?, defects?, seed?}
- counter.post_delivery    {item, outcome: delivered|failed, reason?}
"""

import random
from datetime import timedelta

from django.utils.translation import gettext as _

from fake_portal.counter.actions import post, walkins
from fake_portal.counter.models import PostalItem
from fake_portal.errors import WorkflowError
from fake_portal.population.models import Citizen
from fake_portal.simulation import PRACTICE_MIX, handles, schedule

WALK_IN = "counter.walk_in"
SUPPLEMENT_RETURN = "counter.supplement_return"
POSTAL_ARRIVAL = "counter.postal_arrival"
POST_DELIVERY = "counter.post_delivery"
# In practice streams, how often a bundle carries each defect (chosen, not measured).
DEFECT_SHARES = {
    "expired_card": 0.1,
    "birth_date_mismatch": 0.08,
    "missing_page": 0.08,
    "old_district": 0.15,
    "someone_else": 0.05,
    "missing_paper": 0.1,
}


def _citizen(job) -> Citizen:
    citizen = Citizen.objects.filter(
        pk=job.data.get("citizen"), world=job.sandbox.world_id
    ).first()
    if citizen is None:
        raise WorkflowError("citizen not in the sandbox's world")
    return citizen


@handles(WALK_IN)
def _walk_in(job):
    walkins.arrive_walk_in(
        job.sandbox,
        citizen=_citizen(job),
        procedure_code=job.data["procedure"],
        defects=job.data.get("defects", []),
        seed=job.data.get("seed", job.pk),
    )


@handles(SUPPLEMENT_RETURN)
def _supplement_return(job):
    from fake_portal.models import Status

    if job.dossier is None or job.dossier.status != Status.SUPPLEMENT_REQUESTED:
        return
    walkins.return_for_supplement(job.dossier, items=job.data.get("items", []))


@handles(POSTAL_ARRIVAL)
def _postal_arrival(job):
    from sandbox.models import Commune

    unit = job.data.get("addressed_to")
    post.arrive_postal_item(
        job.sandbox,
        citizen=_citizen(job),
        procedure_code=job.data["procedure"],
        addressed_to=Commune.objects.get(pk=unit) if unit else None,
        defects=job.data.get("defects", []),
        seed=job.data.get("seed", job.pk),
    )


@handles(POST_DELIVERY)
def _post_delivery(job):
    item = PostalItem.objects.get(pk=job.data["item"], sandbox=job.sandbox)
    if item.attempts != job.data.get("attempt", item.attempts):
        return  # a later attempt superseded this one
    post.settle_delivery(
        item,
        outcome=job.data.get("outcome", "delivered"),
        reason=job.data.get("reason", ""),
    )


def _adult(sandbox, rng):
    people = Citizen.objects.for_world(sandbox.world).filter(
        alive=True, birth_date__year__lte=2007
    )
    local = people.filter(permanent_commune=sandbox.commune)
    pool = local if local.exists() else people
    count = pool.count()
    return pool.order_by("pk")[rng.randrange(count)] if count else None


def _defects(rng) -> list[str]:
    return [name for name, share in DEFECT_SHARES.items() if rng.random() < share]


def schedule_walk_in(sandbox, run_at, *, citizen, procedure, defects=(), seed=None):
    return schedule(
        sandbox,
        WALK_IN,
        run_at,
        citizen=citizen.pk,
        procedure=procedure,
        defects=list(defects),
        seed=seed,
    )


def schedule_postal_arrival(
    sandbox, run_at, *, citizen, procedure, addressed_to=None, defects=(), seed=None
):
    return schedule(
        sandbox,
        POSTAL_ARRIVAL,
        run_at,
        citizen=citizen.pk,
        procedure=procedure,
        addressed_to=addressed_to.pk if addressed_to else None,
        defects=list(defects),
        seed=seed,
    )


def _stream_jobs(sandbox):
    from fake_portal.models import ScheduledAction

    return ScheduledAction.objects.filter(
        sandbox=sandbox,
        kind__in=[WALK_IN, POSTAL_ARRIVAL],
        data__seed__startswith=f"stream:{sandbox.pk}:",
    )


def start_counter_stream(
    sandbox, *, walk_ins: int = 6, postal: int = 2, every=timedelta(minutes=25)
) -> int:
    """Free practice at the counter: citizens arrive one after another, some by post.

    One stream at a time (a second click must not send everyone twice); a later stream
    brings other citizens than the earlier ones."""
    jobs = _stream_jobs(sandbox)
    if jobs.filter(done_at__isnull=True).exists():
        raise WorkflowError(
            _(
                "Công dân mô phỏng của lượt mời trước vẫn đang lần lượt đến quầy. Hãy "
                "phục vụ họ; khi tất cả đã đến, bạn có thể mời thêm."
            )
        )
    earlier = jobs.count()
    rng = random.Random(
        f"counter-stream:{sandbox.pk}:{earlier}"
        if earlier
        else f"counter-stream:{sandbox.pk}"
    )
    now, planned = sandbox.now(), 0
    codes, weights = list(PRACTICE_MIX), list(PRACTICE_MIX.values())
    for index in range(walk_ins + postal):
        citizen = _adult(sandbox, rng)
        if citizen is None:
            break
        run_at = now + every * index
        procedure = rng.choices(codes, weights=weights)[0]
        seed = f"stream:{sandbox.pk}:{earlier + index}"
        if index < walk_ins:
            schedule_walk_in(
                sandbox,
                run_at,
                citizen=citizen,
                procedure=procedure,
                defects=_defects(rng),
                seed=seed,
            )
        else:
            schedule_postal_arrival(
                sandbox,
                run_at,
                citizen=citizen,
                procedure=procedure,
                defects=_defects(rng),
                seed=seed,
            )
        planned += 1
    return planned
