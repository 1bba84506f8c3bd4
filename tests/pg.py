"""A throwaway PostgreSQL 15 cluster for the tests: initdb + pg_ctl from the Debian package, in a
temporary folder, listening on a free loopback port only, password authentication.

PostgreSQL refuses to run as root; when the tests run as root (CI, these machines) the server runs as
the `postgres` system user the Debian package creates. One cluster per test session (see conftest).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
USER = "hmskort"
PASSWORD = "journal-test-pw"
DATABASE = "journal"


def available() -> bool:
    return (PG_BIN / "initdb").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="hmskort-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._run_as: pwd.struct_passwd | None = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self._run_as is not None:
            os.chown(self.root, self._run_as.pw_uid, self._run_as.pw_gid)
        self.started = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
        kwargs: dict = {}
        if self._run_as is not None:
            kwargs = {"user": self._run_as.pw_uid, "group": self._run_as.pw_gid, "extra_groups": []}
        return subprocess.run(
            list(argv),
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.root,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": str(self.root)},
            **kwargs,
        )

    def start(self) -> PostgresCluster:
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._run_as is not None:
            os.chown(pwfile, self._run_as.pw_uid, self._run_as.pw_gid)
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            USER,
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--no-instructions",
        )
        pwfile.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\nfsync = on\nmax_connections = 60\n"
            )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self.started = True
        self._psql("postgres", f"CREATE DATABASE {DATABASE}")
        return self

    def _psql(self, db: str, sql: str) -> str:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=USER, password=PASSWORD, dbname=db, autocommit=True
        ) as conn:
            cur = conn.execute(sql)
            return (
                "" if cur.description is None else "\n".join("\t".join(map(str, r)) for r in cur.fetchall())
            )

    def sql(self, sql: str) -> str:
        """Run one statement in the test database; rows as tab-separated lines."""
        return self._psql(DATABASE, sql)

    def reset(self) -> None:
        """An empty database for the next test."""
        self._psql("postgres", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        self._psql("postgres", f"CREATE DATABASE {DATABASE}")

    def data_files(self) -> list[Path]:
        """Every file of the cluster (heap, WAL), after a checkpoint, to grep their bytes."""
        self.sql("CHECKPOINT")
        return [p for p in self.data.rglob("*") if p.is_file()]

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(subprocess.SubprocessError):
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.started = False
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                shutil.rmtree(self.root)
                return
            except OSError:
                time.sleep(0.2)
