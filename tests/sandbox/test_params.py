"""sandbox.params.row_id: ids read by hand from query strings and posts."""

import pytest
from django.urls import reverse

from sandbox.params import row_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7),
        ("000123", 123),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),  # beyond a bigint
        ("", None),
        (None, None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("１２", None),  # full-width digits: int() would read them
        ("-3", None),
        (" 7", None),
        ("7a", None),
    ],
)
def test_only_ascii_digits_that_fit_a_bigint_are_an_id(text, expected):
    assert row_id(text) == expected


def test_a_superscript_province_code_lists_every_province(client, administrator):
    """?tinh=² used to pass str.isdigit() and end in int(): a 500."""
    client.force_login(administrator)
    response = client.get(reverse("operations:official-list"), {"tinh": "²"})
    assert response.status_code == 200
    assert response.context["province"] is None
