"""Names as people write them, reduced to one key: case, spacing, punctuation, '&' for 'and'
and the abbreviations public bodies go by (MBC, CC, PCT ...) do not make two names differ."""

from __future__ import annotations

import re
import unicodedata

# Kept as data a reader can check: each abbreviation as it is written in returns.
ABBREVIATIONS: dict[str, str] = {
    "mbc": "metropolitan borough council", "bc": "borough council", "cc": "county council",
    "dc": "district council", "ccc": "city council", "pct": "primary care trust",
    "ft": "foundation trust", "nhsft": "nhs foundation trust", "fa": "fire authority",
    "frs": "fire and rescue service", "cvs": "council for voluntary service",
    "ha": "housing association", "hmrc": "hm revenue and customs",
    "dwp": "department for work and pensions", "dept": "department", "govt": "government",
    "ltd": "limited", "co": "company", "st": "saint", "intl": "international",
}
_WORD = re.compile(r"[a-z0-9]+")
_DOTTED = re.compile(r"(?<![a-z])([a-z](?:\.[a-z])+)\.?(?![a-z])")


def name_key(text: object) -> str:
    """'Rivermouth MBC ' and 'rivermouth metropolitan borough council' have one key, as do
    'NHS  Rivermouth' and 'NHS Rivermouth', 'Health & Care' and 'Health and Care'."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    plain = plain.lower().replace("&", " and ").replace("'", "")
    plain = _DOTTED.sub(lambda m: m[1].replace(".", ""), plain)  # 'm.b.c.' is 'mbc'
    words = [ABBREVIATIONS.get(w, w) for w in _WORD.findall(plain)]
    return " ".join(words)
