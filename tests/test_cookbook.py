"""Every recipe of docs/cypher-cookbook.md runs on the test Bolt server; the ones marked embedded give the same rows
on the embedded store."""

from __future__ import annotations

import json
import re

import pytest

from graph.embedded import EmbeddedStore
from tests.conftest import REPO
from tests.test_stores import all_statuses, extracted

COOKBOOK = REPO / "docs" / "cypher-cookbook.md"
_RECIPE = re.compile(r"^### (?P<title>.+?)\nRuns on: (?P<where>[^\n]+)\n(?:Params: (?P<params>[^\n]+)\n)?```cypher\n"
                     r"(?P<query>.+?)```", re.S | re.M)


def recipes() -> list[dict]:
    found = [m.groupdict() for m in _RECIPE.finditer(COOKBOOK.read_text(encoding="utf-8"))]
    assert len(found) >= 8
    return found


def _canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


@pytest.mark.bolt
def test_every_recipe_runs_and_embedded_ones_agree(bolt, run_cli, store_dir):
    extra = [all_statuses(), extracted("imagenet_code", "Methods\n\nWe fine-tuned a ResNet-50 pre-trained on ImageNet "
                                       "with Adam (learning rate 0.001). Code: https://github.com/example/repo.")]
    assert run_cli("--store", str(store_dir), "ingest", str(REPO / "examples" / "papers"))[0] == 0
    with EmbeddedStore(store_dir, write=True) as store:
        store.write(extra)
    assert run_cli("push", "--store", str(store_dir), "--neo4j", bolt.uri)[0] == 0
    nonempty = 0
    for recipe in recipes():
        params = [a for p in (recipe["params"] or "").split() for a in ("--param", p)]
        code, out, err = run_cli("--neo4j", bolt.uri, "cypher", recipe["query"], *params, "--json")
        assert code == 0, (recipe["title"], err)
        rows = json.loads(out)
        nonempty += bool(rows)
        if "embedded" in recipe["where"]:
            code, out, err = run_cli("--store", str(store_dir), "cypher", recipe["query"], "--json")
            assert code == 0, (recipe["title"], err)
            assert _canonical(json.loads(out)) == _canonical(rows), recipe["title"]
    assert nonempty == len(recipes())  # the corpus above gives every recipe something to find
