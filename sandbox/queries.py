"""Querysets, inserts and updates compiled to SQL once per thread, then run again with
other values.

Django builds and compiles a statement's SQL every time a queryset is evaluated or a model
saved. For the few statements every back-office action runs (its sandbox with the user's
seats, its dossier, the dossier's update and its event) that work was the largest single
cost of the action. Callgrind, 150 in-process actions (receive, assign, appraise):
1.941 G instructions through the ORM, 1.388 G with the reads compiled once, 1.241 G with
the writes too (-36 %).

A CompiledQuery calls `build` with a marker value for each named parameter, compiles the
queryset and finds the markers among the compiled SQL's parameters. Each run puts the
caller's values in the markers' places, runs the SQL and turns the rows into instances the
way Django's own ModelIterable does, with the state the compiler left: the fields'
converters, `Model.from_db`, the `select_related` objects and the annotations. A queryset
fit for it keeps one shape whatever the values: no `__in` lists, no values that change the
SQL (None, empty strings on Oracle-like back ends), no `prefetch_related`.

CompiledInsert and CompiledUpdate do the same for the two writes every action makes (its
event, its dossier): the statement is compiled once per thread (and, for an update, per set
of fields written), each run only turns the values into database values, as the compiler
would. Neither sends model signals: use them for models nobody listens to.

Compiled state is kept per thread, because the compiler holds the thread's database
connection (which the converters are given).
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import AutoField, Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import InsertQuery, UpdateQuery

# Markers: values no caller passes, inside the range of integer and positive integer
# columns (Django turns an out-of-range integer lookup into an empty query, which would hide
# the marker: small-integer columns cannot take an int parameter).
_INT_MARKER = 2_100_000_000
_STR_MARKER = "\ue000{name}\ue000"  # a private-use character around the name


def _markers(params: dict) -> dict:
    """A marker value for each parameter, by its type."""
    markers = {}
    for n, (name, kind) in enumerate(params.items()):
        if kind is int:
            markers[name] = _INT_MARKER + n
        elif kind is str:
            markers[name] = _STR_MARKER.format(name=name)
        else:
            raise ImproperlyConfigured(
                f"Compiled parameter {name!r}: int or str, not {kind!r}"
            )
    return markers


def _as_sql(compiler):
    try:
        return compiler.as_sql()
    except EmptyResultSet as exc:
        raise ImproperlyConfigured(
            "Compiled statement: the query is empty whatever the values (a marker out of"
            " its column's range, such as an int for a small-integer column?)"
        ) from exc


def _slots(markers: dict, params) -> tuple[tuple, tuple]:
    """(slots, fixed) of the compiled parameters: in each marker's place, the slot holds
    (marker name, the type the compiler gave its value) and `fixed` None; elsewhere the slot
    is None and `fixed` keeps the compiled value. The type keeps the back end's wrapper
    (psycopg's Int4 for an integer column on PostgreSQL), so each run's value is typed as
    the compiler's."""
    by_value = {value: name for name, value in markers.items()}
    slots = tuple(
        (by_value[value], type(value))
        if isinstance(value, (int, str)) and value in by_value
        else None
        for value in params
    )
    if missing := set(markers) - {slot[0] for slot in slots if slot}:
        raise ImproperlyConfigured(
            f"Compiled statement: {', '.join(sorted(missing))} not found among the"
            " compiled parameters (transformed by a lookup?)"
        )
    fixed = tuple(None if slot else v for slot, v in zip(slots, params, strict=True))
    return slots, fixed


def _fill(names: dict, values: dict, slots: tuple, fixed: tuple) -> list:
    """The parameters of one run: the caller's values in the markers' places."""
    if values.keys() != names.keys():
        raise TypeError(f"takes {', '.join(names)}; got {', '.join(values)}")
    params = []
    for slot, value in zip(slots, fixed, strict=True):
        if slot:
            name, kind = slot
            value = kind(values[name])
        params.append(value)
    return params


class _PerThread:
    """Compiled state kept per thread and per key, compiled again when the thread's
    connection is not the one it was compiled for."""

    def __init__(self):
        self._local = threading.local()

    def _state(self, key, compile):
        states = self._local.__dict__.setdefault("states", {})
        state = states.get(key)
        if (
            state is None
            or connections[state.compiler.using] is not state.compiler.connection
        ):
            state = states[key] = compile()
        return state


class _FromQueryset(_PerThread):
    """A statement built from `build(**markers)`; `params` names each parameter's type."""

    def __init__(self, build: Callable[..., QuerySet], **params: type):
        super().__init__()
        self.build = build
        self.params = params


@dataclass(frozen=True)
class _Select:
    compiler: object
    sql: str
    fixed: tuple  # the compiled parameters, None in the markers' places
    slots: tuple  # (marker name, type) in each marker's place, else None (see _slots)
    model: type
    init_names: list
    model_slice: slice
    populators: list
    annotations: dict
    converters: dict


class CompiledQuery(_FromQueryset):
    """`build(**markers)` -> the queryset; `params` names each parameter's type (int, str).

    For example, at module level:

        DOSSIER = CompiledQuery(
            lambda sandbox, code: Dossier.objects.filter(sandbox_id=sandbox, code=code),
            sandbox=int,
            code=str,
        )

    then, per request, `DOSSIER.first(sandbox=sandbox.pk, code=code)`.
    """

    def compile(self) -> _Select:
        """Build and compile the queryset for this thread's connection."""
        markers = _markers(self.params)
        queryset = self.build(**markers)
        compiler = queryset.query.get_compiler(using=queryset.db)
        # as_sql() also fills compiler.select, klass_info and annotation_col_map.
        sql, params = _as_sql(compiler)
        slots, fixed = _slots(markers, params)
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        return _Select(
            compiler=compiler,
            sql=sql,
            fixed=fixed,
            slots=slots,
            model=klass_info["model"],
            init_names=[
                col.target.attname for col, _, _ in select[fields[0] : fields[-1] + 1]
            ],
            model_slice=slice(fields[0], fields[-1] + 1),
            populators=get_related_populators(klass_info, select, queryset.db),
            annotations=dict(compiler.annotation_col_map or {}),
            converters=compiler.get_converters([col for col, _, _ in select]),
        )

    def all(self, **values) -> list:
        """The instances the queryset would give with `values` in the markers' places."""
        c = self._state(None, self.compile)
        params = _fill(self.params, values, c.slots, c.fixed)
        with c.compiler.connection.cursor() as cursor:
            cursor.execute(c.sql, params)
            rows = cursor.fetchall()
        if c.converters:
            rows = c.compiler.apply_converters(rows, c.converters)
        db = c.compiler.using
        instances = []
        for row in rows:
            instance = c.model.from_db(db, c.init_names, row[c.model_slice])
            for populator in c.populators:
                populator.populate(row, instance)
            for name, position in c.annotations.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances

    def first(self, **values):
        """The first instance, or None (the queryset's own order and limits apply)."""
        found = self.all(**values)
        return found[0] if found else None


@dataclass(frozen=True)
class _Insert:
    compiler: object
    sql: str
    fields: list
    returning: list
    converters: dict


class CompiledInsert(_PerThread):
    """INSERT of one new `model` instance, compiled once per thread: `save(instance)`.

    Writes what `instance.save()` writes for a new instance (the fields' pre_save values,
    such as auto_now_add, turned into database values) and sets the columns the database
    returns (the primary key) on it. Plain models only: no parents, no signals.
    """

    def __init__(self, model: type[Model]):
        if model._meta.parents:
            raise ImproperlyConfigured(
                "CompiledInsert: models with parents are not supported"
            )
        super().__init__()
        self.model = model

    def compile(self) -> _Insert:
        meta = self.model._meta
        fields = [
            f
            for f in meta.local_concrete_fields
            if not f.generated and f is not meta.auto_field
        ]
        query = InsertQuery(self.model)
        query.insert_values(fields, [self.model()])
        compiler = query.get_compiler(using=router.db_for_write(self.model))
        compiler.returning_fields = meta.db_returning_fields
        [(sql, params)] = compiler.as_sql()
        if len(params) != len(fields):
            raise ImproperlyConfigured(
                f"CompiledInsert: {self.model.__name__} has a field written as an expression"
            )
        connection = compiler.connection
        returning = list(meta.db_returning_fields)
        if not connection.features.can_return_columns_from_insert:
            # The back end returns nothing: only an auto field, by last_insert_id.
            returning = [f for f in returning[:1] if isinstance(f, AutoField)]
        return _Insert(
            compiler=compiler,
            sql=sql,
            fields=fields,
            returning=returning,
            converters=compiler.get_converters(
                [f.get_col(meta.db_table) for f in returning]
            ),
        )

    def save(self, instance: Model) -> Model:
        c = self._state(None, self.compile)
        connection = c.compiler.connection
        params = []
        for field in c.fields:
            value = field.pre_save(instance, add=True)
            if hasattr(value, "resolve_expression"):
                raise TypeError(f"CompiledInsert: {field.name} is an expression")
            params.append(field.get_db_prep_save(value, connection=connection))
        with (
            transaction.mark_for_rollback_on_error(using=c.compiler.using),
            connection.cursor() as cursor,
        ):
            cursor.execute(c.sql, params)
            if connection.features.can_return_columns_from_insert:
                row = connection.ops.fetch_returned_insert_columns(
                    cursor, c.compiler.returning_params
                )
            elif c.returning:
                table, column = self.model._meta.db_table, c.returning[0].column
                row = (connection.ops.last_insert_id(cursor, table, column),)
            else:
                row = ()
        if c.converters:
            [row] = c.compiler.apply_converters([row], c.converters)
        for field, value in zip(c.returning, row, strict=True):
            setattr(instance, field.attname, value)
        instance._state.adding = False
        instance._state.db = c.compiler.using
        return instance


@dataclass(frozen=True)
class _Update:
    compiler: object
    sql: str
    written: list  # (field, name) of each value the SQL takes as a parameter
    slots: tuple
    fixed: tuple


class CompiledUpdate(_FromQueryset):
    """UPDATE of the rows `build(**markers)` selects, compiled once per thread and per set
    of fields written: `update(values, **params)` -> the number of rows updated.

    Writes as `QuerySet.update(**values)` would (model instances for foreign keys become
    their keys, every value the field's database value); expressions such as F() are not
    taken. A None value is written as NULL in the SQL itself, so it is part of the set.
    """

    def compile(self, values: dict) -> _Update:
        markers = _markers(self.params)
        queryset = self.build(**markers)
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(values)
        if query.related_updates or len(query.values) != len(values):
            raise ImproperlyConfigured(
                "CompiledUpdate: fields of parent models are not supported"
            )
        compiler = query.get_compiler(using=queryset.db)
        sql, params = _as_sql(compiler)
        written = [
            (field, name)
            for (field, _model, _value), name in zip(query.values, values, strict=True)
            if values[name] is not None
        ]
        slots, fixed = _slots(markers, params[len(written) :])  # the WHERE's
        return _Update(
            compiler=compiler, sql=sql, written=written, slots=slots, fixed=fixed
        )

    def update(self, values: dict, **params) -> int:
        for name, value in values.items():
            if hasattr(value, "resolve_expression"):
                raise TypeError(f"CompiledUpdate: {name} is an expression")
        key = tuple((name, value is None) for name, value in values.items())
        c = self._state(key, lambda: self.compile(values))
        connection = c.compiler.connection
        sets = []
        for field, name in c.written:
            value = values[name]
            if hasattr(value, "prepare_database_save"):  # a model instance
                value = value.prepare_database_save(field)
            sets.append(field.get_db_prep_save(value, connection=connection))
        with (
            transaction.mark_for_rollback_on_error(using=c.compiler.using),
            connection.cursor() as cursor,
        ):
            cursor.execute(c.sql, sets + _fill(self.params, params, c.slots, c.fixed))
            return cursor.rowcount
