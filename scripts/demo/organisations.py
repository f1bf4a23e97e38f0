"""The public bodies that spend in the place: organisations.csv."""

from __future__ import annotations

from pathlib import Path

from . import fixed
from .csv_files import write_csv

# One row per body: org_code, org_name, kind (a kind from totalplace_core.classifications).
ORGANISATIONS = fixed.table("organisations.csv")
ORG_NAMES = {o["org_code"]: o["org_name"] for o in ORGANISATIONS}


def write_organisations(out: Path) -> None:
    write_csv(
        out / "organisations.csv",
        ["org_code", "org_name", "kind"],
        [[o["org_code"], o["org_name"], o["kind"]] for o in ORGANISATIONS],
    )
