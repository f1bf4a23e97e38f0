"""The count's classification as SQL text, shared by the count's queries and by the migration
that builds the summary table (this module imports nothing, so migrations can use it)."""

from __future__ import annotations

COUNTED, NETTED, UNMATCHED = "counted", "transfer netted", "transfer unmatched"
LINE_COLUMNS = ("line_id, place_id, year, org_code, cofog_code, theme, amount_pence, basis, "
                "source, funded_by_org_code, transfer_to_org_code, note")


def classified(source: str) -> str:
    """`WITH ... classified AS (...)` over the lines `source` selects (a whitelisted SQL):
    each line with its division and its status. A line handing money to another body is
    netted when that body reported lines for the same place and year, else unmatched."""
    return f"""
        WITH lines AS ({source}),
        reporting AS (SELECT DISTINCT place_id, year, org_code FROM lines),
        classified AS (
            SELECT l.*, left(l.cofog_code, 2) AS division, CASE
                WHEN coalesce(l.transfer_to_org_code, '') = '' THEN '{COUNTED}'
                WHEN r.org_code IS NOT NULL THEN '{NETTED}'
                ELSE '{UNMATCHED}' END AS count_status
            FROM lines l LEFT JOIN reporting r ON r.place_id = l.place_id
                AND r.year = l.year AND r.org_code = l.transfer_to_org_code)"""


# The count summed by place, year, body, division, basis and status: what every headline,
# basis share, division bar and places-side-by-side table is read from. A few thousand rows a
# place however many lines it has; rebuilt for a place in the same transaction as any write
# to its lines (store/count.py refresh_summary), so it never differs from them.
SUMMARY_TABLE = """CREATE TABLE spend_summary (
    place_id VARCHAR NOT NULL,
    year VARCHAR NOT NULL,
    org_code VARCHAR NOT NULL,
    division VARCHAR NOT NULL,
    basis VARCHAR NOT NULL,
    count_status VARCHAR NOT NULL,
    amount_pence BIGINT NOT NULL,
    line_count BIGINT NOT NULL)"""


def summary_insert(where: str) -> str:
    """INSERT the summary of the lines matching `where` (SQL on spend_line)."""
    return ("INSERT INTO spend_summary " + classified(
        f"SELECT {LINE_COLUMNS} FROM spend_line WHERE {where}")
        + " SELECT c.place_id, c.year, c.org_code, c.division, c.basis, c.count_status, "
        "CAST(sum(c.amount_pence) AS BIGINT), count(*) FROM classified c GROUP BY c.place_id, "
        "c.year, c.org_code, c.division, c.basis, c.count_status "
        "ORDER BY c.place_id, c.year")
