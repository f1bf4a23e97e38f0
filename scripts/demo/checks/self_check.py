"""Run every check in turn and print the summary a run of the generator ends with."""

from __future__ import annotations

from pathlib import Path

from ..settings import YEARS
from .assets import check_assets
from .flows import check_flows
from .journeys import check_journeys
from .place import check_geography, check_orgs
from .spend import check_spend
from .workshops import check_workshops


def self_check(out: Path) -> dict:
    """Raise CheckFailed on the first broken promise; otherwise return the figures found."""
    report: dict = {}
    geo = check_geography(out, report)
    orgs = check_orgs(out, report)
    check_spend(out, orgs, geo["pop"], report)
    check_flows(out, orgs, report)
    check_assets(out, geo["rings"], report)
    check_journeys(out, orgs, report)
    check_workshops(out)
    return report


def print_report(report: dict) -> None:
    print(
        f"population {report['population']:,} in {report['wards']} wards; "
        f"{report['organisations']} organisations of {report['kinds']} kinds"
    )
    for year in YEARS:
        c = report[year]
        basis = {b: f"{v / c['net']:.1%}" for b, v in sorted(c["by_basis"].items())}
        print(
            f"{year}: {c['lines']} lines, net £{c['net']:,.2f} (£{c['net_head']:,.0f} a head), "
            f"gross £{c['gross_head']:,.0f} a head, health+education+social protection "
            f"{c['big3']:.1%}, bases {basis}, unmatched {len(c['unmatched'])}, "
            f"longest chain {' -> '.join(c['chain'])}"
        )
        print(
            f"  flows {report[f'flows {year}'][0]}, most hand-overs on a path "
            f"{report[f'flows {year}'][1]}"
        )
    print(
        f"assets {report['assets']} ({report['clusters']} co-location clusters), "
        f"unit costs {report['unit costs']}"
    )
    for (case, scenario), total in sorted(report["journeys"].items()):
        print(f"  {case} {scenario}: £{total:,.2f}")
