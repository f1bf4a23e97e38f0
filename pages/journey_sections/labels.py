"""Not a page: how the family-journeys tables are headed on screen (tables.py heads the
columns every tool shares; these are the journeys' own). Layout only."""

import pandas as pd

from totalplace_core.tables import for_display

HEADERS = {
    "touch_date": "Date", "service": "Service", "unit": "Unit", "quantity": "Quantity",
    "unit_cost_pence": "Unit cost", "direct_pence": "Direct cost", "staff_pence": "Staff time",
    "travel_pence": "Travel", "total_pence": "Cost", "running_pence": "Running total",
    "repeat_contacts": "Repeat contacts", "feeling": "How it felt", "emotional_note": "Why",
    "is_avoidable": "Avoidable", "stops": "Stops", "avoidable_pence": "Avoidable cost",
    "current_pence": "The journey now", "redesigned_pence": "Redesigned",
    "saving_pence": "Saving (+) or investment (-)", "side": "Saves or invests",
    "times": "Times", "repeats": "Repeat contacts", "unit_cost_code": "Unit-cost code",
    "agency_kind": "Kind of agency", "cost_pence": "Cost", "price_year": "Price year",
    "cost_in_year_pence": "Cost in the chosen year", "edited": "Edited here",
    "term": "Term", "what": "What it is", "figure_pence": "Figure",
}
STOP_COLUMNS = ["touch_date", "org_name", "service", "quantity", "unit", "unit_cost_pence",
                "direct_pence", "staff_pence", "travel_pence", "total_pence", "running_pence",
                "repeat_contacts", "feeling", "emotional_note", "is_avoidable", "note"]
AGENCY_COLUMNS = ["org_name", "stops", "direct_pence", "staff_pence", "travel_pence",
                  "total_pence", "avoidable_pence", "repeat_contacts"]


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Money as £, the shared headers, then the journeys' own."""
    out = for_display(frame).rename(columns=HEADERS)
    if "Date" in out.columns:
        out["Date"] = pd.to_datetime(out["Date"]).dt.strftime("%d %b %Y")
    return out
