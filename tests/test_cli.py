"""`totalplace` prints what the pages show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.handmade import load_handmade
from totalplace_core.cli import main
from totalplace_core.store import Store


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cofog_lists_every_division_and_group(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "cofog", "--json")
    groups = json.loads(out)
    assert code == 0 and len(groups) == 69
    assert {"code": "07.3", "name": "Hospital services", "division": "07"} in groups
    assert len({g["division"] for g in groups}) == 10


def test_count_json_matches_hand_figures(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "hand.duckdb"
    with Store(db) as store:
        load_handmade(store)
    code, out, _ = _run(capsys, "--db", str(db), "count", "--json")
    figures = json.loads(out)
    assert code == 0
    assert figures["place"] == "Testborough" and figures["year"] == "2009-10"
    assert figures["gross_gbp"] == 4_600_000
    assert figures["transfers_gbp"] == 600_000
    assert figures["net_gbp"] == 4_000_000
    assert figures["per_head_gbp"] == 4_000
    assert figures["unmatched_transfers_gbp"] == 200_000
    assert figures["basis_share_pct"] == {"actual": 25.0, "estimate": 25.0, "proxy": 50.0}
    assert {"code": "09", "name": "Education", "amount_gbp": 500_000} in figures["by_division"]


@pytest.mark.parametrize(("args", "message"), [
    (["--place", "Nowhere"], "No place called 'Nowhere'"),
    (["--year", "1999-00"], "No 1999-00 figures for Testborough"),
])
def test_count_errors_exit_non_zero_with_one_line(tmp_path: Path, args: list[str], message: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "hand.duckdb"
    with Store(db) as store:
        load_handmade(store)
    code, _, err = _run(capsys, "--db", str(db), "count", *args)
    assert code != 0
    assert message in err and len(err.strip().splitlines()) == 1


def test_installed_command_builds_the_demo(tmp_path: Path) -> None:
    exe = str(Path(sys.executable).parent / "totalplace")
    assert Path(exe).exists(), "the package provides a `totalplace` command"
    db = tmp_path / "cli.duckdb"
    built = subprocess.run([exe, "--db", str(db), "demo"], capture_output=True, text=True,
                           check=True)
    assert "spend_line" in built.stdout
    counted = subprocess.run([exe, "--db", str(db), "count", "--json"], capture_output=True,
                             text=True, check=True)
    assert json.loads(counted.stdout)["place"] == "Harrowdale"


def test_count_all_lists_every_place_as_count_json_does(demo_copy: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    with Store(demo_copy) as store:
        load_handmade(store)
    code, out, _ = _run(capsys, "--db", str(demo_copy), "count", "--all", "--year", "2009-10",
                        "--json")
    every = {c["place"]: c for c in json.loads(out)}
    assert code == 0 and set(every) == {"Harrowdale", "Testborough"}
    code, out, _ = _run(capsys, "--db", str(demo_copy), "count", "--place", "Testborough",
                        "--json")
    assert every["Testborough"] == json.loads(out)
    assert every["Testborough"]["net_gbp"] == 4_000_000


def test_light_commands_do_not_load_the_data_stack() -> None:
    """`totalplace cofog` and `--help` start without pandas or DuckDB (start-up time)."""
    probe = ("import sys; from totalplace_core.cli import main; main(['cofog']); "
             "print(sorted(m for m in ('pandas', 'duckdb', 'plotly') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("command", [["cofog"], ["wards", "--place", "Harrowdale",
                                                  "--year", "2009-10"]])
def test_a_reader_that_stops_early_is_not_an_error(demo_copy: Path, command: list[str]) -> None:
    """`totalplace wards ... | head`: the reader goes before the listing is written, and the
    command ends quietly with 0, not a BrokenPipeError traceback."""
    exe = str(Path(sys.executable).parent / "totalplace")
    proc = subprocess.Popen([exe, "--db", str(demo_copy), *command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdout.close()  # gone before the command has written a line
    said = proc.stderr.read()
    assert proc.wait(timeout=60) == 0 and said == ""
