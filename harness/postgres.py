"""A private PostgreSQL cluster for fault tests that stop and restart the database: initdb in a
temporary directory, listening on 127.0.0.1 on a free port, superuser ``root`` with trust
authentication. Only this cluster is ever stopped; the machine's shared server is not touched.
As root, PostgreSQL's programs run as the ``postgres`` system user (it refuses to run as root),
as in scripts/local_postgres.sh."""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def _bindir() -> Path:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                            key=lambda d: int(Path(d).parent.name), reverse=True):
        if Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).resolve().parent
    raise RuntimeError("PostgreSQL's server programs (initdb, pg_ctl) are not installed")


class PrivatePostgres:
    """``start()`` creates and starts the cluster; ``restart()``, ``stop()``; ``remove()`` stops
    it and deletes its directory."""

    def __init__(self, *, port: int):
        self.port = port
        self.bindir = _bindir()
        # A short path: a unix socket's path may not exceed about 107 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="stride-pg-"))
        self.data = self.dir / "data"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.admin_url = f"postgres://root@127.0.0.1:{port}/postgres"

    def _run(self, program: str, *args: str, timeout_s: float = 60) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd="/", capture_output=True, text=True,
                                timeout=timeout_s)
        if result.returncode != 0:
            log = self.dir / "postgresql.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}{tail}")

    def start(self) -> "PrivatePostgres":
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "root", "-E", "UTF8",
                      "--no-sync")
            with open(self.data / "postgresql.conf", "a") as conf:
                conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                           f"unix_socket_directories = '{self.dir}'\nfsync = off\n")
        self._run("pg_ctl", "start", "-D", str(self.data), "-w", "-s",
                  "-l", str(self.dir / "postgresql.log"))
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            # fast: every open connection is ended, as when a server goes down under load.
            self._run("pg_ctl", "stop", "-D", str(self.data), "-w", "-s", "-m", "fast")

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
