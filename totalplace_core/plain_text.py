"""Text a person typed (or a file carried), made safe wherever it is shown: the one escaping
path of the app. Each reader of text gets its own function, and nothing else escapes.

- `plain`: wherever Streamlit reads Markdown (titles, captions, alerts, metric labels, button
  labels). Every ASCII punctuation mark gets a backslash, as CommonMark allows, so a typed
  name shows exactly as typed and can draw no link, image, formatting, HTML entity (`&lt;`),
  Streamlit directive (`:red[...]`) or math. GitHub's autolinks (`http://...`, `www.`, an
  email address) are found in the text after escapes are read, so a word joiner (U+2060,
  invisible and zero-width) goes between `http`/`https` and `:`, `www` and `.`, and before
  `@`: nothing typed becomes a link.
- `chart_text`: plotly labels, hovers, legends, axis ticks and annotations. Plotly reads a
  few tags (`<b>`, `<br>`, `<a href>`, `<span style>`) and entities in them, so `&`, `<` and
  `>` become entities; quotes stay as typed, since plotly decodes `&lt;` `&gt;` `&amp;` but
  shows `&quot;` as those six characters.
- `html_text`: HTML the app writes itself (st.html blocks, the map keys): `html.escape`,
  quotes too, so a value is safe inside an attribute as well as between tags.

Pydeck tooltips need none of these: Streamlit escapes each `{field}` it puts in a tooltip's
HTML, so its values are given as typed (escaping them here would show `&amp;`)."""

from __future__ import annotations

import html
import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"(?i)(?<=http)(?=:)|(?<=https)(?=:)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def _missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA: shown as nothing."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):  # pd.NA refuses to be a bool
        return True


def plain(text: object) -> str:
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))


def chart_text(value: object) -> str:
    """Typed text for a plotly label, hover or legend: shown as typed, never as markup."""
    return "" if _missing(value) else html.escape(str(value), quote=False)


def html_text(value: object) -> str:
    """Typed text for HTML the app writes (between tags or in an attribute)."""
    return "" if _missing(value) else html.escape(str(value), quote=True)
