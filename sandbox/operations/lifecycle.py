"""Which sandboxes may be archived or purged, and how much room each kind takes.

Other apps declare what they need from AppConfig.ready(), without the core importing them:

- `register_sandbox_keeper(fn)`: fn() returns ids of sandboxes that must never be purged
  (an attempt's score, a certificate, a report reads their events);
- `register_archiver(fn)`: fn(sandbox) deletes that app's working rows of an archived
  sandbox (never its event log) and returns how many rows it removed.

Whatever is declared, any row of an app outside the portal's working apps that points at
a sandbox pins it too: a new reader is safe before it registers anything.
"""

from django.apps import apps
from django.db import connection, models
from django.db.models import Count

from sandbox.models import Sandbox

# Apps whose rows are a sandbox's own working rows (deleted with it); a foreign key to a
# sandbox from any other app means "this sandbox is read by someone".
WORKING_APPS = {"sandbox", "fake_portal", "signatures", "population", "operations"}

_keepers = []
_archivers = []


def register_sandbox_keeper(fn) -> None:
    if fn not in _keepers:
        _keepers.append(fn)


def register_archiver(fn) -> None:
    if fn not in _archivers:
        _archivers.append(fn)


def sandbox_links():
    """(model, field name) of every foreign key to Sandbox, in every installed app."""
    links = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is Sandbox
                and model is not Sandbox
            ):
                links.append((model, field.name))
    return links


def _reader_links():
    return [(m, f) for m, f in sandbox_links() if m._meta.app_label not in WORKING_APPS]


def kept_ids(candidates=None) -> set:
    """Ids of sandboxes that something still reads (scores, certificates, reports)."""
    kept = set()
    for fn in _keepers:
        kept.update(fn())
    for model, name in _reader_links():
        rows = model._default_manager.exclude(**{f"{name}__isnull": True})
        if candidates is not None:
            rows = rows.filter(**{f"{name}__in": candidates})
        kept.update(rows.values_list(name, flat=True).distinct())
    return kept


def is_kept(sandbox_id: int) -> bool:
    return sandbox_id in kept_ids([sandbox_id])


def _activity_links():
    # A row with a creation time that points at a sandbox is activity in it (its own events,
    # dossier events, signatures, uploads…).
    for model, name in sandbox_links():
        if any(f.name == "created_at" for f in model._meta.concrete_fields):
            yield model, name


def idle_practice(cutoff):
    """Practice sandboxes with no activity since `cutoff`, not kept by anyone."""
    sandboxes = Sandbox.objects.filter(
        kind=Sandbox.Kind.PRACTICE, created_at__lt=cutoff
    )
    for model, name in _activity_links():
        # NOT IN over a NULL would exclude everything: nullable links drop their NULLs.
        recent = model._default_manager.filter(
            created_at__gte=cutoff, **{f"{name}__isnull": False}
        ).values(name)
        sandboxes = sandboxes.exclude(pk__in=recent)
    kept = kept_ids(list(sandboxes.values_list("pk", flat=True)))
    return sandboxes.exclude(pk__in=kept).order_by("pk")


def row_counts(sandbox_id: int) -> dict:
    counts = {}
    for model, name in sandbox_links():
        n = model._default_manager.filter(**{name: sandbox_id}).count()
        if n:
            counts[model._meta.label] = n
    return counts


def run_archivers(sandbox) -> int:
    return sum(int(fn(sandbox) or 0) for fn in _archivers)


# --- storage report -------------------------------------------------------------------------


def storage_by_world_and_kind() -> list[dict]:
    """Per (world, sandbox kind): sandboxes, and rows of each model that belongs to them."""
    report = {}
    base = Sandbox.objects.values("world_id", "world__name", "kind")
    for row in base.annotate(n=Count("pk")):
        key = (row["world_id"], row["kind"])
        report[key] = {
            "world": row["world_id"],
            "world_name": row["world__name"],
            "kind": row["kind"],
            "sandboxes": row["n"],
            "rows": {},
        }
    for model, name in sandbox_links():
        counted = (
            model._default_manager.values(f"{name}__world_id", f"{name}__kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in counted:
            key = (row[f"{name}__world_id"], row[f"{name}__kind"])
            if key in report:
                report[key]["rows"][model._meta.label] = row["n"]
    return sorted(report.values(), key=lambda r: (r["world"], r["kind"]))


def table_sizes(model_labels) -> dict:
    """Bytes on disk per model table (PostgreSQL only; SQLite reports nothing)."""
    if connection.vendor != "postgresql":
        return {}
    sizes = {}
    with connection.cursor() as cursor:
        for label in model_labels:
            table = apps.get_model(label)._meta.db_table
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            sizes[label] = cursor.fetchone()[0]
    return sizes
