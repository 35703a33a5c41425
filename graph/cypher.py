"""Every Cypher statement methodkg sends to Neo4j, in one place (as neo4j-graphrag-python does).

Labels and relationship types are pasted into statement text only from the catalog's allow-list
(schema/catalog.py NODE_LABELS / REL_TYPES), checked again here; every value (paper ids, names, quotes,
questions) travels as a parameter. The statements are portable Cypher: no APOC, no dynamic labels, so
they run on Neo4j 5 and on the ArcadeDB test server alike (see docs/bolt-server.md).
"""

from __future__ import annotations

from schema.catalog import ASSESSED_REL, FACET_LABEL, FACETS, NODE_LABELS, PAPER_LABEL, REL_TYPES


def _label(name: str) -> str:
    if name not in NODE_LABELS:
        raise ValueError(f"{name!r} is not a node label of the catalog")
    return name


def _rel(name: str) -> str:
    if name not in REL_TYPES:
        raise ValueError(f"{name!r} is not a relationship type of the catalog")
    return name


PAPER = _label(PAPER_LABEL)
FACET = _label(FACET_LABEL)
ASSESSED = _rel(ASSESSED_REL)
VALUE_LABELS: tuple[str, ...] = tuple(_label(f.node_label) for f in FACETS)

# --- schema ---------------------------------------------------------------------------------------


def _unique(name: str, label: str, prop: str) -> str:
    return f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{_label(label)}) REQUIRE n.{prop} IS UNIQUE"


CONSTRAINTS: tuple[str, ...] = (
    _unique("methodkg_paper_id", PAPER, "paper_id"),
    _unique("methodkg_facet_key", FACET, "key"),
    *(_unique(f"methodkg_{label.lower()}_name", label, "name") for label in VALUE_LABELS),
)
SHOW_CONSTRAINTS = "SHOW CONSTRAINTS"

# --- writes (one managed transaction per batch of papers) -----------------------------------------
# A batch is three statements, whatever its size (graph/neo4j_store.py _write_batch): DELETE_PAPER_RELATIONSHIPS,
# MERGE_FACETS, WRITE_PAPERS; then DELETE_ORPHANS only for labels that really lost a value. Round trips, not rows,
# are what a Bolt write pays for (see benchmarks/bench_neo4j.py).

# Drop a paper's fact and ASSESSED relationships; returns the value nodes they pointed to, so the
# ones no paper points to any more can be removed (the embedded store does the same).
DELETE_PAPER_RELATIONSHIPS = (
    f"UNWIND $paper_ids AS pid MATCH (:{PAPER} {{paper_id: pid}})-[r]->(v) "
    "WITH r, v.name AS name, labels(v) AS labels DELETE r RETURN DISTINCT labels, name"
)
MERGE_FACETS = f"UNWIND $rows AS row MERGE (f:{FACET} {{key: row.key}}) SET f.question = row.question"


def _key(key: str) -> str:
    """A facet key used as a map key in statement text: lower-case identifier only."""
    if not key.replace("_", "").isalpha() or not key.islower():
        raise ValueError(f"{key!r} is not a facet key usable in Cypher")
    return key


def _write_papers() -> str:
    """One statement per batch: each paper row carries its properties, its ASSESSED rows and its facts by
    facet key. The batch's Facet nodes are matched once (MERGE_FACETS ran before) and picked from that short
    list per ASSESSED row, the Paper node is found once per paper (not once per fact), value nodes are
    MERGEd (shared between papers), and relationships are CREATEd: DELETE_PAPER_RELATIONSHIPS ran first in
    the same transaction, so none can exist, and rows come deduplicated by fact_id. FOREACH is standard
    Cypher (Neo4j 5, ArcadeDB); facets a paper has no fact for are absent from row.facts (coalesce)."""
    parts = [
        f"MATCH (f:{FACET}) WHERE f.key IN $facet_keys WITH collect(f) AS facets",
        f"UNWIND $papers AS row MERGE (p:{PAPER} {{paper_id: row.paper_id}}) SET p = row.props",
        "FOREACH (a IN row.assessed | FOREACH (f IN [g IN facets WHERE g.key = a.facet] | "
        f"CREATE (p)-[r:{ASSESSED}]->(f) SET r = a.props))",
    ]
    for facet in FACETS:
        parts.append(
            f"FOREACH (x IN coalesce(row.facts.{_key(facet.key)}, []) | "
            f"MERGE (v:{_label(facet.node_label)} {{name: x.value}}) "
            f"CREATE (p)-[r:{_rel(facet.rel_type)}]->(v) SET r = x.props)"
        )
    return " ".join(parts)


WRITE_PAPERS = _write_papers()


def _delete_orphans(label: str) -> str:
    return f"UNWIND $names AS name MATCH (v:{_label(label)} {{name: name}}) WHERE NOT ()-->(v) DELETE v"


DELETE_ORPHANS: dict[str, str] = {label: _delete_orphans(label) for label in VALUE_LABELS}  # by node label

# The naive writer of benchmarks/bench_neo4j.py: one auto-commit statement per fact (what not to do).
NAIVE_MERGE_PAPER = f"MERGE (p:{PAPER} {{paper_id: $row.paper_id}}) SET p = $row"
NAIVE_MERGE_ASSESSED = (f"MATCH (p:{PAPER} {{paper_id: $paper_id}}) MERGE (f:{FACET} {{key: $facet}}) "
                        f"SET f.question = $question MERGE (p)-[r:{ASSESSED}]->(f) SET r = $props")
NAIVE_MERGE_FACT: dict[str, str] = {
    f.key: (f"MATCH (p:{PAPER} {{paper_id: $paper_id}}) MERGE (v:{_label(f.node_label)} {{name: $value}}) "
            f"MERGE (p)-[r:{_rel(f.rel_type)} {{fact_id: $fact_id}}]->(v) SET r = $props")
    for f in FACETS
}

# --- reads ----------------------------------------------------------------------------------------

READ_PAPER = f"MATCH (p:{PAPER} {{paper_id: $paper_id}}) RETURN properties(p) AS props"
READ_PAPER_RELATIONSHIPS = (
    f"MATCH (:{PAPER} {{paper_id: $paper_id}})-[r]->(v) "
    "RETURN type(r) AS type, properties(r) AS props, v.name AS name, v.key AS key"
)
FINGERPRINT = f"MATCH (p:{PAPER} {{paper_id: $paper_id}}) RETURN p.sha256 AS sha256, p.extractor AS extractor"
PAPER_IDS = f"MATCH (p:{PAPER}) RETURN p.paper_id AS paper_id"
SUMMARIES = (
    f"MATCH (p:{PAPER}) OPTIONAL MATCH (p)-[r]->() "
    "RETURN p.paper_id AS paper_id, p.title AS title, p.sha256 AS sha256, p.extractor AS extractor, "
    f"count(r) AS relationships, sum(CASE WHEN type(r) = '{ASSESSED}' THEN 1 ELSE 0 END) AS assessed"
)
COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS n"
PING = "RETURN 1 AS ok"

# --- maintenance (tests and benchmarks start from an empty database) ------------------------------

CLEAR_DATABASE = "MATCH (n) DETACH DELETE n"
