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


def stored_rows(store: Path) -> list[tuple[str, str]]:
    """What the embedded store holds, paper by paper (id, rows JSON): compares stores without timestamps of files."""
    import sqlite3

    from graph.embedded import GRAPH_FILE

    db = sqlite3.connect(f"{(store / GRAPH_FILE).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return db.execute("SELECT paper_id, rows FROM papers ORDER BY paper_id").fetchall()
    finally:
        db.close()


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


# --- the test Bolt server (scripts/bolt-server: ArcadeDB standing in for Neo4j 5) ----------------------------------
BOLT_SCRIPT = Path(os.environ.get("METHODKG_BOLT_SCRIPT", REPO / "scripts" / "bolt-server"))


def bolt_env_of(script: Path) -> dict[str, str]:
    """NEO4J_* settings of the running server, from `scripts/bolt-server env`."""
    import shlex
    import subprocess

    out = subprocess.run([str(script), "env"], capture_output=True, text=True, timeout=60)
    if out.returncode:
        pytest.fail(f"{script} env failed: {out.stderr.strip()}")
    env = {}
    for line in out.stdout.splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export":
            key, _, value = words[1].partition("=")
            env[key] = value
    return env


def start_bolt_server(script: Path = BOLT_SCRIPT) -> str:
    import subprocess

    if not script.exists():
        pytest.fail(f"{script} is missing: the Bolt tests need the test server script (see docs/bolt-server.md)")
    out = subprocess.run([str(script), "start"], capture_output=True, text=True, timeout=900)
    if out.returncode:
        pytest.fail(f"the test Bolt server did not start ({script} start):\n{out.stdout}\n{out.stderr[-3000:]}")
    return out.stdout


@pytest.fixture(scope="session")
def bolt_server() -> dict[str, str]:
    """Start the test Bolt server once per session; fail loudly (never skip) if it cannot start."""
    import subprocess

    output = start_bolt_server()
    yield bolt_env_of(BOLT_SCRIPT)
    if "already running" not in output and os.environ.get("METHODKG_BOLT_KEEP") != "1":
        subprocess.run([str(BOLT_SCRIPT), "stop"], capture_output=True, text=True, timeout=120)


@pytest.fixture
def bolt(bolt_server: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    """A Neo4jStore on an empty database (tests run serially), with NEO4J_* set for the CLI."""
    from graph.neo4j_store import Neo4jStore

    for key, value in bolt_server.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("NEO4J_URI", raising=False)  # commands get --neo4j explicitly
    store = Neo4jStore.from_env(bolt_server["NEO4J_URI"])
    store.clear()
    yield store
    store.close()
