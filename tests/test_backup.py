"""Backup and restore, and plain words for a database that cannot be used: a backup is every
table as committed at one moment (also while another thread writes), a restore takes only a
checked Total Place backup and keeps the file it replaces, and every command given a missing,
locked or unreadable database says so in one line and exits 2."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from totalplace_core.cli import main
from totalplace_core.store import Store, StoreError, StoreLockedError
from totalplace_core.store.backup import NEWEST, inspect_backup, restore


def _fingerprint(path: Path) -> dict[str, tuple[int, int]]:
    """Each table's rows and a hash of their contents, read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "ORDER BY 1").fetchall()]
        return {t: con.execute(f'SELECT count(*), coalesce(bit_xor(hash(x::VARCHAR)), 0) '
                               f'FROM "{t}" x').fetchone() for t in tables}
    finally:
        con.close()


def _constraints(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT table_name, constraint_type, constraint_text FROM "
                           "duckdb_constraints() WHERE database_name = current_database() "
                           "ORDER BY ALL").fetchall()
    finally:
        con.close()


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@contextmanager
def _held(db: Path) -> Iterator[int]:
    """Another process holding the database, as the running app does."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from totalplace_core.store import Store; "
         f"s = Store({str(db)!r}); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


# -- backup ------------------------------------------------------------------------------------
def test_a_backup_holds_every_table_row_and_rule(demo_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.duckdb"
    with Store(demo_copy) as store:
        info = store.backup_to(target)
    assert _fingerprint(target) == _fingerprint(demo_copy)
    assert _constraints(target) == _constraints(demo_copy)
    assert info.schema_version == NEWEST and info.places == ("Harrowdale",)
    assert info.tables == len(_fingerprint(demo_copy)) and info.rows > 1000
    assert not Path(f"{target}.wal").exists() and not list(tmp_path.glob("*.partial*"))


def test_a_backup_while_another_thread_writes_is_one_moment(demo_copy: Path,
                                                            tmp_path: Path) -> None:
    """Pairs of rows written in one transaction each: a backup holds both of a pair or
    neither, however the copy and the writes interleave."""
    with Store(demo_copy) as store:
        with store.transaction() as cur:
            cur.execute("CREATE TABLE pair_a (i INTEGER PRIMARY KEY, pad VARCHAR)")
            cur.execute("CREATE TABLE pair_b (i INTEGER PRIMARY KEY, pad VARCHAR)")
        stop, written = threading.Event(), [0]

        def write() -> None:
            i = 0
            while not stop.is_set():
                with store.transaction() as cur:
                    cur.execute("INSERT INTO pair_a VALUES (?, repeat('a', 500))", [i])
                    cur.execute("INSERT INTO pair_b VALUES (?, repeat('b', 500))", [i])
                i += 1
                written[0] = i

        writer = threading.Thread(target=write)
        writer.start()
        try:
            counts = []
            for n in range(4):
                target = tmp_path / f"during-{n}.duckdb"
                store.backup_to(target)
                found = _fingerprint(target)
                counts.append((found["pair_a"][0], found["pair_b"][0]))
        finally:
            stop.set()
            writer.join()
    assert all(a == b for a, b in counts), counts
    assert written[0] > 0


def test_a_backup_never_overwrites_and_says_why(demo_copy: Path, tmp_path: Path) -> None:
    taken = tmp_path / "taken.duckdb"
    taken.write_text("mine")
    with Store(demo_copy) as store:
        with pytest.raises(StoreError, match="never overwrites"):
            store.backup_to(taken)
        with pytest.raises(StoreError, match="no folder"):
            store.backup_to(tmp_path / "nowhere" / "b.duckdb")
    assert taken.read_text() == "mine"


def test_the_data_page_backup_is_made_from_the_apps_own_connection(demo_copy: Path,
                                                                   tmp_path: Path) -> None:
    """While the app holds the file, its own connection copies it: the download's bytes are
    a whole, checked backup."""
    with Store(demo_copy) as store:
        data = store.backup_bytes()
    copy = tmp_path / "downloaded.duckdb"
    copy.write_bytes(data)
    assert inspect_backup(copy).places == ("Harrowdale",)
    assert _fingerprint(copy) == _fingerprint(demo_copy)


def test_the_data_page_offers_the_backup(demo_copy: Path) -> None:
    from streamlit.testing.v1 import AppTest

    def section(db: str) -> None:
        from pages.data_sections import backup
        from totalplace_core.store import Store

        backup.draw(Store(db))

    at = AppTest.from_function(section, args=(str(demo_copy),)).run()
    assert not at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Download a backup (.duckdb)"]


# -- what a restore takes ----------------------------------------------------------------------
@pytest.fixture
def newer(demo_copy: Path, tmp_path: Path) -> Path:
    path = tmp_path / "newer.duckdb"
    shutil.copy(demo_copy, path)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migration VALUES (?, 'from the future', now())", [NEWEST + 1])
    con.close()
    return path


def _refusals(tmp_path: Path, demo_copy: Path, newer: Path) -> dict[str, tuple[Path, str]]:
    garbage = tmp_path / "notes.duckdb"
    garbage.write_text("not a database\n" * 100)
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE invoices (n INTEGER)")
    con.close()
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(demo_copy.read_bytes()[:300_000])
    return {"missing": (tmp_path / "none.duckdb", "no file"),
            "folder": (tmp_path, "a folder"),
            "garbage": (garbage, "not a Total Place backup"),
            "empty": (empty, "not a Total Place backup"),
            "foreign": (foreign, "not a Total Place one"),
            "cut short": (cut, "not a Total Place backup|cannot be read"),
            "newer": (newer, "newer Total Place Studio")}


def test_restore_refuses_anything_but_a_checked_backup(demo_copy: Path, tmp_path: Path,
                                                       newer: Path) -> None:
    before = _fingerprint(demo_copy)
    for name, (path, says) in _refusals(tmp_path, demo_copy, newer).items():
        with pytest.raises(StoreError, match=says):
            restore(demo_copy, path)
        assert _fingerprint(demo_copy) == before, f"{name} changed the database"
    assert not list(tmp_path.glob("*.before-restore*"))


def test_restore_puts_the_backup_back_and_keeps_the_old_file(demo_copy: Path,
                                                             tmp_path: Path) -> None:
    backup = tmp_path / "monday.duckdb"
    with Store(demo_copy) as store:
        store.backup_to(backup)
    monday = _fingerprint(demo_copy)
    with Store(demo_copy) as store, store.transaction() as cur:
        cur.execute("UPDATE place SET description = 'changed on Tuesday'")
    tuesday = _fingerprint(demo_copy)
    info, kept = restore(demo_copy, backup)
    assert _fingerprint(demo_copy) == monday and info.places == ("Harrowdale",)
    assert kept == demo_copy.with_name(demo_copy.name + ".before-restore")
    assert _fingerprint(kept) == tuesday
    _, again = restore(demo_copy, backup)  # an earlier kept file is never overwritten
    assert again.name.endswith(".before-restore.2") and kept.exists()
    with Store(demo_copy) as store:
        assert store.places()["place_name"].tolist() == ["Harrowdale"]


def test_restore_over_a_damaged_database_keeps_the_damaged_file(demo_copy: Path,
                                                                tmp_path: Path) -> None:
    backup = tmp_path / "good.duckdb"
    with Store(demo_copy) as store:
        store.backup_to(backup)
    broken = tmp_path / "broken.duckdb"
    broken.write_text("the disk was full")
    restore(broken, backup)
    assert inspect_backup(broken).places == ("Harrowdale",)
    assert (tmp_path / "broken.duckdb.before-restore").read_text() == "the disk was full"


def test_restore_refuses_while_the_app_holds_the_database(demo_copy: Path,
                                                          tmp_path: Path) -> None:
    backup = tmp_path / "b.duckdb"
    with Store(demo_copy) as store:
        store.backup_to(backup)
    with _held(demo_copy) as pid, pytest.raises(StoreLockedError,
                                                match=f"open in process {pid}.*Nothing was"):
        restore(demo_copy, backup)
    assert not list(tmp_path.glob("*.before-restore*")) and demo_copy.exists()


# -- the commands ------------------------------------------------------------------------------
def test_backup_and_restore_commands(demo_copy: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "saved.duckdb"
    code, out, _ = _run(capsys, "--db", str(demo_copy), "backup", str(target))
    assert code == 0 and "Harrowdale" in out and f"totalplace restore {target}" in out
    code, _, err = _run(capsys, "--db", str(demo_copy), "backup", str(target))
    assert code == 2 and "never overwrites" in err and len(err.strip().splitlines()) == 1
    code, out, _ = _run(capsys, "--db", str(demo_copy), "restore", str(target))
    assert code == 0 and "kept as" in out and ".before-restore" in out


def test_backup_while_the_app_runs_points_to_the_data_page(demo_copy: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    with _held(demo_copy) as pid:
        code, _, err = _run(capsys, "--db", str(demo_copy), "backup", str(tmp_path / "b.duckdb"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"process {pid}" in err and "Download a backup" in err and "Data page" in err
    assert not (tmp_path / "b.duckdb").exists()


@pytest.mark.parametrize("command", [["count"], ["imports"], ["flows"], ["sessions"],
                                     ["backup", "out.duckdb"], ["restore", "in.duckdb"]])
def test_every_command_says_plainly_what_is_wrong_with_its_database(
        command: list[str], demo_copy: Path, tmp_path: Path, newer: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A missing, locked, unreadable, foreign or newer database: one line, exit 2, no trace,
    and the file is left as it was."""
    refusals = _refusals(tmp_path, demo_copy, newer)
    cases = {name: path for name, (path, _) in refusals.items() if name != "missing"}
    if command[0] != "restore":
        cases["missing"] = refusals["missing"][0]
    for name, db in cases.items():
        before = db.read_bytes() if db.is_file() else None
        args = [a if a != "out.duckdb" else str(tmp_path / f"out-{name}.duckdb") for a in command]
        if command[0] == "restore":
            args = ["restore", str(tmp_path / "nothing-here.duckdb")]
        code, _, err = _run(capsys, "--db", str(db), *args)
        assert code == 2, (name, err)
        assert err.startswith("totalplace: ") and len(err.strip().splitlines()) == 1, (name, err)
        assert "Traceback" not in err
        if before is not None:
            assert db.read_bytes() == before, f"{name}: the file was changed"
    assert not (tmp_path / "none.duckdb").exists(), "a missing database is not made"
    if command[0] in ("count", "imports"):
        with _held(demo_copy) as pid:
            code, _, err = _run(capsys, "--db", str(demo_copy), *command)
        assert code == 2 and f"open in process {pid}" in err
        assert len(err.strip().splitlines()) == 1


def test_a_missing_input_file_is_one_line(demo_copy: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--db", str(demo_copy), "import", str(tmp_path / "no.xlsx"))
    assert code == 2 and "no.xlsx" in err and "no such file" in err
    assert len(err.strip().splitlines()) == 1


def test_the_store_leaves_another_programs_database_alone(tmp_path: Path) -> None:
    foreign = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE invoices (n INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="another program"):
        Store(foreign)
    assert list(_fingerprint(foreign)) == ["invoices"]
