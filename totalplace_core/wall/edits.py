"""Editing the mapping wall: flows and nodes typed into a table, and notes, checked.

Every check collects all the problems in one pass and names the row (counting from the top of
the table as shown) and the column at fault; nothing is saved while any row is wrong.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

import pandas as pd

from totalplace_core.classifications import COFOG_GROUPS, FLOW_KINDS, NODE_TIERS
from totalplace_core.money import AmountError, parse_gbp, pence_from_decimal
from totalplace_core.wall.errors import WallInputError
from totalplace_core.wall.filters import default_function, node_functions

FLOW_EDITOR_COLUMNS = ["From", "To", "Stream", "Amount (£)", "Kind", "Ring-fenced", "flow_id"]
NODE_EDITOR_COLUMNS = ["Code", "Name", "Tier", "Body code", "Function", "node_id"]
FUNCTION_OPTIONS = [f"{code} {name}" for code, name in COFOG_GROUPS.items()]
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


class WallProblems(WallInputError):
    """Every problem found in an edited table; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) found, so nothing was saved.")
        self.problems = problems


def parse_amount(text: object) -> int:
    """Pounds as typed ('1,250,000', '£1.25m', '350k', '12.50') -> positive pence, read by
    the app's one money parser (money.parse_gbp); a flow moves more than £0."""
    typed = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    try:
        pounds = parse_gbp(typed.strip())
    except AmountError as exc:
        hint = "" if "penny" in exc.message else " (write it like 1250000, £1.25m or 350k)"
        raise WallInputError(f"{typed!r} {exc.message}{hint}") from exc
    if pounds <= 0:
        raise WallInputError(f"{typed!r} must be more than £0")
    return pence_from_decimal(pounds)


def node_labels(nodes: pd.DataFrame) -> dict[str, str]:
    """Code -> the name shown in editors and pickers (the code added when names repeat)."""
    counts = nodes["node_name"].value_counts()
    return {r.node_code: r.node_name if counts[r.node_name] == 1 else
            f"{r.node_name} ({r.node_code})" for r in nodes.itertuples(index=False)}


def flows_for_editor(flows: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """The year's flows as a facilitator edits them: names not codes, sources first."""
    label = node_labels(nodes)
    rank = {t: i for i, t in enumerate(NODE_TIERS)}
    tier = dict(zip(nodes["node_code"], nodes["tier"].map(rank), strict=True))
    flows = flows.assign(_a=flows["from_node_code"].map(tier), _b=flows["to_node_code"].map(tier),
                         _f=flows["from_node_code"].map(label), _t=flows["to_node_code"].map(label))
    flows = flows.sort_values(["_a", "_f", "_b", "_t", "stream"], na_position="last")
    return pd.DataFrame({
        "From": [label.get(c, c) for c in flows["from_node_code"]],
        "To": [label.get(c, c) for c in flows["to_node_code"]],
        "Stream": list(flows["stream"]),
        "Amount (£)": [t if isinstance(t, str) and t else f"{p / 100:.2f}"
                       for t, p in zip(flows["amount_text"], flows["amount_pence"], strict=True)],
        "Kind": list(flows["kind"]), "Ring-fenced": [bool(b) for b in flows["is_ring_fenced"]],
        "flow_id": list(flows["flow_id"]),
    }, columns=FLOW_EDITOR_COLUMNS)


def _blank(value: object) -> bool:
    missing = value is None or (isinstance(value, float) and pd.isna(value))
    return missing or str(value).strip() == ""


def _flow_row(row: dict[str, Any], codes: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """One editor row checked: (parsed fields, problems as (column, message))."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    for column, target in (("From", "from_node_code"), ("To", "to_node_code")):
        name = "" if _blank(row.get(column)) else str(row[column]).strip()
        if name not in codes:
            problems.append(f"column {column}: {name!r} is not on the wall — add it under "
                            "'Bodies, services and people' first" if name else
                            f"column {column}: choose who the money goes "
                            f"{'from' if column == 'From' else 'to'}")
        out[target] = codes.get(name)
    if out["from_node_code"] and out["from_node_code"] == out["to_node_code"]:
        problems.append("column To: money cannot flow from a node to itself")
    out["stream"] = "" if _blank(row.get("Stream")) else str(row["Stream"]).strip()
    if not out["stream"]:
        problems.append("column Stream: name the funding stream")
    try:
        out["amount_pence"] = parse_amount(row.get("Amount (£)"))
        out["amount_text"] = str(row.get("Amount (£)")).strip()
    except WallInputError as exc:
        problems.append(f"column Amount (£): {exc}")
    out["kind"] = "" if _blank(row.get("Kind")) else str(row["Kind"]).strip()
    if out["kind"] not in FLOW_KINDS:
        problems.append(f"column Kind: {out['kind']!r} is not one of {', '.join(FLOW_KINDS)}")
    out["is_ring_fenced"] = bool(row.get("Ring-fenced")) if not _blank(
        row.get("Ring-fenced")) else False
    return out, problems


def check_flows(edited: pd.DataFrame, nodes: pd.DataFrame, before: pd.DataFrame,
                place_id: str, year: str) -> tuple[pd.DataFrame | None, list[str]]:
    """Edited flows checked row by row. Returns (rows to save, []) or (None, every problem).

    Wholly blank rows are ignored. A row left as it was keeps its id and import batch.
    """
    codes = {label: code for code, label in node_labels(nodes).items()}
    old = before.set_index("flow_id") if len(before) else before
    rows, problems = [], []
    records = edited.to_dict("records")
    for number, row in enumerate(records, start=1):
        if all(_blank(row.get(c)) or row.get(c) is False for c in FLOW_EDITOR_COLUMNS):
            continue
        parsed, faults = _flow_row(row, codes)
        problems += [f"Row {number}, {fault}." for fault in faults]
        if not faults:
            rows.append(_keep_identity(parsed, row.get("flow_id"), old) | {
                "place_id": place_id, "year": year})
    if problems:
        return None, problems
    columns = ["flow_id", "place_id", "year", "from_node_code", "to_node_code", "stream",
               "amount_pence", "amount_text", "kind", "is_ring_fenced", "batch_id"]
    return pd.DataFrame(rows, columns=columns).astype({"amount_pence": "int64"}), []


def _keep_identity(parsed: dict[str, Any], flow_id: object, old: pd.DataFrame) -> dict[str, Any]:
    if _blank(flow_id) or str(flow_id) not in old.index:
        return parsed | {"flow_id": str(uuid.uuid4()), "batch_id": None}
    was = old.loc[str(flow_id)]
    same = all(parsed[c] == was[c] for c in ("from_node_code", "to_node_code", "stream",
                                             "amount_pence", "kind", "is_ring_fenced"))
    return parsed | {"flow_id": str(flow_id), "batch_id": was["batch_id"] if same else None}


def function_option(group: str | None) -> str | None:
    return f"{group} {COFOG_GROUPS[group]}" if group in COFOG_GROUPS else None


def nodes_for_editor(nodes: pd.DataFrame) -> pd.DataFrame:
    functions = node_functions(nodes)
    return pd.DataFrame({
        "Code": list(nodes["node_code"]), "Name": list(nodes["node_name"]),
        "Tier": list(nodes["tier"]),
        "Body code": [c if isinstance(c, str) else "" for c in nodes["org_code"]],
        "Function": [function_option(functions[c]) for c in nodes["node_code"]],
        "node_id": list(nodes["node_id"]),
    }, columns=NODE_EDITOR_COLUMNS)


def _node_row(row: dict[str, Any], seen_codes: set[str],
              seen_names: set[str]) -> tuple[dict[str, Any], list[str]]:
    problems = []
    code = "" if _blank(row.get("Code")) else str(row["Code"]).strip()
    name = "" if _blank(row.get("Name")) else str(row["Name"]).strip()
    tier = "" if _blank(row.get("Tier")) else str(row["Tier"]).strip()
    function = "" if _blank(row.get("Function")) else str(row["Function"]).split(" ", 1)[0]
    if not _CODE.match(code):
        problems.append(f"column Code: {code!r} must be 1-40 letters, digits, '_', '-' or '.'")
    elif code in seen_codes:
        problems.append(f"column Code: {code!r} is used twice")
    if not name:
        problems.append("column Name: give the body, service or group a name")
    elif name.lower() in seen_names:
        problems.append(f"column Name: {name!r} is used twice")
    if tier not in NODE_TIERS:
        problems.append(f"column Tier: {tier!r} is not one of {', '.join(NODE_TIERS)}")
    if function and function not in COFOG_GROUPS:
        problems.append(f"column Function: {function!r} is not a COFOG group such as 07.3")
    seen_codes.add(code)
    seen_names.add(name.lower())
    body = "" if _blank(row.get("Body code")) else str(row["Body code"]).strip()
    return {"node_code": code, "node_name": name, "tier": tier, "org_code": body or None,
            "chosen": function or None, "node_id": row.get("node_id")}, problems


def check_nodes(edited: pd.DataFrame, before: pd.DataFrame, used: dict[str, int],
                place_id: str) -> tuple[pd.DataFrame | None, list[str]]:
    """Edited nodes checked row by row; a node still used by flows cannot go."""
    seen_codes: set[str] = set()
    seen_names: set[str] = set()
    rows, problems = [], []
    for number, row in enumerate(edited.to_dict("records"), start=1):
        if all(_blank(row.get(c)) for c in NODE_EDITOR_COLUMNS):
            continue
        parsed, faults = _node_row(row, seen_codes, seen_names)
        problems += [f"Row {number}, {fault}." for fault in faults]
        rows.append(parsed)
    kept = {r["node_code"] for r in rows}
    problems += [f"{code} is used by {n} flow(s), so it cannot be removed: change or delete "
                 "those flows first." for code, n in sorted(used.items()) if code not in kept]
    if problems:
        return None, problems
    old_ids = dict(zip(before["node_code"], before["node_id"], strict=True))
    old_batch = dict(zip(before["node_code"], before["batch_id"], strict=True))
    frame = pd.DataFrame([{
        "node_id": old_ids.get(r["node_code"]) or str(uuid.uuid4()), "place_id": place_id,
        "node_code": r["node_code"], "node_name": r["node_name"], "tier": r["tier"],
        "org_code": r["org_code"], "batch_id": old_batch.get(r["node_code"]),
        "cofog_code": None if r["chosen"] == default_function(r["node_name"], r["tier"])
        else r["chosen"]} for r in rows])
    return frame, []


def check_note(text: str, target: str, targets: Iterable[str]) -> str:
    """A note's text, trimmed; refuses an empty note or an unknown place on the wall."""
    text = (text or "").strip()
    if not text:
        raise WallInputError("Write the gap or question before pinning it.")
    if len(text) > 2000:
        raise WallInputError("Keep a note under 2,000 characters.")
    if target not in set(targets):
        raise WallInputError("Choose where on the wall the note goes.")
    return text
