"""methodkg command line: global options here, commands in `commands/` by group.

    methodkg [--store DIR | --neo4j URI] COMMAND ...
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from commands import cypher as cypher_commands
from commands import evaluate as evaluate_commands
from commands import ingest as ingest_commands
from commands import query as query_commands
from commands import report as report_commands
from commands.common import Settings, err_console

app = typer.Typer(
    name="methodkg",
    help="Turn papers into a knowledge graph of their deep-learning methodology, and answer questions from it "
         "with quotes, or exactly \"not stated\".",
    epilog="Example:\n\n  methodkg demo\n\n  methodkg ingest examples/papers/ && methodkg ask \"Which optimizer did they use?\"",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


@app.callback()
def global_options(
    ctx: typer.Context,
    store: Annotated[Path | None, typer.Option("--store", envvar="METHODKG_STORE",
                                               help="Embedded store folder (default ./.methodkg).")] = None,
    neo4j: Annotated[str | None, typer.Option("--neo4j", help="Neo4j URI instead of the embedded store (or NEO4J_URI).")] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")] = 0,
) -> None:
    """Global options, given before the command."""
    from rich.logging import RichHandler

    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    from schema.secrets import RedactingFilter, remember

    for name in ("OPENAI_API_KEY", "NEO4J_PASSWORD"):
        remember(os.environ.get(name))
    handler = RichHandler(console=err_console, show_path=False)
    handler.addFilter(RedactingFilter())
    logging.basicConfig(level=level, format="%(message)s", handlers=[handler])
    ctx.obj = Settings(store=store, neo4j=neo4j)


ingest_commands.register(app)
query_commands.register(app)
report_commands.register(app)
cypher_commands.register(app)
evaluate_commands.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
