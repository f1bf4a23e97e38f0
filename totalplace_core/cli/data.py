"""`totalplace template | import | export | imports | undo`: the spend template from a terminal."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from pathlib import Path

from totalplace_core import places
from totalplace_core.io import importer, report
from totalplace_core.io.export_place import place_csv_zip, place_xlsx, spend_lines_csv
from totalplace_core.io.read import FileRefused
from totalplace_core.io.template import workbook
from totalplace_core.money import format_gbp
from totalplace_core.store import Store, StoreError, require_place


def cmd_template(args: argparse.Namespace) -> int:
    Path(args.file).write_bytes(workbook())
    print(f"Blank template written to {args.file}")
    return 0


def _print_preview(preview: importer.Preview) -> None:
    print(f"Into {preview.place_name}{' (a new place)' if preview.is_new_place else ''}:")
    for r in preview.changes.itertuples():
        print(f"  {r.sheet:<14} {r.added:>6} added {r.changed:>6} changed "
              f"{r.removed:>6} removed {r.unchanged:>6} unchanged")
    if preview.after:
        before = format_gbp(preview.before.net_pence) if preview.before else "nothing"
        print(f"  Total public spend {preview.after.year}: {before} -> "
              f"{format_gbp(preview.after.net_pence)}")


def cmd_import(args: argparse.Namespace) -> int:
    data = Path(args.file).read_bytes()
    with Store(args.db) as store:
        try:
            preview = importer.check_file(store, Path(args.file).name, data, args.place)
        except FileRefused as exc:
            print(f"Refused: {exc}")
            return 1
        print(report.as_text(preview.parsed))
        if not preview.ok:
            return 1
        _print_preview(preview)
        if args.dry_run:
            print("Dry run: nothing was imported.")
            return 0
        batch = importer.commit(store, preview, Path(args.file).name, data, getpass.getuser())
        print(f"Imported as batch {batch} (undo with: totalplace undo {batch})")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    target = Path(args.file)
    writers = {".xlsx": place_xlsx, ".zip": place_csv_zip, ".csv": spend_lines_csv}
    if target.suffix.lower() not in writers:
        raise StoreError("Export to .xlsx (everything), .zip (a CSV per sheet) or .csv "
                         "(spend lines).")
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        target.write_bytes(writers[target.suffix.lower()](store, place))
    print(f"{place} exported to {target}")
    return 0


def cmd_imports(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        batches = store.import_batches(require_place(store, place)["place_id"])
    for b in batches.itertuples():
        state = "undone" if b.undone_at is not None and str(b.undone_at) != "NaT" else "live"
        print(f"{b.batch_id}  {b.imported_at:%Y-%m-%d %H:%M}  {b.kind:<6} {state:<6} "
              f"{b.row_count:>7,} rows  {b.file_name}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        name = store.undo_import(args.batch)
    print(f"Undone: the import of {name}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "template": cmd_template, "import": cmd_import, "export": cmd_export,
    "imports": cmd_imports, "undo": cmd_undo,
}
