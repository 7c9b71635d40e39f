"""Compiled statements (sandbox/queries.py) read and write what the ORM would, for any values."""

import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext
from wagtail.models import TranslatableMixin

from fake_portal import actions
from fake_portal.models import Dossier, DossierEvent, Seat, Status
from fake_portal.views.backoffice import DOSSIER, DOSSIER_PAGE, SPECIALIST_SEATS
from fake_portal.views.common import PAGE_RELATED, seats_query
from sandbox.queries import CompiledInsert, CompiledQuery, CompiledUpdate


def _fields(instance):
    return {
        f.attname: getattr(instance, f.attname)
        for f in type(instance)._meta.concrete_fields
    }


def test_a_compiled_dossier_equals_the_orms_in_every_field(filed):
    compiled = DOSSIER.first(sandbox=filed.sandbox_id, code=filed.code)
    assert _fields(compiled) == _fields(Dossier.objects.get(pk=filed.pk))
    assert isinstance(compiled.form_data, dict)  # the JSON field's converter ran
    assert compiled._state.adding is False


def test_an_actions_dossier_query_joins_nothing():
    # select_related() without names would follow every foreign key (eight joins here).
    assert "JOIN" not in DOSSIER.compile().sql
    assert DOSSIER_PAGE.compile().sql.count("JOIN") >= 4


def test_each_run_uses_its_own_values(filed, sandbox, world, commune_officer):
    assert DOSSIER.first(sandbox=sandbox.pk, code="không có") is None
    elsewhere = actions.open_practice_sandbox(user=commune_officer, world=world)
    assert DOSSIER.first(sandbox=elsewhere.pk, code=filed.code) is None
    assert DOSSIER.first(sandbox=sandbox.pk, code=filed.code).pk == filed.pk


def test_seats_bring_their_sandbox_and_for_pages_what_pages_show(
    sandbox, world, leader
):
    actions.take_seats(sandbox, leader, ["specialist"])
    expected = set(
        Seat.objects.filter(sandbox=sandbox, user=leader).values_list("pk", "position")
    )
    assert len(expected) == 2
    for related in (PAGE_RELATED, ()):
        seats = seats_query(related).all(sandbox=sandbox.pk, user=leader.pk)
        assert {(seat.pk, seat.position) for seat in seats} == expected
        assert _fields(seats[0].sandbox) == _fields(sandbox)
        if related:
            with CaptureQueriesContext(connection) as captured:
                assert seats[0].sandbox.world.name == world.name
                assert seats[0].sandbox.commune.province.name
            assert len(captured) == 0
    assert seats_query(()).all(sandbox=sandbox.pk + 1000, user=leader.pk) == []
    # Any other related rows get their own compiled query.
    (seat, *_) = seats_query(("world",)).all(sandbox=sandbox.pk, user=leader.pk)
    with CaptureQueriesContext(connection) as captured:
        assert seat.sandbox.world.name == world.name
    assert len(captured) == 0
    assert seats_query(("world",)) is seats_query(("world",))


def test_the_dossier_page_gets_its_related_rows_in_the_same_query(filed, specialist):
    dossier = DOSSIER_PAGE.first(sandbox=filed.sandbox_id, code=filed.code)
    assert _fields(dossier) == _fields(filed)
    with CaptureQueriesContext(connection) as captured:
        assert dossier.applicant.permanent_commune.province_id
        assert dossier.receiving_commune.pk == filed.receiving_commune_id
        assert dossier.assignee is None  # a LEFT JOIN that found nothing
    assert len(captured) == 0
    seats = SPECIALIST_SEATS.all(sandbox=filed.sandbox_id)
    assert (
        {seat.user.pk for seat in seats}
        == set(
            Seat.objects.filter(
                sandbox=filed.sandbox, position="specialist"
            ).values_list("user", flat=True)
        )
        >= {specialist.pk}
    )
    with CaptureQueriesContext(connection) as captured:
        assert seats[0].user.profile.full_name
    assert len(captured) == 0


def test_the_queryset_is_built_once_and_each_run_is_one_query(filed):
    built = []

    def build(code):
        built.append(code)
        return Dossier.objects.filter(code=code, status=Status.FILED).order_by()

    query = CompiledQuery(build, code=str)
    with CaptureQueriesContext(connection) as captured:
        assert query.first(code=filed.code).pk == filed.pk
        assert query.first(code=filed.code + "x") is None
    assert len(built) == 1
    assert len(captured) == 2
    # The queryset's own values stay where they were.
    actions.receive_dossier(filed, actor=filed.sandbox.owner)
    assert query.first(code=filed.code) is None


def test_a_marker_the_lookup_transforms_is_refused():
    query = CompiledQuery(
        lambda code: Dossier.objects.filter(code__contains=code), code=str
    )
    with pytest.raises(ImproperlyConfigured, match="code not found"):
        query.compile()


def test_parameters_are_int_or_str_and_runs_name_them_all():
    with pytest.raises(ImproperlyConfigured, match="int or str"):
        CompiledQuery(
            lambda day: Dossier.objects.filter(filed_at=day), day=object
        ).compile()
    query = CompiledQuery(lambda pk: Dossier.objects.filter(pk=pk), pk=int)
    with pytest.raises(TypeError, match="takes pk"):
        query.all(id=3)


def test_each_thread_compiles_for_its_own_connection(db):
    query = CompiledQuery(lambda pk: Dossier.objects.filter(pk=pk), pk=int)
    assert query.all(pk=0) == []
    mine = query._local.states[None]
    theirs = []

    def run():
        try:
            theirs.append((query.all(pk=0), query._local.states[None]))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert theirs[0][0] == []
    assert theirs[0][1].compiler.connection is not mine.compiler.connection
    assert query._local.states[None] is mine


def _fresh(instance):
    return _fields(type(instance).objects.get(pk=instance.pk))


def test_a_compiled_insert_writes_what_save_writes(filed, commune_officer):
    insert = CompiledInsert(DossierEvent)
    values = dict(
        sandbox=filed.sandbox,
        dossier=filed,
        actor=commune_officer,
        action="dossier.noted",
        to_status=filed.status,
        data={"ghi_chú": "Đã kiểm tra"},
        sim_time=filed.filed_at,
    )
    compiled = insert.save(DossierEvent(**values))
    saved = DossierEvent.objects.create(**values)
    assert compiled.pk and compiled.pk != saved.pk
    assert compiled._state.adding is False
    assert compiled.created_at is not None  # auto_now_add, as save() sets it
    ignore = {"id", "created_at"}
    assert {k: v for k, v in _fresh(compiled).items() if k not in ignore} == {
        k: v for k, v in _fresh(saved).items() if k not in ignore
    }
    assert _fresh(compiled)["data"] == {"ghi_chú": "Đã kiểm tra"}


def test_a_compiled_insert_refuses_models_with_parents():
    from courses.models.pages import CoursePage

    with pytest.raises(ImproperlyConfigured, match="parents"):
        CompiledInsert(CoursePage)


def test_a_compiled_update_writes_what_queryset_update_writes(filed, specialist):
    update = CompiledUpdate(
        lambda pk, version: Dossier.objects.filter(pk=pk, version=version),
        pk=int,
        version=int,
    )
    stale = update.update({"stage": "assigned"}, pk=filed.pk, version=filed.version + 7)
    assert stale == 0
    assert _fresh(filed) == _fields(filed)

    changes = {
        "version": filed.version + 1,
        "assignee": specialist,  # an instance: its key is written
        "form_data": {"applicant": {"full_name": "Trần Văn Nam"}},
        "due_at": filed.filed_at,
    }
    assert update.update(changes, pk=filed.pk, version=filed.version) == 1
    row = _fresh(filed)
    assert row["assignee_id"] == specialist.pk
    assert row["form_data"] == {"applicant": {"full_name": "Trần Văn Nam"}}
    assert row["due_at"] == filed.filed_at
    # None is NULL in the SQL itself: the same fields with a None compile apart.
    again = {**changes, "version": filed.version + 2, "assignee": None, "due_at": None}
    assert update.update(again, pk=filed.pk, version=filed.version + 1) == 1
    row = _fresh(filed)
    assert (row["assignee_id"], row["due_at"], row["version"]) == (
        None,
        None,
        filed.version + 2,
    )
    assert len(update._local.states) == 3


def test_expressions_and_always_empty_queries_are_refused(filed):
    update = CompiledUpdate(lambda pk: Dossier.objects.filter(pk=pk), pk=int)
    with pytest.raises(TypeError, match="expression"):
        update.update({"version": F("version") + 1}, pk=filed.pk)
    never = CompiledQuery(lambda pk: Dossier.objects.filter(pk=pk, code__in=[]), pk=int)
    with pytest.raises(ImproperlyConfigured, match="empty whatever the values"):
        never.compile()


def test_no_one_listens_to_the_signals_the_compiled_writes_skip():
    # CompiledInsert sends no pre_save/post_save; a receiver added for events would be
    # skipped silently, so it must come with a change to record() (actions/_core.py).
    # Wagtail's receiver for every model only acts on translatable ones.
    assert not issubclass(DossierEvent, TranslatableMixin)
    for signal in (pre_save, post_save):
        receivers = [r for group in signal._live_receivers(DossierEvent) for r in group]
        assert {r.__qualname__ for r in receivers} <= {"set_locale_on_new_instance"}
