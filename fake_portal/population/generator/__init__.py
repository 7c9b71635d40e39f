"""Pure, deterministic, streaming generator of a synthetic population (no ORM).

`generate(spec)` yields one `HouseholdBundle` per household, in order; each bundle holds
plain row tuples with world-local ids (see rows.py). The loader offsets the ids and writes
the rows; nothing here touches the database.

Its modules normally run compiled (see population/native.py).
"""

from fake_portal.population import native

native.use_sources_when_stale()  # before any of the modules is imported

from fake_portal.population.generator.identity import (  # noqa: E402
    IdNumberError,
    build_id_number,
    card_expiry,
    parse_id_number,
    validate_id_number,
)
from fake_portal.population.generator.world import (  # noqa: E402
    CommuneInfo,
    HouseholdBundle,
    WorldSpec,
    generate,
)

__all__ = [
    "CommuneInfo",
    "HouseholdBundle",
    "IdNumberError",
    "WorldSpec",
    "build_id_number",
    "card_expiry",
    "generate",
    "parse_id_number",
    "validate_id_number",
]
