"""What every command shares: global settings, opening the store, error reporting, JSON output."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from schema.errors import MethodkgError

console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Embedded store folder (default ./.methodkg, or METHODKG_STORE).", show_default=False),
]
Neo4jOption = Annotated[
    str | None,
    typer.Option("--neo4j", help="Neo4j URI, e.g. bolt://127.0.0.1:7687 (or NEO4J_URI); credentials from "
                 "NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE.", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


@dataclass
class Settings:
    """Global options given before the command (`methodkg --store DIR ask ...`)."""

    store: Path | None = None
    neo4j: str | None = None


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj


def open_graph(ctx: typer.Context, store: Path | None = None, neo4j: str | None = None, *, write: bool = False):  # noqa: ANN201
    """The store named by the command's options, else the global ones, else the environment."""
    from graph.store import DEFAULT_STORE_DIR, open_store

    s = settings(ctx)
    uri = neo4j or s.neo4j
    directory = store or s.store
    if not write and not uri and not (directory is None and os.environ.get("NEO4J_URI")):
        folder = Path(directory or os.environ.get("METHODKG_STORE") or DEFAULT_STORE_DIR)
        if not folder.is_dir():  # a mistyped --store must not look like an empty corpus
            raise MethodkgError(f"no methodkg store at {folder}; run `methodkg ingest PATH` (or `methodkg demo`) "
                                "first, or give --store DIR")
    return open_store(directory, uri, write=write)


def fail(message: str, code: int = 1) -> typer.Exit:
    from rich.markup import escape

    from schema.secrets import redact

    err_console.print(f"[bold red]error:[/] {escape(redact(message))}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def reports_errors(func: F) -> F:
    """Turn methodkg's own errors into one clear line on stderr and a non-zero exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MethodkgError as error:
            raise fail(str(error)) from None
        except OSError as error:  # a path the user gave: missing, unwritable, a folder, a full disk
            where = f"{error.filename}: " if error.filename else ""
            raise fail(f"{where}{error.strerror or error}") from None
        except KeyboardInterrupt:
            err_console.print("[yellow]interrupted[/]: work done so far is kept; run the same command again to finish")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def progress_bar(verb: str, *, disable: bool = False):  # noqa: ANN201
    """The one progress bar style of every long command: on stderr, gone when done."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn(f"[bold]{verb}[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=err_console, transient=True, disable=disable)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_jsonl(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
