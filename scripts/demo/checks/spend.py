"""Checks on spend_lines.csv: the count's totals, shape and transfers, year by year."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from totalplace_core.classifications import BASES, COFOG_DIVISIONS, COFOG_GROUPS, division_of

from ..csv_files import read_csv
from ..settings import DRIVERS, YEARS
from .need import need


def year_count(lines: list[dict], pop: int) -> dict:
    """One year's count worked out here, by the rule in data/demo/README.md: a transfer to a
    body that reported its own lines is netted off; one to a body that did not is unmatched."""
    reporters = {r["org_code"] for r in lines}
    gross = sum(Decimal(r["amount_gbp"]) for r in lines)
    matched = [r for r in lines if r["transfer_to_org_code"] in reporters]
    unmatched = [
        r for r in lines if r["transfer_to_org_code"] and r["transfer_to_org_code"] not in reporters
    ]
    kept = [r for r in lines if r not in matched]
    net = gross - sum(Decimal(r["amount_gbp"]) for r in matched)
    by_div: dict[str, Decimal] = defaultdict(Decimal)
    by_basis: dict[str, Decimal] = defaultdict(Decimal)
    for r in kept:
        by_div[division_of(r["cofog_code"])] += Decimal(r["amount_gbp"])
        by_basis[r["basis"]] += Decimal(r["amount_gbp"])
    return {
        "gross": gross,
        "net": net,
        "gross_head": gross / pop,
        "net_head": net / pop,
        "by_div": by_div,
        "by_basis": by_basis,
        "matched": matched,
        "unmatched": unmatched,
        "lines": len(lines),
    }


def longest_chain(matched: list[dict]) -> list[str]:
    """The longest run of hand-overs where each body passes on money it was given."""
    onward = defaultdict(list)  # (payer's payer, payer) -> receivers
    for r in matched:
        onward[(r["funded_by_org_code"], r["org_code"])].append(r["transfer_to_org_code"])

    def walk(payer: str, org: str) -> list[str]:
        return [
            org,
            *max((walk(org, n) for n in sorted(onward[(payer, org)])), key=len, default=[]),
        ]

    return max((walk(r["funded_by_org_code"], r["org_code"]) for r in matched), key=len)


def check_line_fields(lines: list[dict], orgs: dict[str, str]) -> None:
    for r in lines:
        need(r["org_code"] in orgs and r["cofog_code"] in COFOG_GROUPS, f"codes in {r}")
        need(
            r["basis"] in BASES and r["source"] and r["driver"] in DRIVERS and r["theme"],
            f"basis, source, driver, theme in {r}",
        )
        need(
            r["funded_by_org_code"] in ("", *orgs) and r["transfer_to_org_code"] in ("", *orgs),
            f"funded_by / transfer_to codes in {r}",
        )
        need(re.fullmatch(r"\d+\.\d\d", r["amount_gbp"]) is not None, "amounts in pounds.pence")
        need(
            r["driver"] != "ward_actual" or orgs[r["org_code"]] == "council",
            "ward_actual only on council lines",
        )


def check_transfers(lines: list[dict], c: dict) -> None:
    for t in c["matched"]:
        payer, payee = t["org_code"], t["transfer_to_org_code"]
        paid = sum(
            Decimal(r["amount_gbp"])
            for r in lines
            if r["org_code"] == payer and r["transfer_to_org_code"] == payee
        )
        spent = sum(
            Decimal(r["amount_gbp"])
            for r in lines
            if r["org_code"] == payee and r["funded_by_org_code"] == payer
        )
        need(paid == spent, f"{payer}->{payee}: receiver's funded lines must match the transfer")


def check_spend(out: Path, orgs: dict[str, str], pop: int, report: dict) -> None:
    """The figures a Total Place pilot found: about 8,000 pounds a head net, most of it on
    health, education and social protection, and money handed down chains of bodies."""
    lines = read_csv(out / "spend_lines.csv")
    check_line_fields(lines, orgs)
    counts = {y: year_count([r for r in lines if r["year"] == y], pop) for y in YEARS}
    for year, c in counts.items():
        need(150 <= c["lines"] <= 300, f"{year}: 150-300 lines")
        need(set(c["by_div"]) == set(COFOG_DIVISIONS), f"{year}: all ten COFOG divisions")
        need(c["gross_head"] <= 9400, f"{year}: gross per head {c['gross_head']:.0f} > 9,400")
        big3 = (c["by_div"]["07"] + c["by_div"]["09"] + c["by_div"]["10"]) / c["net"]
        need(big3 > Decimal("0.70"), f"{year}: health+education+social protection {big3:.3f}")
        need(max(c["by_div"], key=c["by_div"].get) == "10", f"{year}: social protection first")
        need(len(longest_chain(c["matched"])) >= 4, f"{year}: a chain of three hand-overs")
        check_transfers([r for r in lines if r["year"] == year], c)
        report[year] = c | {"big3": big3, "chain": longest_chain(c["matched"])}
    now, before = counts["2009-10"], counts["2008-09"]
    need(7800 <= now["net_head"] <= 8600, f"2009-10 net per head {now['net_head']:.0f}")
    need(
        Decimal("0.95") <= before["net"] / now["net"] <= Decimal("0.98"),
        "2008-09 net 2-5% lower than 2009-10",
    )
    need(
        len(now["unmatched"]) == 1 and not before["unmatched"],
        "exactly one unmatched transfer, in 2009-10",
    )
