import pandas as pd

from totalplace_core.io.safe_export import csv_bytes, neutralise


def test_formulas_are_neutralised_numbers_are_not() -> None:
    assert neutralise("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-1234.50") == "-1234.50"
    assert neutralise("Council tax") == "Council tax"


def test_csv_download_is_safe_and_opens_in_excel() -> None:
    frame = pd.DataFrame({"source": ["=1+1", "Accounts"], "amount_gbp": ["-5.00", "10.00"]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig").splitlines()
    assert text == ["source,amount_gbp", "'=1+1,-5.00", "Accounts,10.00"]


def test_html_table_escapes_what_users_typed() -> None:
    from totalplace_core.tables import html_table

    out = html_table(pd.DataFrame({"found": ["![x](http://evil/img.png) <b>hi</b>"]}))
    assert "<b>" not in out and "&lt;b&gt;hi&lt;/b&gt;" in out
    assert out.count("<td>") == 1
