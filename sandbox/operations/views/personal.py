"""An official's own data: what is held about them, downloadable as JSON."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sandbox.operations import personal_data


@login_required
def my_data(request):
    return render(
        request,
        "operations/my_data.html",
        {"sections": personal_data.sections()},
    )


@login_required
def my_data_download(request):
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = HttpResponse(
        personal_data.export_json(request.user), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="du-lieu-cua-toi-{stamp}.json"'
    )
    return response
