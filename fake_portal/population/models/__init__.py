"""The mock national population database of one world: citizens, households, records.

Rows are written in bulk by the loader (fake_portal.population.loader) and are read-only
afterwards: officials only look people up. Every look-up is audited (PopulationLookup).
A Citizen row holds what the DATABASE says; where a deliberate data defect makes the
citizen's papers differ, the paper value is kept on the DataDefect row (see papers.py).
"""

from fake_portal.population.models.audit import (
    PopulationLookup,
    PopulationLookupQuerySet,
)
from fake_portal.population.models.people import (
    Citizen,
    CitizenQuerySet,
    Household,
    HouseholdQuerySet,
    MaritalStatus,
    Relation,
    Sex,
    WorldRecipe,
)
from fake_portal.population.models.records import (
    BusinessHousehold,
    CivilStatusRecord,
    DataDefect,
    LandParcel,
    SocialAllowance,
)

__all__ = [
    "BusinessHousehold",
    "Citizen",
    "CitizenQuerySet",
    "CivilStatusRecord",
    "DataDefect",
    "Household",
    "HouseholdQuerySet",
    "LandParcel",
    "MaritalStatus",
    "PopulationLookup",
    "PopulationLookupQuerySet",
    "Relation",
    "SocialAllowance",
    "Sex",
    "WorldRecipe",
]
