"""Every piece of PostgreSQL-specific SQL in one place: the per-patient advisory lock, COPY
inserts, local day numbers, array parameters and per-patient arrays, interval arithmetic.

Stride runs on PostgreSQL only (the embedded demo starts a local cluster of its own, see
scripts/local_postgres.sh), so these have no fallback for other databases.
"""

import json
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import (
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL

# Local days are numbered from here in SQL and turned back into dates in Python.
EPOCH = date(2000, 1, 1)


def patient_lock(lock_key: int, patient_id: uuid.UUID) -> None:
    """Serialise one patient's writers of one kind until the transaction ends, so that two
    retries of one batch cannot both insert (a transaction-scoped advisory lock)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [lock_key, str(patient_id)]
        )


def ids_in(ids: list[uuid.UUID]) -> RawSQL:
    """``ids`` for an ``id__in`` lookup as one array parameter: planned several times faster
    than an IN list of 1,000 literals."""
    return RawSQL("SELECT unnest(%s::uuid[])", [ids])


def end_time(start: str, duration_s: str) -> ExpressionWrapper:
    """``start + duration_s seconds`` as a timestamp expression (interval arithmetic)."""
    return ExpressionWrapper(F(start) + F(duration_s) * timedelta(seconds=1),
                             output_field=DateTimeField())


# --- COPY ----------------------------------------------------------------------------------------

# Field types whose validated Python value psycopg adapts exactly as Django would; any other
# type goes through the field's own get_db_prep_save.
_RAW_COPY_TYPES = frozenset({
    "UUIDField", "ForeignKey", "DateTimeField", "FloatField", "IntegerField", "BigIntegerField",
    "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "CharField",
    "TextField", "BooleanField",
})


def _copy_preparation(field: models.Field) -> Callable[[Any, Any], Any] | None:
    """How a validated value becomes a COPY value for ``field`` (None: as it is)."""
    if field.get_internal_type() in _RAW_COPY_TYPES:
        return None
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def json_text(value, conn):
            # The text Django's Jsonb adapter would send, without building the adapter.
            if type(value) in (list, dict):
                return json.dumps(value, cls=encoder)
            return field.get_db_prep_save(value, conn)

        return json_text
    return field.get_db_prep_save


def copy_insert(*, model: type[models.Model], items: Sequence[Mapping[str, Any]],
                given: frozenset[str], fixed: Mapping[str, Any]) -> None:
    """Insert one row per item with COPY: several times faster than a multi-row INSERT.

    Each row takes the item's value for the fields named in ``given``, the ``fixed`` value for
    those, and else the field default, as ``Model(...)`` would. A unique or check violation
    raises IntegrityError, as an INSERT would; call inside a savepoint to recover from it.
    """
    columns, plan = [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        prepare = _copy_preparation(field)
        value = fixed[field.name] if field.name in fixed else field.get_default()
        value = value if prepare is None else prepare(value, connection)
        # (name to read from the item, or None; value when the item lacks it; preparation)
        plan.append((field.name if field.name in given else None, value, prepare))
    table = connection.ops.quote_name(model._meta.db_table)
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.copy(statement) as copy:
            for item in items:
                row = []
                for name, value, prepare in plan:
                    if name is not None and name in item:
                        value = item[name] if prepare is None else prepare(item[name], connection)
                    row.append(value)
                copy.write_row(row)


# --- local days --------------------------------------------------------------------------------

def day_number_sql(records: QuerySet, *, time_field: str, time_zone: str | F,
                   columns: Sequence[str]) -> tuple[str, tuple]:
    """SQL selecting ``day_number`` (local days since 2000-01-01 of ``time_field``) and
    ``columns`` of ``records``. ``time_zone`` is a zone name, or an expression naming one per
    row. Raises ``EmptyResultSet`` when nothing can match."""
    zone = Value(time_zone) if isinstance(time_zone, str) else time_zone
    day_number = Func(F(time_field), zone, arg_joiner=" AT TIME ZONE ",
                      template=f"((%(expressions)s)::date - DATE '{EPOCH.isoformat()}')",
                      output_field=IntegerField())
    return records.annotate(day_number=day_number).values_list(
        "day_number", *columns).query.sql_with_params()


def rows_by_local_day(records: QuerySet, *, time_field: str, time_zone: str | F,
                      columns: Sequence[str]) -> list[tuple]:
    """``(local day, *columns)`` for each row of ``records``. The day is computed in SQL and
    the rows are read straight from the cursor: parsing thousands of timestamps and Django's
    per-row machinery were most of a trend's time."""
    try:
        sql, params = day_number_sql(records, time_field=time_field, time_zone=time_zone,
                                     columns=columns)
    except EmptyResultSet:  # e.g. patient__in=[]
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    days: dict[int, date] = {}
    return [(days.get(n) or days.setdefault(n, EPOCH + timedelta(days=n)), *rest)
            for n, *rest in rows]


def arrays_by_patient(records: QuerySet, *, time_field: str, time_zone: str | F,
                      columns: Sequence[str]) -> Iterator[tuple]:
    """``(patient id, [day number, ...], [column values, ...] per column)`` per patient with
    rows, each array in time order (day numbers count local days since 2000-01-01): one row per
    patient to read instead of one per record."""
    try:
        inner, params = day_number_sql(records.order_by(), time_field=time_field,
                                       time_zone=time_zone,
                                       columns=("patient_id", time_field, *columns))
    except EmptyResultSet:
        return
    in_order = f'ORDER BY w."{time_field}"'
    arrays = ", ".join(f'array_agg(w."{column}" {in_order})' for column in ("day_number", *columns))
    sql = f'SELECT w."patient_id", {arrays} FROM ({inner}) w GROUP BY w."patient_id"'
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()


def days_by_patient(records: QuerySet, *, time_field: str, time_zone: str | F,
                    columns: Sequence[str]) -> Iterator[tuple[Any, date, list[tuple]]]:
    """``(patient id, local day, [(day number, *columns), ...])`` per patient and local day with
    rows, in time order (read as ``arrays_by_patient``)."""
    for patient_id, *column_arrays in arrays_by_patient(
            records, time_field=time_field, time_zone=time_zone, columns=columns):
        for day_number, group in groupby(zip(*column_arrays, strict=True), key=itemgetter(0)):
            yield patient_id, EPOCH + timedelta(days=day_number), list(group)


def times_before_latest(model: type[models.Model], *, time_field: str, patient_ids: Sequence,
                        until: datetime, window: timedelta) -> dict[Any, list[datetime]]:
    """Per patient, the times of the live (not deleted) rows of ``model`` within ``window``
    before that patient's latest one at or before ``until``, oldest first. One statement for any
    number of patients."""
    if not patient_ids:
        return {}
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(time_field).column)
    sql = (f"SELECT r.patient_id, r.{column} FROM {table} r JOIN ("
           f"  SELECT patient_id, max({column}) AS last_at FROM {table}"
           f"  WHERE patient_id = ANY(%s) AND deleted_at IS NULL AND {column} <= %s"
           f"  GROUP BY patient_id) l ON l.patient_id = r.patient_id "
           f"WHERE r.deleted_at IS NULL AND r.{column} > l.last_at - %s "
           f"AND r.{column} <= l.last_at ORDER BY r.patient_id, r.{column}")
    times: dict[Any, list[datetime]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(patient_ids), until, window])
        for patient_id, at in cursor.fetchall():
            times.setdefault(patient_id, []).append(at)
    return times
