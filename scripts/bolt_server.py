"""Helper behind scripts/bolt-server: run ArcadeDB with its Bolt plugin.

Runs inside .bolt-server/venv (arcadedb-embedded + neo4j). The server is the
wheel's bundled JRE running com.arcadedb.server.ArcadeDBServer directly, so no
JPype process has to stay alive. Usage: bolt_server.py --state DIR CMD.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"
USER = "root"  # ArcadeDB's administrator; the only user we create
DATABASE = "neo4j"  # created at first start; same name as Neo4j's default db
MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"


def fail(msg: str, log: Path | None = None) -> None:
    print(f"bolt-server: ERROR: {msg}", file=sys.stderr)
    if log is not None and log.exists():
        lines = log.read_text(errors="replace").splitlines()[-40:]
        print(f"--- last lines of {log} ---", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)
    sys.exit(1)


class Server:
    def __init__(self, state: Path) -> None:
        self.state = state
        self.pidfile = state / "server.pid"
        self.conffile = state / "server.json"  # ports + credentials of the running server
        self.log = state / "server.log"
        self.data = state / "data"

    # -- process bookkeeping -------------------------------------------------
    def pid(self) -> int | None:
        """Pid of our running server, or None (stale pid files are removed)."""
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            if MAIN_CLASS in cmdline and str(self.data) in cmdline:
                return pid
        except FileNotFoundError:  # no /proc (not Linux): trust the live pid
            return pid
        except (ProcessLookupError, PermissionError):
            pass
        self.pidfile.unlink(missing_ok=True)  # dead, or pid reused by another program
        return None

    def conf(self) -> dict | None:
        try:
            return json.loads(self.conffile.read_text())
        except (OSError, ValueError):
            return None

    # -- readiness -----------------------------------------------------------
    @staticmethod
    def ping(conf: dict, timeout: float = 3.0) -> None:
        """Run RETURN 1 through the official driver; raises on failure."""
        from neo4j import GraphDatabase

        with GraphDatabase.driver(
            conf["uri"],
            auth=(conf["user"], conf["password"]),
            connection_timeout=timeout,
            connection_acquisition_timeout=timeout,  # bounds the Bolt handshake too
            max_transaction_retry_time=0,
        ) as driver:
            with driver.session(database=conf["database"]) as session:
                value = session.run("RETURN 1 AS ok").single()["ok"]
                if value != 1:
                    raise RuntimeError(f"RETURN 1 gave {value!r}")

    def ready(self) -> bool:
        conf = self.conf()
        if self.pid() is None or conf is None:
            return False
        try:
            self.ping(conf)
            return True
        except Exception:
            return False

    # -- commands ------------------------------------------------------------
    def start(self) -> None:
        timeout = float(os.environ.get("METHODKG_BOLT_TIMEOUT", "120"))
        pid = self.pid()
        if pid is not None and self.conf() is not None:
            if self.ready():
                print(f"bolt-server: already running and ready at {self.conf()['uri']}")
                return
            print(f"bolt-server: pid {pid} is running but not ready yet; waiting", file=sys.stderr)
            self.wait_ready(self.conf(), pid, lambda: not alive(pid), timeout)
            return
        if pid is not None:  # running without its server.json: restart it
            self.stop(quiet=True)

        bolt_port = int(os.environ.get("METHODKG_BOLT_PORT", "7687"))
        http_port = int(os.environ.get("METHODKG_BOLT_HTTP_PORT", "0")) or free_port()
        password = os.environ.get("METHODKG_BOLT_PASSWORD", "methodkg-test")
        if len(password) < 8:
            fail("METHODKG_BOLT_PASSWORD must be at least 8 characters (ArcadeDB rule)")
        for port in (bolt_port, http_port):
            if not port_free(port):
                fail(f"port {HOST}:{port} is already in use (set METHODKG_BOLT_PORT / METHODKG_BOLT_HTTP_PORT)")

        pkg = Path(importlib.util.find_spec("arcadedb_embedded").submodule_search_locations[0])
        java = pkg / "jre" / "bin" / "java"
        self.data.mkdir(parents=True, exist_ok=True)
        # The root password is read from a file (only at the first start, when
        # the data dir gets its users file) so it does not show up in `ps`.
        pwfile = self.state / "root-password"
        pwfile.write_text(password)
        pwfile.chmod(0o600)
        cmd = [
            str(java),
            f"-Xmx{os.environ.get('METHODKG_BOLT_HEAP', '512m')}",
            "--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.nio.channels.spi=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Djava.awt.headless=true",
            "-Dfile.encoding=UTF8",
            "-Dpolyglot.engine.WarnInterpreterOnly=false",
            f"-XX:ErrorFile={self.state}/log/hs_err_pid%p.log",
            "-cp",
            f"{pkg}/jars/*",
            f"-Darcadedb.server.rootPath={self.data}",
            f"-Darcadedb.server.rootPasswordPath={pwfile}",
            f"-Darcadedb.server.logsDirectory={self.state}/log",
            f"-Darcadedb.server.httpIncomingHost={HOST}",
            f"-Darcadedb.server.httpIncomingPort={http_port}",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            f"-Darcadedb.bolt.host={HOST}",
            f"-Darcadedb.bolt.port={bolt_port}",
            f"-Darcadedb.bolt.defaultDatabase={DATABASE}",
            # Creates the database on first start (the Bolt plugin does not),
            # granting the root user; an existing database is just opened.
            f"-Darcadedb.server.defaultDatabases={DATABASE}[{USER}]",
            MAIN_CLASS,
        ]
        with open(self.log, "ab") as log:
            log.write(f"\n=== bolt-server start {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n".encode())
            log.flush()
            proc = subprocess.Popen(
                cmd, cwd=self.state, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.pidfile.write_text(f"{proc.pid}\n")
        conf = {
            "uri": f"bolt://{HOST}:{bolt_port}", "user": USER, "password": password,
            "database": DATABASE, "http_port": http_port, "pid": proc.pid,
        }
        fd = os.open(self.conffile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(conf, f)

        self.wait_ready(conf, proc.pid, lambda: proc.poll() is not None, timeout)

    def wait_ready(self, conf: dict, pid: int, exited, timeout: float) -> None:
        from neo4j.exceptions import AuthError

        t0 = time.monotonic()
        last = None
        while time.monotonic() - t0 < timeout:
            if exited():
                self.pidfile.unlink(missing_ok=True)
                fail("server process exited during startup", self.log)
            try:
                self.ping(conf, timeout=2.0)
                print(f"bolt-server: ready at {conf['uri']} (database {conf['database']}, "
                      f"pid {pid}, {time.monotonic() - t0:.1f}s)")
                return
            except AuthError as e:
                self.stop(quiet=True)
                fail(f"authentication failed ({e}); the data dir was probably created with "
                     f"another password: use that one, or remove {self.data}", self.log)
            except Exception as e:  # not up yet
                last = e
                time.sleep(0.5)
        self.stop(quiet=True)
        fail(f"not ready after {timeout:.0f}s (last error: {last!r}); server stopped", self.log)

    def stop(self, quiet: bool = False) -> None:
        pid = self.pid()
        if pid is None:
            if not quiet:
                print("bolt-server: not running")
            self.conffile.unlink(missing_ok=True)
            return
        os.kill(pid, signal.SIGTERM)  # ArcadeDB's shutdown hook closes databases cleanly
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and alive(pid):
            time.sleep(0.2)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
            while alive(pid):
                time.sleep(0.1)
        self.pidfile.unlink(missing_ok=True)
        self.conffile.unlink(missing_ok=True)
        if not quiet:
            print(f"bolt-server: stopped (pid {pid})")

    def status(self) -> int:
        if self.ready():
            conf = self.conf()
            print(f"bolt-server: ready at {conf['uri']} (database {conf['database']}, pid {self.pid()})")
            return 0
        print("bolt-server: not ready" + ("" if self.pid() else " (not running)"))
        return 1

    def env(self) -> int:
        conf = self.conf()
        if self.pid() is None or conf is None:
            print("bolt-server: not running; run: scripts/bolt-server start", file=sys.stderr)
            return 1
        for key, val in (("NEO4J_URI", conf["uri"]), ("NEO4J_USERNAME", conf["user"]),
                         ("NEO4J_PASSWORD", conf["password"]), ("NEO4J_DATABASE", conf["database"])):
            print(f"export {key}={shlex.quote(str(val))}")
        return 0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie still answers kill(0)
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # ignore TIME_WAIT
        try:
            s.bind((HOST, port))
            return True
        except OSError:
            return False


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True, type=Path)
    ap.add_argument("cmd", choices=["start", "stop", "status", "env"])
    args = ap.parse_args()
    srv = Server(args.state.resolve())
    if args.cmd == "start":
        srv.start()
    elif args.cmd == "stop":
        srv.stop()
    else:
        sys.exit(srv.status() if args.cmd == "status" else srv.env())


if __name__ == "__main__":
    main()
