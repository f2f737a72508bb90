"""The test database as the migrations left it: remembered once, put back after a test that
committed to it.

A transactional test (`transactional_db`, `live_server`, `django_db(transaction=True)`)
ends with Django emptying every table. What the migrations had written is gone then:
Wagtail's root page, default site, locale and collection, the content types, permissions
and groups. The next test needs them, so the root conftest remembers every table's rows
once, right after migrating (`remember`), and puts them back after each transactional test
(`restore`): a fraction of a second, where pytest-django's `serialized_rollback` (a flush,
then one query per row) or migrating again take seconds. No test needs to ask for it. The
demo site (tests/e2e/conftest.py) uses `restore` too, when it is done.
"""

from types import SimpleNamespace

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.test import TestCase, TransactionTestCase

# (INSERT statement, rows ready for the database) of every table that held rows
_remembered: list[tuple[str, list[list]]] = []


def _models():
    """Every model with a table of its own, many-to-many tables included."""
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            yield model


def remember() -> None:
    """Keep every table's rows, as they are now (after the migrations)."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    _remembered.clear()
    for model in _models():
        meta = model._meta
        fields = meta.local_concrete_fields  # a page type's own table, without its parent's
        if meta.db_table not in existing:
            continue
        rows = model._base_manager.order_by(meta.pk.attname).values_list(
            *(field.attname for field in fields)
        )
        if not rows:
            continue
        insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the models)
            quote(meta.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )
        prepared = [
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(fields, row, strict=True)
            ]
            for row in rows
        ]
        _remembered.append((insert, prepared))


def restore() -> None:
    """Empty every table and put back the remembered rows, ids included.

    DELETE, not the TRUNCATE of Django's `flush`: on tables this small it is many times
    faster. Foreign keys are checked at commit (Django creates them deferrable), so the
    tables are emptied and filled in any order; sequences keep counting, so the rows a
    later test adds get new ids.
    """
    quote = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (a table's name)
        for insert, rows in _remembered:
            cursor.executemany(insert, rows)
    ContentType.objects.clear_cache()  # the emptied tables' content types had other ids


def is_transactional(item) -> bool:
    """Whether this test commits to the database, so that Django empties it afterwards."""
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    if marker and marker.args and marker.args[0]:
        return True
    return bool(
        {"transactional_db", "live_server", "django_db_reset_sequences"}
        & set(getattr(item, "fixturenames", ()))
    )


def reloaded(namespace: SimpleNamespace) -> SimpleNamespace:
    """The same objects read again from the database (pages as their own type): what a
    test changes in memory stays in that test."""
    return SimpleNamespace(
        **{
            name: type(value)._default_manager.get(pk=value.pk)
            if isinstance(value, Model)
            else value
            for name, value in vars(namespace).items()
        }
    )
