#!/usr/bin/env python3
"""Bolt/Cypher compatibility probe for methodkg's Neo4j usage.

Runs the Cypher features methodkg relies on against the server named by
NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE (defaults: the
local scripts/bolt-server) and prints one line per check: OK / FAIL + detail.

    scripts/bolt-server start
    eval "$(scripts/bolt-server env)"
    .bolt-server/venv/bin/python scripts/bolt_probe.py [--slow]

--slow also times the server-down cases with the driver's default retry and
acquisition timeouts (takes about three minutes).

Only touches nodes whose paper_id/model_id start with "probe-" (deleted first
and last) and the constraint/index named probe_paper_id_unique. Exit status is
always 0 unless the server is unreachable: failures are findings, not errors.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import traceback

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError

URI = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
AUTH = (os.environ.get("NEO4J_USERNAME", "root"), os.environ.get("NEO4J_PASSWORD", "methodkg-test"))
DB = os.environ.get("NEO4J_DATABASE", "neo4j")

RESULTS: list[tuple[str, str, str]] = []


def check(name):
    def deco(fn):
        def run(driver):
            try:
                detail = fn(driver)
                status = "OK"
                if isinstance(detail, tuple):
                    status, detail = detail
            except AssertionError as e:
                status, detail = "FAIL", f"wrong result: {e}"
            except Exception as e:  # noqa: BLE001 - every failure is a finding
                status, detail = "FAIL", f"{type(e).__name__}: {short(e)}"
            RESULTS.append((status, name, str(detail or "")))
            print(f"{status:5} {name}" + (f"  -- {detail}" if detail else ""), flush=True)

        run.__name__ = fn.__name__
        CHECKS.append(run)
        return run

    return deco


CHECKS = []


def short(e: Exception) -> str:
    msg = getattr(e, "message", None) or str(e)
    code = getattr(e, "code", None)
    msg = " ".join(str(msg).split())
    return (f"[{code}] " if code else "") + msg[:220]


def q(driver, cypher, **params):
    records, summary, _ = driver.execute_query(cypher, params, database_=DB)
    return records, summary


def cleanup(driver):
    q(driver, "MATCH (n) WHERE n.paper_id STARTS WITH 'probe-' OR n.model_id STARTS WITH 'probe-' "
              "DETACH DELETE n")


PAPERS = [
    {"paper_id": "probe-p1", "title": "One", "props": {"year": 2020, "venue": "X", "tags": ["a", "b"]}},
    {"paper_id": "probe-p2", "title": "Two", "props": {"year": 2021, "venue": "Y"}},
    {"paper_id": "probe-p3", "title": "Three", "props": {"year": 2022, "venue": "Y"}},
]
FACTS = [
    {"paper_id": "probe-p1", "model_id": "probe-m1", "fact_id": "f1", "props": {"conf": 0.9, "quote": "a"}},
    {"paper_id": "probe-p1", "model_id": "probe-m2", "fact_id": "f2", "props": {"conf": 0.5, "quote": "b"}},
    {"paper_id": "probe-p2", "model_id": "probe-m1", "fact_id": "f3", "props": {"conf": 0.7, "quote": "c"}},
]


# ---------------------------------------------------------------- schema
@check("CREATE CONSTRAINT ... IF NOT EXISTS FOR (n:Paper) REQUIRE n.paper_id IS UNIQUE")
def c_constraint(d):
    stmt = ("CREATE CONSTRAINT probe_paper_id_unique IF NOT EXISTS "
            "FOR (n:Paper) REQUIRE n.paper_id IS UNIQUE")
    q(d, stmt)
    q(d, stmt)  # idempotent?
    return "accepted twice (IF NOT EXISTS)"


@check("unique constraint actually enforced (CREATE duplicate Paper.paper_id)")
def c_constraint_enforced(d):
    q(d, "CREATE (:Paper {paper_id: 'probe-dup'})")
    try:
        q(d, "CREATE (:Paper {paper_id: 'probe-dup'})")
    except Neo4jError as e:
        return f"duplicate refused: {type(e).__name__} {short(e)[:120]}"
    n = q(d, "MATCH (p:Paper {paper_id: 'probe-dup'}) RETURN count(p) AS n")[0][0]["n"]
    return "FAIL", f"duplicate accepted silently ({n} nodes)"


@check("SHOW CONSTRAINTS / SHOW INDEXES")
def c_show(d):
    out = []
    for stmt in ("SHOW CONSTRAINTS", "SHOW INDEXES"):
        try:
            recs = q(d, stmt)[0]
            out.append(f"{stmt}: {len(recs)} rows")
        except Neo4jError as e:
            out.append(f"{stmt}: {short(e)[:80]}")
    status = "OK" if all("rows" in o for o in out) else "FAIL"
    return status, "; ".join(out)


@check("CREATE INDEX name IF NOT EXISTS FOR (n:Model) ON (n.model_id)")
def c_index(d):
    q(d, "CREATE INDEX probe_model_id IF NOT EXISTS FOR (n:Model) ON (n.model_id)")
    q(d, "CREATE INDEX probe_model_id IF NOT EXISTS FOR (n:Model) ON (n.model_id)")
    return "accepted twice"


@check("DROP CONSTRAINT / DROP INDEX name IF EXISTS")
def c_drop(d):
    q(d, "MATCH (p:Paper {paper_id: 'probe-dup'}) DETACH DELETE p")
    q(d, "DROP CONSTRAINT probe_paper_id_unique IF EXISTS")
    q(d, "DROP INDEX probe_model_id IF EXISTS")
    return ""


# ---------------------------------------------------------------- writes
@check("UNWIND $rows MERGE (p:Paper {paper_id}) SET p += row.props, p.title = row.title")
def c_merge_nodes(d):
    cypher = ("UNWIND $rows AS row MERGE (p:Paper {paper_id: row.paper_id}) "
              "SET p += row.props SET p.title = row.title")
    _, s = q(d, cypher, rows=PAPERS)
    q(d, cypher, rows=PAPERS)  # second run must not duplicate
    recs = q(d, "MATCH (p:Paper) WHERE p.paper_id STARTS WITH 'probe-' "
                "RETURN p.paper_id AS id, p.title AS t, p.year AS y, p.venue AS v, p.tags AS g "
                "ORDER BY id")[0]
    assert recs[0]["g"] == ["a", "b"], recs[0]["g"]
    got = [(r["id"], r["t"], r["y"], r["v"]) for r in recs]
    assert got == [("probe-p1", "One", 2020, "X"), ("probe-p2", "Two", 2021, "Y"),
                   ("probe-p3", "Three", 2022, "Y")], got
    c = s.counters
    return f"idempotent; counters nodes_created={c.nodes_created} properties_set={c.properties_set}"


@check("MERGE (p)-[r:USES_MODEL {fact_id}]->(m) SET r += row.props")
def c_merge_rels(d):
    cypher = ("UNWIND $rows AS row MATCH (p:Paper {paper_id: row.paper_id}) "
              "MERGE (m:Model {model_id: row.model_id}) "
              "MERGE (p)-[r:USES_MODEL {fact_id: row.fact_id}]->(m) SET r += row.props")
    _, s = q(d, cypher, rows=FACTS)
    q(d, cypher, rows=FACTS)
    recs = q(d, "MATCH (p:Paper)-[r:USES_MODEL]->(m:Model) WHERE p.paper_id STARTS WITH 'probe-' "
                "RETURN r.fact_id AS f, r.conf AS c, m.model_id AS m ORDER BY f")[0]
    got = [(r["f"], r["c"], r["m"]) for r in recs]
    assert got == [("f1", 0.9, "probe-m1"), ("f2", 0.5, "probe-m2"), ("f3", 0.7, "probe-m1")], got
    c = s.counters
    return f"idempotent; relationships_created={c.relationships_created}"


@check("MERGE ... ON CREATE SET / ON MATCH SET")
def c_on_create_match(d):
    cypher = ("MERGE (m:Model {model_id: 'probe-m3'}) "
              "ON CREATE SET m.created = 1, m.seen = 1 ON MATCH SET m.seen = m.seen + 1 "
              "RETURN m.created AS c, m.seen AS s")
    r1 = q(d, cypher)[0][0]
    r2 = q(d, cypher)[0][0]
    assert (r1["c"], r1["s"], r2["c"], r2["s"]) == (1, 1, 1, 2), (dict(r1), dict(r2))
    return ""


@check("SET p += {k: null} removes a property")
def c_set_null(d):
    q(d, "MATCH (p:Paper {paper_id: 'probe-p3'}) SET p += $m", m={"venue": None})
    v = q(d, "MATCH (p:Paper {paper_id: 'probe-p3'}) RETURN p.venue AS v, keys(p) AS k")[0][0]
    assert v["v"] is None and "venue" not in v["k"], dict(v)
    return ""


# ---------------------------------------------------------------- reads
@check("MATCH (p:Paper)-[r]->(v) RETURN type(r), labels(v), properties(r)")
def c_type_labels(d):
    recs = q(d, "MATCH (p:Paper {paper_id: 'probe-p1'})-[r]->(v) "
                "RETURN type(r) AS t, labels(v) AS l, properties(r) AS pr ORDER BY r.fact_id")[0]
    got = [(r["t"], r["l"], r["pr"]) for r in recs]
    assert got[0][0] == "USES_MODEL" and got[0][1] == ["Model"], got
    assert got[0][2] == {"fact_id": "f1", "conf": 0.9, "quote": "a"}, got[0][2]
    return ""


@check("returned Node/Relationship objects (labels, element_id, type)")
def c_graph_objects(d):
    r = q(d, "MATCH (p:Paper {paper_id: 'probe-p1'})-[r:USES_MODEL {fact_id: 'f1'}]->(m) "
             "RETURN p, r, m")[0][0]
    p, rel, _m = r["p"], r["r"], r["m"]
    assert isinstance(p, neo4j.graph.Node) and set(p.labels) == {"Paper"}, p
    assert isinstance(rel, neo4j.graph.Relationship) and rel.type == "USES_MODEL", rel
    assert rel.start_node.element_id == p.element_id, (rel.start_node, p)
    return f"element_id like {p.element_id!r}"


@check("OPTIONAL MATCH")
def c_optional(d):
    recs = q(d, "MATCH (p:Paper) WHERE p.paper_id STARTS WITH 'probe-' "
                "OPTIONAL MATCH (p)-[:USES_MODEL]->(m) RETURN p.paper_id AS p, m.model_id AS m "
                "ORDER BY p, m")[0]
    got = [(r["p"], r["m"]) for r in recs]
    assert ("probe-p3", None) in got and len(got) == 4, got
    return ""


@check("count(DISTINCT ...), collect(...), ORDER BY")
def c_aggr(d):
    recs = q(d, "MATCH (p:Paper)-[:USES_MODEL]->(m:Model) WHERE p.paper_id STARTS WITH 'probe-' "
                "RETURN m.model_id AS m, count(DISTINCT p) AS n, collect(p.paper_id) AS ps "
                "ORDER BY n DESC, m")[0]
    got = [(r["m"], r["n"], sorted(r["ps"])) for r in recs]
    assert got == [("probe-m1", 2, ["probe-p1", "probe-p2"]), ("probe-m2", 1, ["probe-p1"])], got
    return ""


@check("WHERE NOT (p)-[:USES_MODEL]->() pattern predicate")
def c_not_pattern(d):
    recs = q(d, "MATCH (p:Paper) WHERE p.paper_id STARTS WITH 'probe-' "
                "AND NOT (p)-[:USES_MODEL]->() RETURN p.paper_id AS p")[0]
    got = [r["p"] for r in recs]
    assert got == ["probe-p3"], got
    recs = q(d, "MATCH (p:Paper) WHERE p.paper_id STARTS WITH 'probe-' "
                "AND NOT (p)-[:ASSESSED]->() RETURN count(p) AS n")[0]
    assert recs[0]["n"] == 3, recs[0]["n"]
    return "also OK with a relationship type that does not exist yet"


@check("EXISTS { MATCH ... } subquery")
def c_exists(d):
    recs = q(d, "MATCH (p:Paper) WHERE p.paper_id STARTS WITH 'probe-' AND "
                "EXISTS { MATCH (p)-[r:USES_MODEL]->(m:Model) WHERE r.conf > 0.8 } "
                "RETURN p.paper_id AS p")[0]
    got = [r["p"] for r in recs]
    assert got == ["probe-p1"], got
    return ""


@check("MATCH (n) RETURN count(n) / MATCH ()-[r]->() RETURN count(r)")
def c_counts(d):
    n = q(d, "MATCH (n) RETURN count(n) AS n")[0][0]["n"]
    r = q(d, "MATCH ()-[r]->() RETURN count(r) AS n")[0][0]["n"]
    assert n >= 6 and r >= 3, (n, r)
    return f"nodes={n} rels={r}"


@check("bulk: UNWIND 2000 rows MERGE nodes + relationships (timing)")
def c_bulk(d):
    rows = [{"paper_id": f"probe-b{i}", "model_id": f"probe-bm{i % 50}", "fact_id": f"b{i}"}
            for i in range(2000)]
    t0 = time.monotonic()
    q(d, "UNWIND $rows AS row MERGE (p:Paper {paper_id: row.paper_id}) "
         "MERGE (m:Model {model_id: row.model_id}) "
         "MERGE (p)-[r:USES_MODEL {fact_id: row.fact_id}]->(m)", rows=rows)
    dt = time.monotonic() - t0
    n = q(d, "MATCH (p:Paper)-[r:USES_MODEL]->() WHERE p.paper_id STARTS WITH 'probe-b' "
             "RETURN count(r) AS n")[0][0]["n"]
    assert n == 2000, n
    q(d, "MATCH (n) WHERE n.paper_id STARTS WITH 'probe-b' OR n.model_id STARTS WITH 'probe-bm' "
         "DETACH DELETE n")
    return f"{dt:.1f}s without indexes"


# ---------------------------------------------------------------- deletes
@check("MATCH (p)-[r:USES_MODEL]->() DELETE r")
def c_delete_rel(d):
    _, s = q(d, "MATCH (p:Paper {paper_id: 'probe-p2'})-[r:USES_MODEL]->() DELETE r")
    n = q(d, "MATCH (p:Paper {paper_id: 'probe-p2'})-[r]->() RETURN count(r) AS n")[0][0]["n"]
    assert n == 0, n
    return f"relationships_deleted={s.counters.relationships_deleted}"


@check("DELETE of a node that still has relationships is refused")
def c_delete_attached(d):
    try:
        q(d, "MATCH (p:Paper {paper_id: 'probe-p1'}) DELETE p")
    except Neo4jError as e:
        return f"refused: {type(e).__name__} {short(e)[:100]}"
    n = q(d, "MATCH (p:Paper {paper_id: 'probe-p1'}) RETURN count(p) AS n")[0][0]["n"]
    dangling = q(d, "MATCH ()-[r:USES_MODEL {fact_id: 'f1'}]->() RETURN count(r) AS n")[0][0]["n"]
    return "FAIL", f"accepted (paper left={n}, its relationship left={dangling}) - Neo4j refuses"


@check("DETACH DELETE")
def c_detach(d):
    _, s = q(d, "MATCH (p:Paper {paper_id: 'probe-p1'}) DETACH DELETE p")
    n = q(d, "MATCH ()-[r:USES_MODEL {fact_id: 'f1'}]->() RETURN count(r) AS n")[0][0]["n"]
    assert n == 0, n
    return (f"nodes_deleted={s.counters.nodes_deleted} "
            f"relationships_deleted={s.counters.relationships_deleted}")


# ---------------------------------------------------------------- transactions
@check("session.execute_write(fn) / execute_read(fn)")
def c_managed(d):
    with d.session(database=DB) as s:
        s.execute_write(lambda tx: tx.run("MERGE (:Paper {paper_id: 'probe-tx'})").consume())
        n = s.execute_read(lambda tx: tx.run(
            "MATCH (p:Paper {paper_id: 'probe-tx'}) RETURN count(p) AS n").single()["n"])
    assert n == 1, n
    return ""


def _write_refused(run) -> str | None:
    """Return the refusal message, or None if the write went through."""
    q(d_global, "MATCH (p:Paper {paper_id: 'probe-ro'}) DETACH DELETE p")
    try:
        run()
    except Neo4jError as e:
        return short(e)[:120]
    n = q(d_global, "MATCH (p:Paper {paper_id: 'probe-ro'}) RETURN count(p) AS n")[0][0]["n"]
    return None if n else "no error, but nothing written"


def _refusal_verdict(run):
    """What a check reports for a write that read mode should refuse."""
    msg = _write_refused(run)
    if msg is None:
        return "FAIL", "NOT enforced: the node was created (client-side guard needed)"
    return f"refused: {msg}"


@check("write inside execute_read is refused (READ access mode)")
def c_read_mode(d):
    def go():
        with d.session(database=DB) as s:
            s.execute_read(lambda tx: tx.run("CREATE (:Paper {paper_id: 'probe-ro'})").consume())
    return _refusal_verdict(go)


@check("write via session(default_access_mode=READ).run() is refused")
def c_read_mode_autocommit(d):
    def go():
        with d.session(database=DB, default_access_mode=neo4j.READ_ACCESS) as s:
            s.run("CREATE (:Paper {paper_id: 'probe-ro'})").consume()
    return _refusal_verdict(go)


@check("write via driver.execute_query(routing_=READ) is refused")
def c_read_mode_eq(d):
    def go():
        d.execute_query("CREATE (:Paper {paper_id: 'probe-ro'})", database_=DB,
                        routing_=neo4j.RoutingControl.READ)
    return _refusal_verdict(go)


@check("EXPLAIN summary.query_type usable as client-side read-only guard")
def c_explain(d):
    types = []
    for stmt in ("MATCH (n) RETURN count(n)", "CREATE (:Paper {paper_id: 'probe-explain'})",
                 "MATCH (p:Paper {paper_id: 'probe-x'}) SET p.a = 1"):
        _, s = q(d, "EXPLAIN " + stmt)
        types.append(s.query_type)
    n = q(d, "MATCH (p:Paper {paper_id: 'probe-explain'}) RETURN count(p) AS n")[0][0]["n"]
    assert n == 0, "EXPLAIN executed the CREATE"
    detail = f"query_type read/create/set = {types} (Neo4j: 'r'/'w'/'rw'); EXPLAIN does not execute"
    return ("OK" if types[0] == "r" and types[1] in ("w", "rw") else "FAIL"), detail


@check("execute_write fn raising mid-way -> rolled back")
def c_rollback_client(d):
    class Boom(Exception):
        pass

    def work(tx):
        tx.run("CREATE (:Paper {paper_id: 'probe-rb1'})").consume()
        tx.run("CREATE (:Paper {paper_id: 'probe-rb2'})").consume()
        raise Boom()

    with d.session(database=DB) as s, contextlib.suppress(Boom):
        s.execute_write(work)
    n = q(d, "MATCH (p:Paper) WHERE p.paper_id IN ['probe-rb1', 'probe-rb2'] RETURN count(p) AS n")[0][0]["n"]
    assert n == 0, f"{n} nodes half-written"
    return ""


@check("server error mid-transaction -> earlier statements rolled back")
def c_rollback_server(d):
    def work(tx):
        tx.run("CREATE (:Paper {paper_id: 'probe-rb3'})").consume()
        tx.run("UNWIND [1, 0] AS x RETURN 1 / x AS y").consume()  # division by zero

    err = None
    with d.session(database=DB) as s:
        try:
            s.execute_write(work)
        except Neo4jError as e:
            err = short(e)[:100]
    n = q(d, "MATCH (p:Paper {paper_id: 'probe-rb3'}) RETURN count(p) AS n")[0][0]["n"]
    if err is None:
        return "FAIL", f"1/0 raised no error (node count {n})"
    assert n == 0, f"{n} nodes half-written after: {err}"
    return f"error was: {err}"


@check("explicit tx: begin_transaction / rollback")
def c_explicit(d):
    with d.session(database=DB) as s:
        tx = s.begin_transaction()
        tx.run("CREATE (:Paper {paper_id: 'probe-rb4'})").consume()
        tx.rollback()
    n = q(d, "MATCH (p:Paper {paper_id: 'probe-rb4'}) RETURN count(p) AS n")[0][0]["n"]
    assert n == 0, n
    return ""


# ---------------------------------------------------------------- server down
def probe_down() -> None:
    import socket

    dead = socket.socket()  # bound, not listening: connection refused
    dead.bind(("127.0.0.1", 0))
    cases = ((f"bolt://127.0.0.1:{dead.getsockname()[1]}", "nothing listening"),
             (None, "listener that never answers"))
    fast = {"connection_timeout": 3, "connection_acquisition_timeout": 5,
            "max_transaction_retry_time": 0}
    variants = [("verify_connectivity", fast), ("execute_query", fast)]
    if "--slow" in sys.argv:  # driver defaults apart from connection_timeout: minutes
        variants += [("verify_connectivity", {"connection_timeout": 3}),
                     ("execute_query", {"connection_timeout": 3})]
    for uri, what in cases:
        for how, kw in variants:
            if uri is None or what.startswith("listener"):
                # TCP connects (kernel backlog) but no Bolt handshake reply: a hung server
                silent = socket.socket()
                silent.bind(("127.0.0.1", 0))
                silent.listen(16)
                uri = f"bolt://127.0.0.1:{silent.getsockname()[1]}"
            t0 = time.monotonic()
            try:
                with GraphDatabase.driver(uri, auth=AUTH, **kw) as drv:
                    if how == "verify_connectivity":
                        drv.verify_connectivity()
                    else:
                        drv.execute_query("RETURN 1")
                status, detail = "FAIL", "no exception"
            except Exception as e:  # noqa: BLE001
                status = "OK"
                detail = (f"{type(e).__module__}.{type(e).__name__} after "
                          f"{time.monotonic() - t0:.1f}s")
            opts = ",".join(f"{k}={v}" for k, v in kw.items())
            name = f"server down ({what}): {how} with {opts}"
            RESULTS.append((status, name, detail))
            print(f"{status:5} {name}  -- {detail}", flush=True)
    dead.close()


def main() -> int:
    global d_global
    print(f"neo4j driver {neo4j.__version__}; target {URI} database {DB}")
    with GraphDatabase.driver(URI, auth=AUTH, connection_timeout=5) as d:
        try:
            info = d.get_server_info()
        except Exception as e:  # noqa: BLE001
            print(f"cannot reach {URI}: {type(e).__name__}: {e}", file=sys.stderr)
            return 2
        print(f"server agent: {info.agent}; bolt protocol {info.protocol_version}")
        d_global = d
        cleanup(d)
        for run in CHECKS:
            run(d)
        try:
            q(d, "DROP CONSTRAINT probe_paper_id_unique IF EXISTS")
            q(d, "DROP INDEX probe_model_id IF EXISTS")
        except Exception:  # noqa: BLE001
            pass
        cleanup(d)
    probe_down()
    bad = [r for r in RESULTS if r[0] != "OK"]
    print(f"\n{len(RESULTS) - len(bad)} OK, {len(bad)} FAIL")
    return 0


d_global = None

if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(3)
