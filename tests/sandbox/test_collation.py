"""Vietnamese alphabetical order: the same in Python, in SQLite and in PostgreSQL (ICU)."""

import pytest
from django.db import connection

from sandbox.collation import COLLATION, sort_key, vietnamese
from sandbox.models import Commune

# As a Vietnamese dictionary orders them: Đ after D, Ý Yên (a shorter word) before Yên Đồng,
# tones after letters (Ba < Bà < Bả < Bã < Bá < Bạ), then the next letter.
ORDERED = [
    "Phường Dương",
    "Phường Đông A",
    "Phường Yên Thắng",
    "Xã An",
    "Xã Ân",
    "Xã Ba",
    "Xã Bà",
    "Xã Bả",
    "Xã Bã",
    "Xã Bá",
    "Xã Bạ",
    "Xã Bắc",
    "Xã Ơn",
    "Xã Uông",
    "Xã Ưng",
    "Xã Ý Yên",
    "Xã Yên Đồng",
]


def test_python_orders_as_a_vietnamese_dictionary():
    assert sorted(reversed(ORDERED), key=sort_key) == ORDERED


@pytest.mark.django_db
def test_the_database_orders_the_same_way():
    rows = ", ".join(["(%s)"] * len(ORDERED))
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT column1 FROM (VALUES {rows}) AS t ORDER BY column1 COLLATE "{COLLATION}"',
            list(reversed(ORDERED)),
        )
        assert [row[0] for row in cursor.fetchall()] == ORDERED


@pytest.mark.django_db
def test_every_real_commune_sorts_in_python_as_in_the_database():
    """On PostgreSQL this holds our key to ICU's over the 3,321 real names."""
    names = list(
        Commune.objects.order_by(vietnamese("name"), "code").values_list(
            "name", flat=True
        )
    )
    assert len(names) > 3000
    assert names == sorted(names, key=sort_key)
