"""What a backup must bring back: headline counts and checks that other apps declare.

- `register_count(name, fn)`: fn(using) → int, e.g. "attempts", "certificates";
- `register_verifier(name, fn)`: fn(using) → (checked, [problems]), e.g. every issued
  certificate still verifies against its signing key.

Both take a database alias, so that a restore can be checked in a scratch database.
Besides these, every table's row count is recorded and compared.
"""

from django.apps import apps
from django.db import connections

_counts = {}
_verifiers = {}


def register_count(name: str, fn) -> None:
    _counts[name] = fn


def register_verifier(name: str, fn) -> None:
    _verifiers[name] = fn


def headline_counts(using: str = "default") -> dict:
    return {name: fn(using) for name, fn in _counts.items()}


def run_verifiers(using: str = "default") -> dict:
    results = {}
    for name, fn in _verifiers.items():
        checked, problems = fn(using)
        results[name] = {"checked": checked, "problems": list(problems)}
    return results


def table_names() -> list[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables)


def table_counts(using: str = "default") -> dict:
    """Rows in every table of every installed model, read on `using`."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names():
            if table in existing:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"
                )
                counts[table] = cursor.fetchone()[0]
    return counts
