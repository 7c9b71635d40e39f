from django.urls import path

from scenarios.views import pages, sessions, trainee, trainer

app_name = "scenarios"

urlpatterns = [
    path("", trainee.library, name="library"),
    path("schema.json", pages.schema, name="schema"),
    path("huong-dan/", pages.guide, name="guide"),
    path("luot/<int:pk>/", trainee.attempt_page, name="attempt"),
    path("luot/<int:pk>/nop-bai/", trainee.finish, name="finish"),
    path("luot/<int:pk>/dong-ho/", trainee.clock, name="clock"),
    path("luot/<int:pk>/ket-qua/", trainee.result, name="result"),
    path("buoi-hoc/", sessions.session_list, name="sessions"),
    path("buoi-hoc/<int:pk>/", sessions.session_board, name="session"),
    path("buoi-hoc/<int:pk>/dong-ho/", sessions.session_clock, name="session-clock"),
    path("buoi-hoc/<int:pk>/ket-thuc/", sessions.session_end, name="session-end"),
    path("<slug:slug>/bat-dau/", trainee.start, name="start"),
    path("<slug:slug>/thong-ke/", trainer.stats, name="stats"),
]
