"""Shared fixtures: an isolated store folder per test, the shared benchmark folder, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("METHODKG_SHARED", REPO.parent / "shared"))
SEED_CONTEXT = SHARED / "seed" / "context.txt"
SEED_RECORD = SHARED / "seed" / "000_afdf349f3e31261a.txt"
BENCHMARK = SHARED / "benchmark"

needs_shared = pytest.mark.skipif(not SEED_CONTEXT.exists(), reason="../shared (seed and benchmark data) not present")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own store folder and no Neo4j or LLM settings from the developer's shell."""
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "OPENAI_API_KEY",
                 "OPENAI_BASE_URL", "METHODKG_MODEL"):
        monkeypatch.delenv(name, raising=False)
    store = tmp_path / "store"
    monkeypatch.setenv("METHODKG_STORE", str(store))
    return store


@pytest.fixture
def store_dir(isolated_environment: Path) -> Path:
    return isolated_environment


@pytest.fixture
def run_cli():
    """Run the real `methodkg` command line in-process; returns (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from cli import app

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, list(args))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return run
