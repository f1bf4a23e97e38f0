"""The count's tables: spend lines (with their bodies), the theme map, deflators."""

from __future__ import annotations

import pandas as pd

from totalplace_core.store.connection import Connection, insert_frame, new_id, now_utc


class CountQueries(Connection):
    # -- the count ----------------------------------------------------------------------
    def spend_lines(self, place_id: str, year: str | None = None) -> pd.DataFrame:
        """Spend lines with their organisation's name and kind."""
        return self.df(
            "SELECT s.line_id, s.year, s.org_code, o.org_name, o.kind AS org_kind, "
            "s.cofog_code, s.theme, s.amount_pence, s.basis, s.source, "
            "s.funded_by_org_code, s.transfer_to_org_code, s.driver, s.note "
            "FROM spend_line s LEFT JOIN organisation o "
            "ON o.place_id = s.place_id AND o.org_code = s.org_code "
            "WHERE s.place_id = ? AND (? IS NULL OR s.year = ?) "
            "ORDER BY s.year, s.org_code, s.cofog_code, s.line_id",
            [place_id, year, year],
        )

    def spend_lines_all_places(self, year: str) -> pd.DataFrame:
        """Every place's lines for one year, with the place's name and population."""
        return self.df(
            "SELECT p.place_name, p.population, s.year, s.org_code, s.cofog_code, "
            "s.amount_pence, s.basis, s.transfer_to_org_code "
            "FROM spend_line s JOIN place p USING (place_id) WHERE s.year = ? "
            "ORDER BY p.place_name",
            [year],
        )

    # -- theme map -------------------------------------------------------------------------
    def theme_edits(self, place_id: str) -> pd.DataFrame:
        """The latest edit of each (scheme, COFOG group): edits are appended, never updated."""
        return self.df(
            "SELECT scheme, cofog_code, theme FROM theme_map_edit WHERE place_id = ? "
            "QUALIFY row_number() OVER (PARTITION BY scheme, cofog_code "
            "ORDER BY created_at DESC, edit_id DESC) = 1",
            [place_id],
        )

    def add_theme_edits(self, place_id: str, edits: list[tuple[str, str, str]],
                        edited_by: str | None = None) -> int:
        with self.transaction() as cur:
            for scheme, cofog_code, theme in edits:
                cur.execute(
                    "INSERT INTO theme_map_edit VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [new_id(), place_id, scheme, cofog_code, theme, edited_by, now_utc()],
                )
        return len(edits)

    # -- deflators (not per place) --------------------------------------------------------
    def deflators(self) -> pd.DataFrame:
        return self.df("SELECT year, index_value, base_year, source FROM deflator ORDER BY year")

    def replace_deflators(self, frame: pd.DataFrame) -> int:
        with self.transaction() as cur:
            cur.execute("DELETE FROM deflator")
            return insert_frame(cur, "deflator", frame)
