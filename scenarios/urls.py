from django.urls import path

from scenarios.views import pages, trainee, trainer

app_name = "scenarios"

urlpatterns = [
    path("", trainee.library, name="library"),
    path("schema.json", pages.schema, name="schema"),
    path("huong-dan/", pages.guide, name="guide"),
    path("luot/<int:pk>/", trainee.attempt_page, name="attempt"),
    path("luot/<int:pk>/nop-bai/", trainee.finish, name="finish"),
    path("luot/<int:pk>/dong-ho/", trainee.clock, name="clock"),
    path("luot/<int:pk>/ket-qua/", trainee.result, name="result"),
    path("<slug:slug>/bat-dau/", trainee.start, name="start"),
    path("<slug:slug>/thong-ke/", trainer.stats, name="stats"),
]
