"""sandbox/includes/field.html: what the widget's aria-describedby names exists."""

import re

from django import forms
from django.template.loader import render_to_string


class Sample(forms.Form):
    number = forms.CharField(label="Số", help_text="12 chữ số.")
    channel = forms.ChoiceField(
        label="Kênh",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        help_text="Chọn một kênh.",
    )
    note = forms.CharField(label="Ghi chú", required=False)


def _render(form):
    return "".join(
        render_to_string("sandbox/includes/field.html", {"field": field})
        for field in form
    )


def _described_ids(html):
    return [
        ident
        for value in re.findall(r'aria-describedby="([^"]*)"', html)
        for ident in value.split()
    ]


def test_help_and_errors_are_named_by_the_ids_the_fields_point_to():
    html = _render(Sample(data={"number": "", "channel": "x"}))
    described = _described_ids(html)
    assert set(described) == {
        "id_number_helptext",
        "id_number_error",
        "id_channel_helptext",
        "id_channel_error",
    }
    for ident in described:
        assert html.count(f'id="{ident}"') == 1, ident
    assert 'id="id_number_error" role="alert"' in html


def test_a_field_without_help_or_errors_points_nowhere():
    html = _render(Sample(data={"number": "1", "channel": "a"}))
    assert _described_ids(html) == ["id_number_helptext", "id_channel_helptext"]
    assert 'role="alert"' not in html
