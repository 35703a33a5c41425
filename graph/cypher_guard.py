"""Refuse a user's Cypher that writes, before it reaches a server that might not enforce read mode.

ArcadeDB runs writes inside READ transactions (docs/bolt-server.md), so `methodkg cypher` checks the
text too: a small tokenizer skips string literals, backquoted names and comments, then looks for
write clauses as keywords (not as `.property`, `$param` or map keys). Conservative by design: a
query it refuses by mistake can still be run with --write; a write it let through would not be undone.
"""

from __future__ import annotations

import re

from schema.errors import QueryRefused

# Clauses that change data or schema, or call procedures (which may write).
WRITE_KEYWORDS = frozenset({"INSERT", "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "LOAD", "CALL",
                            "FOREACH", "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "TERMINATE"})

_TOKEN = re.compile(r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
  | (?P<param>\$\w+)
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)


def tokens(query: str) -> list[tuple[str, str]]:
    """(kind, text) of each token; comments are dropped, strings and quoted names kept as one token."""
    return [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(query) if m.lastgroup != "comment"]


def write_clauses(query: str) -> list[str]:
    """The write keywords a query uses as clauses, in order (empty for a read-only query)."""
    found = []
    toks = tokens(query)
    for i, (kind, text) in enumerate(toks):
        if kind != "word" or text.upper() not in WRITE_KEYWORDS:
            continue
        before = toks[i - 1][1] if i else ""
        after = toks[i + 1][1] if i + 1 < len(toks) else ""
        if before == "." or after == ":":  # n.set, {set: 1}: a property name, not a clause
            continue
        found.append(text.upper())
    return found


def refuse_writes(query: str) -> None:
    """Raise QueryRefused when the query would write (the caller did not pass --write)."""
    found = write_clauses(query)
    if found:
        clauses = ", ".join(dict.fromkeys(found))
        raise QueryRefused(f"this query writes ({clauses}); methodkg cypher is read-only unless you pass --write")


def parameter_names(query: str) -> list[str]:
    return [text[1:] for kind, text in tokens(query) if kind == "param"]
