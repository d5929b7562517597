"""A page and its parts as plain data: what a draft proposes, what is live, and the difference.

A "graph" is the page's row plus the rows edited on its admin page (its inlines: citations, answer
options, steps...), each in Django's "python" serialization (many-to-many as lists of primary keys):

    {"object": {"model": "guide.treatment", "pk": 5, "fields": {...}},
     "children": {"guide.citation.treatment": [{"model": ..., "pk": ..., "fields": {...}}, ...]}}

Which parts belong to a page is read from its registered admin, so the graph is exactly what the
admin's save writes.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.contrib import admin
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import _get_foreign_key


def children_of(model) -> list[tuple[type[models.Model], str]]:
    """(child model, the name of its foreign key to the page), for every inline on the page's admin."""
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return []
    return [
        (inline.model, _get_foreign_key(model, inline.model, fk_name=inline.fk_name).name)
        for inline in model_admin.inlines
    ]


def child_key(child_model, fk_name: str) -> str:
    return f"{child_model._meta.label_lower}.{fk_name}"


def normalised(data):
    """JSON-safe and in a stable order (many-to-many lists sorted), so equal states compare equal.

    Line ends are "\n": a browser posts a textarea with "\r\n", which would otherwise show every
    long text as changed in the reviewer's diff.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True)
    return json.loads(text, object_hook=lambda d: {k: _normal(v) for k, v in d.items()})


def _normal(value):
    if _is_pk_list(value):
        return sorted(value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def _is_pk_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, int) for item in value)


def records(objects) -> list[dict]:
    return serializers.serialize("python", objects)


def graph_of(obj) -> dict:
    """The page as the database holds it now (inside a draft's transaction: as the draft would be)."""
    children = {
        child_key(child_model, fk_name): records(child_model._default_manager.filter(**{fk_name: obj}).order_by("pk"))
        for child_model, fk_name in children_of(type(obj))
    }
    return normalised({"object": records([obj])[0], "children": children})


def stamp_of(graph: dict | None) -> str:
    """A short fingerprint of a live page: the change form carries it, to spot a save from a stale form."""
    text = json.dumps(graph, cls=DjangoJSONEncoder, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


# The diff a reviewer reads.


@dataclass
class FieldChange:
    name: str
    before: str
    after: str


@dataclass
class PartChange:
    label: str
    how: str  # "added", "removed" or "changed"
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Diff:
    fields: list[FieldChange]
    parts: list[PartChange]

    def __bool__(self):
        return bool(self.fields or self.parts)


def shown(model, name: str, value) -> str:
    """A stored value as an editor reads it: a choice's label, a linked row's name, Yes or No."""
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return "" if value is None else str(value)
    if value is None or value == "":
        return ""
    if model_field.many_to_many:
        related = model_field.related_model._default_manager.filter(pk__in=value)
        names = {item.pk: str(item) for item in related}
        return "\n".join(names.get(pk, f"(removed, #{pk})") for pk in value)
    if model_field.is_relation:
        item = model_field.related_model._default_manager.filter(pk=value).first()
        return str(item) if item is not None else f"(removed, #{value})"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def verbose(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name


def field_changes(model, before: dict, after: dict) -> list[FieldChange]:
    changes = []
    for name in after.keys() | before.keys():
        if before.get(name) != after.get(name):
            changes.append(
                FieldChange(
                    verbose(model, name), shown(model, name, before.get(name)), shown(model, name, after.get(name))
                )
            )
    order = [f.name for f in model._meta.get_fields()]
    return sorted(changes, key=lambda c: next((i for i, n in enumerate(order) if verbose(model, n) == c.name), 99))


def diff(model, base: dict | None, proposed: dict | None) -> Diff:
    """Field by field: the approved page (base) against the draft (proposed). None means it does not exist."""
    empty = {"object": {"fields": {}}, "children": {}}
    base, proposed = base or empty, proposed or empty
    fields = field_changes(model, base["object"]["fields"], proposed["object"]["fields"])
    parts = []
    for key in base["children"].keys() | proposed["children"].keys():
        child_model = _model_of(key)
        old = {record["pk"]: record for record in base["children"].get(key, [])}
        new = {record["pk"]: record for record in proposed["children"].get(key, [])}
        name = str(child_model._meta.verbose_name).capitalize()
        for pk, record in new.items():
            if pk not in old:
                parts.append(PartChange(name, "added", field_changes(child_model, {}, record["fields"])))
            elif changed := field_changes(child_model, old[pk]["fields"], record["fields"]):
                parts.append(PartChange(name, "changed", changed))
        for pk, record in old.items():
            if pk not in new:
                parts.append(PartChange(name, "removed", field_changes(child_model, record["fields"], {})))
    return Diff(fields, parts)


def _model_of(key: str):
    from django.apps import apps

    app_label, model_name, _ = key.split(".")
    return apps.get_model(app_label, model_name)


# Applying a draft to the live tables (inside the approval's transaction).


def apply(model, proposed: dict, base: dict | None, *, new: bool, history_user, reason: str) -> models.Model:
    """Write the proposed page and its parts; delete parts the draft removed. Returns the live row."""
    obj = _write(proposed["object"], new=new, history_user=history_user, reason=reason)
    base_children = (base or {}).get("children", {})
    for key, wanted in proposed["children"].items():
        child_model = _model_of(key)
        fk_name = key.split(".")[2]
        existing = {record["pk"] for record in base_children.get(key, [])} if not new else set()
        keep = {record["pk"] for record in wanted if record["pk"] in existing}
        for gone in child_model._default_manager.filter(**{fk_name: obj}).exclude(pk__in=keep):
            _tag(gone, history_user, reason)
            gone.delete()
        for record in wanted:
            record = {**record, "fields": {**record["fields"], fk_name: obj.pk}}
            _write(record, new=record["pk"] not in existing, history_user=history_user, reason=reason)
    return obj


def delete(model, pk, *, history_user, reason: str) -> None:
    obj = model._default_manager.get(pk=pk)
    _tag(obj, history_user, reason)
    obj.delete()


def _write(record: dict, *, new: bool, history_user, reason: str) -> models.Model:
    deserialized = next(serializers.deserialize("python", [record]))
    obj = deserialized.object
    if new:
        obj.pk = None
        obj._state.adding = True
    _tag(obj, history_user, reason)
    obj.save(force_insert=new)
    for name, pks in (deserialized.m2m_data or {}).items():
        getattr(obj, name).set(pks)
    return obj


def _tag(obj, history_user, reason: str) -> None:
    # django-simple-history reads these for the revision it writes.
    obj._history_user = history_user
    obj._change_reason = reason
