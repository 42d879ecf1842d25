"""Run a real Neo4j Community 5.26 server assembled from Maven Central, without Docker.

The jars come from `servers/pom.xml` through Maven into a cache shared by every checkout on the
machine; the server is started directly on its entry class (one JVM, no launcher scripts), with
a configuration we write ourselves. docs/NEO4J.md explains the recipe and how it was verified.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from servers.process import Process, ServerError

POM = Path(__file__).with_name("pom.xml")
# Maven 3.8's HTTP transport waits 30 minutes on a connection that stopped sending; one minute,
# then up to three retries of the request (milliseconds and counts, as the wagon reads them).
MAVEN_TIMEOUTS = ("-Dmaven.wagon.rto=60000", "-Dmaven.wagon.http.retryHandler.count=3",
                  "-Dmaven.wagon.http.retryHandler.requestSentEnabled=true")
ENTRY_CLASS = "org.neo4j.server.CommunityEntryPoint"
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "-XX:+UseG1GC",
)


def neo4j_version() -> str:
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text())
    if not match:
        raise ServerError(f"{POM} names no <neo4j.version>")
    return match.group(1)


def jar_cache() -> Path:
    base = Path(os.environ.get("HUB_CACHE_DIR") or Path.home() / ".cache" / "hub")
    return base / f"neo4j-{neo4j_version()}" / "lib"


def _require(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise ServerError(f"{tool} not found: {hint}")
    return path


def jars_cached() -> bool:
    """Whether the cache holds a complete copy (it is only ever renamed into place whole)."""
    lib = jar_cache()
    return lib.is_dir() and any(lib.glob("neo4j-kernel-*.jar"))


def fetch_jars() -> Path:
    """Copy the server's runtime jars into the cache once; later calls return at once.

    The copy goes to a temporary folder renamed into place, so an interrupted download never
    leaves a half-filled cache that looks complete. Fetches on one machine take turns under a
    file lock: several Mavens resolving the same artifacts into one `~/.m2` at once were seen
    to stall on each other's downloads (`make test` in two checkouts, or beside `make demo`);
    the second waits and finds the jars there. A download that stalls is cut after a minute
    and tried again, not left to Maven's default of half an hour.
    """
    lib = jar_cache()
    if jars_cached():
        return lib
    lib.parent.mkdir(parents=True, exist_ok=True)
    with (lib.parent / "fetch.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not jars_cached():
            _download(lib)
    return lib


def _download(lib: Path) -> None:
    mvn = _require("mvn", "install Maven (apt-get install maven) to fetch Neo4j")
    _require("java", "install Java 17 or 21 (apt-get install openjdk-17-jdk-headless)")
    staging = Path(tempfile.mkdtemp(dir=lib.parent, prefix="lib.partial-"))
    try:
        result = subprocess.run(
            [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
             "-DincludeScope=runtime", f"-DoutputDirectory={staging}",
             *MAVEN_TIMEOUTS],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise ServerError(f"Maven could not fetch Neo4j {neo4j_version()}:\n"
                              f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@dataclass
class LocalServer:
    """One Neo4j server living under `home` (conf, data, logs, run), answering Bolt on loopback."""

    home: Path
    bolt_port: int
    password: str
    user: str = "neo4j"
    heap: str = "512m"
    pagecache: str = "256m"
    tied: bool = False  # stopped when the process that started it dies (Process.launch)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    process: Process = field(init=False)

    def __post_init__(self) -> None:
        self.process = Process(self.home, "neo4j")

    def write_conf(self) -> Path:
        """The server's own neo4j.conf under its home (also what offline tools read)."""
        conf = self.home / "conf"
        for sub in ("conf", "data", "logs", "run", "import", "plugins"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        (conf / "neo4j.conf").write_text("\n".join([
            "server.default_listen_address=127.0.0.1",
            "server.bolt.enabled=true",
            f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{self.bolt_port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            "dbms.usage_report.enabled=false",
            f"server.memory.heap.initial_size={self.heap}",
            f"server.memory.heap.max_size={self.heap}",
            f"server.memory.pagecache.size={self.pagecache}",
            "dbms.memory.transaction.total.max=256m",
            f"server.directories.data={self.home / 'data'}",
            f"server.directories.logs={self.home / 'logs'}",
            f"server.directories.run={self.home / 'run'}",
            f"server.directories.import={self.home / 'import'}",
            f"server.directories.plugins={self.home / 'plugins'}",
            "",
        ]))
        return conf

    def _java(self) -> str:
        return _require("java", "install Java 17 or 21 (apt-get install openjdk-17-jdk-headless)")

    def _admin(self, *arguments: str) -> None:
        """Run `neo4j-admin` (its AdminTool, from the same jars) on this server's home."""
        conf = self.write_conf()
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(conf)}
        result = subprocess.run(
            [self._java(), "-cp", f"{fetch_jars()}/*", "org.neo4j.cli.AdminTool", *arguments],
            env=env, capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise ServerError(f"neo4j-admin {' '.join(arguments[:2])} failed: "
                              f"{(result.stdout + result.stderr)[-2000:]}")

    def _set_initial_password(self) -> None:
        if (self.home / "data" / "dbms" / "auth.ini").exists():
            return
        self._admin("dbms", "set-initial-password", self.password)

    def dump(self, target: Path, database: str = "neo4j") -> None:
        """Write the database to `target` (neo4j-admin's dump format). Community dumps only a
        stopped database: stop the server first."""
        self._offline("back up")
        with tempfile.TemporaryDirectory(dir=target.parent) as folder:
            self._admin("database", "dump", database, f"--to-path={folder}")
            shutil.move(Path(folder) / f"{database}.dump", target)

    def load(self, source: Path, database: str = "neo4j") -> None:
        """Replace the database with the dump in `source`; the server must be stopped."""
        self._offline("restore")
        with tempfile.TemporaryDirectory(dir=self.home) as folder:
            shutil.copyfile(source, Path(folder) / f"{database}.dump")
            self._admin("database", "load", database, f"--from-path={folder}",
                        "--overwrite-destination=true")

    def _offline(self, action: str) -> None:
        if self.pid() is not None:
            raise ServerError(f"stop Neo4j before you {action} it (hub neo4j stop)")

    def pid(self) -> int | None:
        return self.process.pid()

    def answers(self) -> bool:
        """Ready means Bolt accepts our credentials and `RETURN 1` comes back."""
        try:
            with GraphDatabase.driver(self.uri, auth=(self.user, self.password),
                                      connection_timeout=2) as driver, driver.session() as session:
                session.run("RETURN 1").consume()
            return True
        except (ServiceUnavailable, OSError):
            return False

    def start(self, timeout: float = 180.0) -> None:
        if self.pid() is not None and self.answers():
            return
        lib = fetch_jars()
        conf = self.write_conf()
        self._set_initial_password()
        try:
            self.process.launch(
                [self._java(), f"-Xms{self.heap}", f"-Xmx{self.heap}", *JVM_FLAGS,
                 "-cp", f"{conf}/*:{lib}/*", ENTRY_CLASS,
                 f"--home-dir={self.home}", f"--config-dir={conf}", "--console-mode"],
                self.answers, timeout, tied=self.tied)
        except AuthError as error:
            self.stop()
            raise ServerError(f"Neo4j refused the password: {error}. The data under "
                              f"{self.home / 'data'} was made with another one.") from error

    def stop(self, timeout: float = 30.0) -> None:
        self.process.stop(timeout)

    def status(self) -> str:
        return self.process.status(self.answers)
