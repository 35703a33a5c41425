"""Write docs/cli.md from the commands' own --help, so the reference never drifts from the code.

    python scripts/gen_cli_docs.py          # rewrite docs/cli.md
    python scripts/gen_cli_docs.py --check  # exit 1 if docs/cli.md is stale (the tests run this)
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DOC = REPO / "docs" / "cli.md"


def render() -> str:
    import typer
    from typer.testing import CliRunner

    from cli import app

    command = typer.main.get_command(app)
    names = list(getattr(command, "commands", {}))  # registration order (typer may vendor its own click)
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}
    parts = ["# methodkg command reference", "",
             "Generated from `--help` by `python scripts/gen_cli_docs.py`; do not edit by hand.", ""]
    for name in [None, *names]:
        args = ([name] if name else []) + ["--help"]
        out = CliRunner().invoke(app, args, env=env, terminal_width=100).output
        lines = [line.rstrip() for line in out.splitlines()]
        parts += [f"## methodkg {name}" if name else "## methodkg", "", "```", *lines, "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is stale: run python scripts/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
