"""A throwaway PostgreSQL for the tests and `totalplace bench`: the distribution's server
(`make test` installs it as root when missing), a cluster of its own in a temporary folder,
listening on 127.0.0.1 only, on a free port, removed when stopped. Each test takes a database
of its own, copied from a template (CREATE DATABASE ... TEMPLATE is a file copy)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg

from totalplace_core.store import pg_admin, pg_schema

SUPERUSER = "postgres"


def server_bin() -> Path:
    """The newest installed server's programs, or an error saying how to get them."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run 'make test' as root (it installs "
                           "the distribution's postgresql) or 'sudo apt-get install postgresql'.")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """One server for one test process; `database()` hands out fresh databases."""

    def __init__(self) -> None:
        self.bin = server_bin()
        # Not under pytest's folders: they are private to the user running the tests, and
        # as root the server runs as the package's user, which must reach its folder.
        folder = self.folder = Path(tempfile.mkdtemp(prefix="totalplace-pg-"))
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:  # initdb will not run as root: the package's user runs it
            self._as = ["runuser", "-u", SUPERUSER, "--"]
            shutil.chown(folder, SUPERUSER)
        self._run("initdb", "-D", str(folder / "data"), "-U", SUPERUSER, "-A", "trust",
                  "--locale=C.UTF-8", "-E", "UTF8")
        # fsync off: a test cluster lost with the machine is rebuilt, not recovered
        options = (f"-h 127.0.0.1 -p {self.port} -k {folder} -F -c max_connections=400 "
                   "-c shared_buffers=64MB")
        self._run("pg_ctl", "-D", str(folder / "data"), "-o", options,
                  "-l", str(folder / "server.log"), "-w", "-t", "60", "start")

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self._as, str(self.bin / program), *args],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def database(self, template: str | None = None, migrated: bool = True) -> str:
        """A new database (a copy of `template`, else empty and migrated); its address."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        pg_admin.create_database(self.url(), name, template)
        if template is None and migrated:
            with psycopg.connect(self.url(name), autocommit=True) as conn:
                pg_schema.migrate(conn)
        return self.url(name)

    def drop(self, url: str) -> None:
        pg_admin.drop_database(self.url(), url.rsplit("/", 1)[1])

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
