"""The file format's public pages: the JSON Schema and the authoring guide."""

from django.http import HttpResponse
from django.shortcuts import render

from scenarios.guide import guide_html
from scenarios.spec import schema_text


def schema(request):
    response = HttpResponse(
        schema_text(), content_type="application/schema+json; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def guide(request):
    return render(request, "scenarios/guide.html", {"body": guide_html()})
