"""Check JSON-LD against the schema.org vocabulary, offline: every type exists, and every property
belongs to its type or a type it inherits from. The vocabulary (vocabulary.json) is built from
npm schema-dts@2.1.0, itself generated from schema.org's schemaorg-current-https (build_vocabulary.py)."""

import json
from functools import cache
from pathlib import Path

VOCABULARY = Path(__file__).with_name("vocabulary.json")
JSON_LD_KEYWORDS = {"@context", "@type", "@id"}


@cache
def vocabulary() -> dict:
    return json.loads(VOCABULARY.read_text())


def properties_of(type_name: str) -> set[str]:
    vocab = vocabulary()
    seen, todo, found = set(), [vocab["types"][type_name]], set()
    while todo:
        base = todo.pop()
        if base in seen or base not in vocab["bases"]:
            continue
        seen.add(base)
        found |= set(vocab["bases"][base]["properties"])
        todo += vocab["bases"][base]["parents"]
    return found


def problems(node, where: str = "$") -> list[str]:
    """What is not schema.org in a JSON-LD node and everything in it; empty when it all is."""
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in problems(item, f"{where}[{i}]")]
    if not isinstance(node, dict):
        return []
    found = []
    type_name = node.get("@type")
    if type_name not in vocabulary()["types"]:
        return [f"{where}: {type_name!r} is not a schema.org type"]
    allowed = properties_of(type_name)
    for key, value in node.items():
        if key in JSON_LD_KEYWORDS:
            continue
        if key not in allowed:
            found.append(f"{where}: {type_name} has no property {key!r}")
        found += problems(value, f"{where}.{key}")
    return found
