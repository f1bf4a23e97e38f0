"""Text a person typed, made safe wherever Streamlit reads Markdown (titles, captions, alerts).

One escaper for the whole app: every ASCII punctuation mark gets a backslash, as CommonMark
allows, so a typed name shows exactly as typed and can draw no link, image, formatting, HTML
entity (`&lt;`), Streamlit directive (`:red[...]`) or bare-URL autolink."""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def plain(text: object) -> str:
    return _PUNCTUATION.sub(r"\\\1", str(text))
