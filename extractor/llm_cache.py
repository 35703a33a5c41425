"""The LLM response cache: one SQLite file, so the same ingest run again makes no HTTP call.

Where: `$METHODKG_CACHE_DIR/llm-cache.sqlite`, else `$XDG_CACHE_HOME/methodkg/`, else `~/.cache/methodkg/`.
Not in the store folder, because a Neo4j store has none and because an answer depends on the model and
the chunk, not on the store: re-ingesting the same papers into another store costs nothing.
The key covers everything the answer depends on: endpoint, model, mode, the prompt version (a hash of the
instructions, response schema and grounding rules) and the full messages sent for the chunk. Only successful answers are cached (a failure is retried next run).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path


def default_cache_path() -> Path:
    if os.environ.get("METHODKG_CACHE_DIR"):
        return Path(os.environ["METHODKG_CACHE_DIR"]) / "llm-cache.sqlite"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "methodkg" / "llm-cache.sqlite"


def cache_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class ResponseCache:
    """key -> answer JSON, safe to share between the extractor's threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, answer TEXT NOT NULL, "
                         "prompt_tokens INTEGER, completion_tokens INTEGER, created TEXT DEFAULT CURRENT_TIMESTAMP)")
        self._db.commit()

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT answer FROM responses WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, answer: str, prompt_tokens: int, completion_tokens: int) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO responses (key, answer, prompt_tokens, completion_tokens) "
                             "VALUES (?, ?, ?, ?)", (key, answer, prompt_tokens, completion_tokens))
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
