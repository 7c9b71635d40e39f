"""Who each procedure of the catalogue applies to, as QuerySets over one world.

Scenarios pick applicants from here; the test suite checks that every procedure of the
catalogue finds people in a generated world. The criteria are the natural applicant of
each procedure (e.g. marriage: unmarried adults of legal age), not legal eligibility.
"""

from datetime import date

from django.db.models import Q

from fake_portal.population.generator.identity import add_years
from fake_portal.population.generator.tables import load
from fake_portal.population.models import (
    Citizen,
    CivilStatusRecord,
    DataDefect,
    LandParcel,
    MaritalStatus,
    Sex,
)


def reference_date() -> date:
    return load("demography")["reference_date"]


def born_before(years: int) -> date:
    return add_years(reference_date(), -years)


def _adults(world):
    return (
        Citizen.objects.for_world(world)
        .alive()
        .originals()
        .filter(birth_date__lte=born_before(18))
    )


def parents_of_newborn(world):
    """Married women 18–45 (birth registration of a new child)."""
    return _adults(world).filter(
        sex=Sex.FEMALE,
        marital_status=MaritalStatus.MARRIED,
        birth_date__gte=born_before(45),
    )


def unmarried_adults(world):
    return _adults(world).filter(
        Q(sex=Sex.MALE, birth_date__lte=born_before(20)) | Q(sex=Sex.FEMALE),
        marital_status__in=[
            MaritalStatus.SINGLE,
            MaritalStatus.DIVORCED,
            MaritalStatus.WIDOWED,
        ],
    )


def relatives_of_elderly(world):
    """Adults living with someone 75+ (who may register that person's death)."""
    old = (
        Citizen.objects.for_world(world).alive().filter(birth_date__lte=born_before(75))
    )
    return (
        _adults(world)
        .filter(household__in=old.values("household"))
        .exclude(birth_date__lte=born_before(75))
    )


def with_birth_record(world):
    ids = CivilStatusRecord.objects.filter(world=world, kind="birth").values("subject")
    return _adults(world).filter(pk__in=ids)


def minors_without_parents(world):
    return (
        Citizen.objects.for_world(world)
        .alive()
        .filter(
            birth_date__gt=born_before(18), father__isnull=True, mother__isnull=True
        )
    )


def children_without_father(world):
    return (
        Citizen.objects.for_world(world)
        .alive()
        .filter(father__isnull=True, mother__isnull=False)
    )


def with_civil_status_defect(world):
    kinds = [DataDefect.Kind.NAME_MISMATCH, DataDefect.Kind.BIRTH_DATE_MISMATCH]
    return Citizen.objects.for_world(world).filter(defects__kind__in=kinds).distinct()


def with_temporary_residence(world):
    return _adults(world).filter(temporary_commune__isnull=False)


def land_users(world):
    return _adults(world).filter(land_parcels__isnull=False).distinct()


def land_without_certificate(world):
    ids = LandParcel.objects.filter(world=world, certificate_number="").values("owner")
    return _adults(world).filter(pk__in=ids)


def land_with_certificate(world):
    ids = (
        LandParcel.objects.filter(world=world)
        .exclude(certificate_number="")
        .values("owner")
    )
    return _adults(world).filter(pk__in=ids)


def working_age_without_business(world):
    return _adults(world).filter(
        birth_date__gte=born_before(65), businesses__isnull=True
    )


def allowance_candidates(world):
    """People 80+ or with a disability grant, and single parents (allowance files)."""
    return (
        Citizen.objects.for_world(world)
        .alive()
        .filter(Q(birth_date__lte=born_before(80)) | Q(allowances__isnull=False))
        .distinct()
    )


def funeral_support_candidates(world):
    """Relatives of an allowance beneficiary (funeral support when the beneficiary dies)."""
    households = (
        Citizen.objects.for_world(world)
        .filter(allowances__isnull=False)
        .values("household")
    )
    return _adults(world).filter(household__in=households, allowances__isnull=True)


def drivers(world):
    return _adults(world).filter(birth_date__gte=born_before(70))


APPLICANTS = {
    "1.001193": parents_of_newborn,
    "LT.001": parents_of_newborn,
    "1.003583": parents_of_newborn,
    "1.000894": unmarried_adults,
    "1.000656": relatives_of_elderly,
    "LT.002": relatives_of_elderly,
    "1.004884": with_birth_record,
    "1.004837": minors_without_parents,
    "1.001022": children_without_father,
    "1.004873": unmarried_adults,
    "1.004859": with_civil_status_defect,
    "2.000635": with_birth_record,
    "2.000815": _adults,
    "2.000884": _adults,
    "2.001035": land_with_certificate,
    "1.004222": with_temporary_residence,
    "1.004194": _adults,
    "1.002755": with_temporary_residence,
    "1.001612": working_age_without_business,
    "1.009994": land_users,
    "1.013978": land_without_certificate,
    "1.001776": allowance_candidates,
    "1.001731": funeral_support_candidates,
    "1.001699": allowance_candidates,
    "2.001610": working_age_without_business,
    "2.002623": drivers,
    "2.000488": _adults,
    "1.012753": _adults,
    "1.013831": land_with_certificate,
}


def applicants(world, procedure_code: str):
    """Citizens of `world` that procedure `procedure_code` naturally applies to."""
    finder = APPLICANTS.get(procedure_code, _adults)
    return finder(world)
