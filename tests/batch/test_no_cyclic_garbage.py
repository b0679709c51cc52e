"""Checking a document leaves nothing for the cycle collector: what a check makes is freed by reference counting
as soon as its result is dropped. A run of a rule that meets an absent input keeps that exception past its handler
(evaluate._bindings yields it to _run); with its traceback it held the frames that held it, some 2,000 objects a
document for the collector to find (about 12 % of a batch's time)."""

from __future__ import annotations

import gc
import json

import pytest

import budgetcheck
from budgetcheck.ingest import load_document
from tests.conftest import FIXTURES, MINIMAL, SAMPLE

REGISTRY = budgetcheck.load_registry()
PACK = budgetcheck.load_pack(REGISTRY)


def _json_without_narrative(tmp_path):
    path = tmp_path / "minimal.json"
    path.write_text(json.dumps(load_document(MINIMAL).data, ensure_ascii=False, default=str), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["sample", "minimal", "json", "text"])
def test_a_check_leaves_no_cyclic_garbage(tmp_path, name):
    path = {"sample": SAMPLE, "minimal": MINIMAL, "text": FIXTURES / "xiguan-2019.txt"}.get(name) or _json_without_narrative(tmp_path)
    budgetcheck.check_path(path, registry=REGISTRY, pack=PACK)  # first: imports and caches filled once
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = budgetcheck.check_path(path, registry=REGISTRY, pack=PACK)
        assert result.status in ("pass", "fail") and result.not_applicable  # rules met absent inputs
        del result
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
