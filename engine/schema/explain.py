"""Schema stage: jsonschema's own errors, found where jsonschema-rs points, without walking the whole document.

jsonschema-rs finds a document's errors in compiled Rust; jsonschema (Python) explains them in the words the
findings are written from (`findings.py` reads an error's path, keyword, keyword value, instance and, for
oneOf/anyOf, its context). Walking a whole document in Python to explain one missing section costs in
proportion to the document (a 2,000-claim text: over a second); this module costs in proportion to what is wrong.

For each error jsonschema-rs reports, the subschema holding the failed keyword is looked up by its absolute
keyword location in jsonschema's own registry, and jsonschema's function for that one keyword is run on the
value at the error's instance path, exactly as `Validator.iter_errors` runs it. So the errors, messages and
values are jsonschema's, never translated from jsonschema-rs's wording: jsonschema-rs only says where to look.
An applicator that reports a single error (oneOf, anyOf, not) is run by jsonschema itself on that value alone,
so its context is jsonschema's too. Each (place, subschema, keyword) is run once, in the order jsonschema's
walk would meet them at each place (`_order`), which decides which of two findings with one code and place is kept.

What is trusted: that jsonschema-rs finds every place jsonschema would fault, as it was already trusted to say
"valid" only of documents jsonschema finds valid (registry.py makes it stricter where they differ). A place only
jsonschema would fault, in a document jsonschema-rs rejects elsewhere, would be missed; the tests found none
on our schemas.

When jsonschema explains the whole document instead (`explain` returns None):
- jsonschema-rs cannot read the document (a value it cannot represent, e.g. a huge integer);
- it names a keyword jsonschema does not run, or a place that cannot be resolved;
- jsonschema's function finds nothing where jsonschema-rs found an error (the two libraries disagree on that
  keyword there, e.g. a regular expression or a date format judged differently): the whole-document answer
  then decides, so findings never depend on which library is installed.
An `x-budgetcheck-strict-integer` error (a Decimal where an integer belongs, which only jsonschema rejects)
is jsonschema's `type` keyword on that subschema, which the keyword sits beside.
It relies on jsonschema's `VALIDATORS` table and `ValidationError._set`, the two things `iter_errors` uses;
tests/schema/test_rust_errors.py compares the result with the whole-document walk on every invalid fixture
and on hundreds of mutated documents.
"""

from __future__ import annotations

from urllib.parse import urldefrag

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing.exceptions import Unresolvable

from budgetcheck import pointer as jp
from budgetcheck.schema.registry import STRICT_INTEGER

_UNREADABLE = (ValueError, TypeError, OverflowError)


def _value_at(document: object, parts: list) -> tuple[object, list[str | int]]:
    """The value at an instance path, with the path as jsonschema writes it (ints for list indices)."""
    node, path = document, []
    for part in parts:
        if isinstance(node, list):
            index = int(part)
            node, part = node[index], index
        else:
            node = node[str(part)]
            part = str(part)
        path.append(part)
    return node, path


def _keyword_errors(python: Draft202012Validator, uri: str, keyword: str, instance: object, path: list) -> list[ValidationError]:
    """jsonschema's errors for one keyword of the subschema at `uri` on one value, as iter_errors makes them."""
    resolved = python._resolver.lookup(uri)
    schema = resolved.contents
    if not isinstance(schema, dict) or keyword not in schema:
        raise LookupError(uri)
    function = python.VALIDATORS.get(keyword)
    if function is None:
        raise LookupError(keyword)
    scoped = python.evolve(schema=schema, _resolver=resolved.resolver)
    value = schema[keyword]
    errors = []
    for error in function(scoped, value, instance, schema) or ():
        error._set(validator=keyword, validator_value=value, instance=instance, schema=schema, type_checker=scoped.TYPE_CHECKER)
        if keyword not in {"if", "$ref"}:
            error.schema_path.appendleft(keyword)
        error.path.extendleft(reversed(path))
        errors.append(error)
    return errors


def _order(python: Draft202012Validator, rust: object) -> tuple:
    """Where jsonschema's walk meets an error among the others at the same place: the position of each step of its
    evaluation path in the schema it passes through (keywords and properties in the schema's order, as iter_errors
    visits them). Findings at different places are sorted by place afterwards, so this order is the only one that
    decides which of two findings with the same code and place is kept."""
    node, resolver, steps = python.schema, python._resolver, []
    try:
        for token in rust.evaluation_path:  # type: ignore[attr-defined]
            if isinstance(node, list):
                steps.append(int(token))
                node = node[int(token)]
                continue
            keys = list(node)
            steps.append(keys.index(token) if token in keys else len(keys))
            if token == "$ref":
                resolved = resolver.lookup(node["$ref"])
                node, resolver = resolved.contents, resolved.resolver
            else:
                node = node[token]
    except (KeyError, ValueError, TypeError, IndexError, Unresolvable):
        pass  # an order as good as jsonschema-rs's own; the test of both routes would show a difference
    return (tuple(str(part) for part in rust.instance_path), tuple(steps))  # type: ignore[attr-defined]


def explain(python: Draft202012Validator, fast: object, document: object) -> list[ValidationError] | None:
    """jsonschema's errors at the places jsonschema-rs finds, or None when only the whole-document walk is trusted."""
    try:
        found = list(fast.iter_errors(document))  # type: ignore[attr-defined]
    except _UNREADABLE:
        return None
    if not found:  # is_valid said invalid, iter_errors finds nothing: not a place to trust either
        return None
    done: set[tuple] = set()
    errors: list[ValidationError] = []
    for rust in sorted(found, key=lambda rust: _order(python, rust)):
        location = rust.absolute_keyword_location
        if not location:
            return None
        base, fragment = urldefrag(location)
        tokens = jp.parts(fragment)
        if not tokens:
            return None
        keyword = "type" if tokens[-1] == STRICT_INTEGER else tokens[-1]
        uri = f"{base}#{jp.from_parts(tokens[:-1])}"
        key = (tuple(str(part) for part in rust.instance_path), uri, keyword)
        if key in done:
            continue
        done.add(key)
        try:
            instance, path = _value_at(document, list(rust.instance_path))
            explained = _keyword_errors(python, uri, keyword, instance, path)
        except (LookupError, ValueError, TypeError, Unresolvable):
            return None
        if not explained:
            return None
        errors.extend(explained)
    return errors

