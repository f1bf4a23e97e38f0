"""Opening an uploaded file safely: type, size and expansion checked before any cell is read."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import charset_normalizer
import openpyxl
from openpyxl.utils import column_index_from_string

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 150  # real workbooks compress about 5-20 times


class FileRefused(ValueError):
    """The file cannot be read at all; the message says why and what to do."""


Span = tuple[int, int, int, int]  # a merged range: first row, first column, last row, last


@dataclass
class RawSheet:
    name: str
    rows: list[tuple[int, tuple[object, ...]]]  # (spreadsheet row number, cell values)
    merges: list[Span] = field(default_factory=list)  # 1-based, as the sheet records them


@dataclass
class RawBook:
    file_name: str
    sheets: list[RawSheet]
    notices: list[str] = field(default_factory=list)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def check_size(file_name: str, size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise FileRefused(f"{file_name} is {_mb(size)}; the limit is {_mb(MAX_UPLOAD_BYTES)}. "
                          "Import it in parts, or remove sheets you are not importing.")
    if size == 0:
        raise FileRefused(f"{file_name} is empty (0 bytes).")


def _check_expansion(file_name: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise FileRefused(
            f"{file_name} is not a real .xlsx workbook (it may be an old .xls or a CSV "
            "renamed): in Excel use Save As > Excel Workbook (.xlsx).") from exc
    expanded = sum(info.file_size for info in archive.infolist())
    packed = max(1, sum(info.compress_size for info in archive.infolist()))
    if expanded > MAX_EXPANDED_BYTES or expanded / packed > MAX_RATIO:
        raise FileRefused(f"{file_name} would expand to {_mb(expanded)} when opened "
                          f"({expanded // packed}x its size); it may be damaged or built to "
                          "overload the app, so it was not read.")
    return archive


def _filled(values: tuple[object, ...]) -> bool:
    """Something in the row: a value that is not None and not only spaces. A plain loop,
    stopping at the first such value (usually the first cell)."""
    for v in values:
        if v.__class__ is str:
            if v.strip():
                return True
        elif v is not None and str(v).strip() != "":
            return True
    return False


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="\$?([A-Z]{1,3})\$?(\d{1,7}):'
                    rb'\$?([A-Z]{1,3})\$?(\d{1,7})"')


def _merges(archive: zipfile.ZipFile, path: str | None) -> list[Span]:
    """The sheet's merged ranges. openpyxl's read-only mode (the only one that reads a large
    sheet in bounded memory) does not give them, so they are read from the sheet's XML,
    where Excel writes them after the cells."""
    if not path:
        return []
    try:
        xml = archive.read(path.lstrip("/"))
    except KeyError:
        return []
    return [(int(r1), column_index_from_string(c1.decode()), int(r2),
             column_index_from_string(c2.decode())) for c1, r1, c2, r2 in _MERGE.findall(xml)]


def _read_xlsx(file_name: str, data: bytes) -> RawBook:
    archive = _check_expansion(file_name, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileRefused(f"{file_name} could not be opened as a workbook ({exc}).") from exc
    sheets = []
    for ws in book.worksheets:
        # The <dimension> a sheet records can be wrong (a tool that forgot to update it):
        # openpyxl stops at its last row and column, so forget it and read every row.
        ws.reset_dimensions()
        try:
            rows = [(i, tuple(r)) for i, r in
                    enumerate(ws.iter_rows(values_only=True), start=1) if _filled(r)]
        except Exception as exc:  # a cell the file marks as a number but is not, and more
            book.close()
            raise FileRefused(
                f"{file_name}: sheet '{ws.title}' could not be read ({_reason(exc)}). It may "
                "be damaged or written by a tool Excel does not recognise: open it in Excel, "
                "save it as an Excel Workbook (.xlsx) and upload that.") from exc
        sheets.append(RawSheet(ws.title, rows,
                               _merges(archive, getattr(ws, "_worksheet_path", None))))
    book.close()
    return RawBook(file_name, sheets)


def _reason(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]


def _decode(file_name: str, data: bytes) -> tuple[str, list[str]]:
    """The CSV's text: UTF-8 (with or without its mark) as most tools write it; UTF-16 with
    its byte-order mark, as Excel's 'Unicode Text' save writes it; else whatever
    charset-normalizer finds most likely, said in a notice, since a guess can be wrong."""
    for mark, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                        (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32")):
        if data.startswith(mark):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    encoding = _likely_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding, text = "cp1252", data.decode("cp1252", errors="replace")
    return text, [f"{file_name} is not UTF-8; it was read as {_codec_name(encoding)}. "
                  "Check that £ signs and accents came through."]


def _likely_encoding(data: bytes) -> str:
    """charset-normalizer's reading of the first 64 kB (a guess from 20 MB is no better and
    far slower). Among its equally clean readings Windows-1252 wins, as Excel writes CSV in
    the UK: Windows-1250 reads the same bytes cleanly too, with Ł where £ was meant."""
    matches = list(charset_normalizer.from_bytes(data[:65536]))
    if not matches:
        return "cp1252"
    least = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= least + 0.01]
    if any("cp1252" in m.could_be_from_charset for m in clean):
        return "cp1252"
    return clean[0].encoding


def _codec_name(encoding: str) -> str:
    names = {"cp1252": "Windows-1252 (Excel's usual CSV)", "utf_16_le": "UTF-16",
             "utf_16_be": "UTF-16"}
    return names.get(encoding.lower().replace("-", "_"), encoding)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma, semicolon or tab: the one a header row uses most among the first lines (the
    sniffer alone falls back to commas when a title or footnote line has no tabs), then the
    sniffer's reading of quotes for that delimiter."""
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in ",;\t"}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    if counts[best] == 0:
        return csv.excel
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=best)
    except csv.Error:
        return csv.excel_tab if best == "\t" else type(
            "Semicolons", (csv.excel,), {"delimiter": best}) if best == ";" else csv.excel


def _read_csv(file_name: str, data: bytes, sheet_name: str) -> RawBook:
    text, notices = _decode(file_name, data)
    dialect = _dialect(text)
    # A long cell is a problem in its row (io/ranges.py), not a file that cannot be read.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_UPLOAD_BYTES))
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = [(i, tuple(r)) for i, r in enumerate(reader, start=1) if any(v.strip() for v in r)]
    except csv.Error as exc:
        raise FileRefused(f"{file_name} could not be read as CSV at line {reader.line_num} "
                          f"({_reason(exc)}): save it again from Excel as CSV UTF-8.") from exc
    return RawBook(file_name, [RawSheet(sheet_name, rows)], notices)


def read_book(file_name: str, data: bytes, csv_sheet: str = "Spend lines") -> RawBook:
    """An uploaded file as sheets of non-blank rows; refuses what it cannot read safely."""
    check_size(file_name, len(data))
    suffix = PurePath(file_name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        book = _read_xlsx(file_name, data)
    elif suffix in (".csv", ".txt"):
        book = _read_csv(file_name, data, csv_sheet)
    elif suffix == ".xls":
        raise FileRefused(f"{file_name} is an old Excel 97-2003 file: in Excel use Save As > "
                          "Excel Workbook (.xlsx), then upload that.")
    else:
        raise FileRefused(f"{file_name} is not a spreadsheet this app reads: upload the "
                          ".xlsx template or a .csv file.")
    if not any(sheet.rows for sheet in book.sheets):
        raise FileRefused(f"{file_name} has no data in it: every sheet is empty.")
    return book
