"""Tables in, datasets out: loading, validation, profiling and encoding for the algorithms.

A `Dataset` keeps the user's frame as loaded (`raw`), the cleaned frame the tools work on
(`frame`: unusable columns dropped, missing values handled) and a numeric version for the
algorithms (`numeric()`: categorical text encoded, the encoding reported in `encoding`).
Every change made to the user's data is written to `notes`, never done silently.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from copilot.errors import ColumnNotFoundError, DataError, InputError
from copilot.tools.blas import one_blas_thread
from copilot.tools.datafile import SUFFIXES as SUFFIXES  # re-exported
from copilot.tools.datafile import check_data_file
from copilot.tools.dataset import MIN_ROWS, ColumnKind, ColumnProfile, Dataset, DatasetProfile

MissingPolicy = Literal["drop", "mean", "median", "mode", "error"]

#: Integer columns with at most this many distinct values are treated as discrete.
MAX_DISCRETE_LEVELS = 12
#: Names that mark a domain, regime or time index (CD-NOD's context variable).
INDEX_NAMES = (
    "domain",
    "env",
    "environment",
    "regime",
    "site",
    "context",
    "time",
    "period",
    "timestamp",
    "date",
    "batch",
    "day",
    "week",
    "month",
    "year",
)


# loading ------------------------------------------------------------------------------------


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV, TSV, Excel (.xlsx), Parquet or JSON-lines file into a frame, with one-line
    errors."""
    return _read_file(path)[0]


#: Field separators tried when a delimited file's header holds none of the expected one.
OTHER_SEPARATORS = {"csv": (";", "\t", "|"), "tsv": (",", ";", "|")}
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
#: Tried in turn when a file is not valid UTF-8 (cp1252 is Windows' Western European code page).
FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def _read_file(path: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """`read_table` plus the notes on how the file was read (separator, encoding)."""
    p, fmt = check_data_file(path)
    notes: list[str] = []
    try:
        if fmt in ("csv", "tsv"):
            df = _read_delimited(p, fmt, notes)
        elif fmt == "parquet":
            df = pd.read_parquet(p)
        elif fmt == "excel":
            df = _read_excel(p, notes)
        else:
            df = pd.read_json(p, lines=True)
    except DataError:
        raise
    except pd.errors.EmptyDataError:
        raise DataError(
            f"Data file {p} has no columns.", "write a header line and at least 10 rows"
        ) from None
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        hint = (
            "save the file as UTF-8"
            if isinstance(exc, UnicodeDecodeError)
            else "check that every row has the same number of fields and that the file type "
            "matches its extension"
        )
        raise DataError(f"Cannot parse {p.name} as {fmt.upper()}: {first}.", hint) from None
    except Exception as exc:  # pyarrow and openpyxl raise their own types for corrupt files
        if type(exc).__module__.startswith(("pyarrow", "fastparquet")):
            raise DataError(
                f"Cannot read {p.name} as Parquet: {exc}.", "re-export the file"
            ) from None
        if fmt == "excel" and type(exc).__module__.startswith(("openpyxl", "zipfile")):
            raise DataError(
                f"Cannot read {p.name} as an Excel workbook: {exc}.",
                "open it in a spreadsheet program and save it again as .xlsx or .csv",
            ) from None
        raise
    if df.shape[1] == 0:
        raise DataError(
            f"Data file {p} has no columns.", "write a header line and at least 10 rows"
        )
    return df, notes


def _read_excel(p: Path, notes: list[str]) -> pd.DataFrame:
    """The first sheet of an Excel workbook that holds a table; the note names the sheet when
    the workbook has several."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation
        book = pd.ExcelFile(p, engine="openpyxl")
        sheets = book.sheet_names
        for name in sheets:
            df = book.parse(name)
            df = df.dropna(axis=1, how="all").dropna(axis=0, how="all")
            if df.shape[1] > 0 and len(df) > 0:
                break
        else:
            raise DataError(
                f"No sheet of {p.name} holds a table.", "put a header row and the rows in a sheet"
            )
    if all(str(c).startswith("Unnamed: ") for c in df.columns):
        raise DataError(
            f"Sheet {name!r} of {p.name} has no header row.",
            "put the column names in the sheet's first row",
        )
    if len(sheets) > 1:
        others = ", ".join(repr(s) for s in sheets if s != name)
        notes.append(
            f"read sheet {name!r} of {p.name} (the workbook also has {others}); save the sheet "
            "you mean as CSV, or move it first, to analyse another"
        )
    return df.reset_index(drop=True)


def _read_delimited(p: Path, fmt: str, notes: list[str]) -> pd.DataFrame:
    """Read a CSV/TSV file, detecting another field separator and a non-UTF-8 encoding."""
    expected = "\t" if fmt == "tsv" else ","
    with open(p, "rb") as f:
        head = f.read(1 << 16)
        truncated = bool(f.read(1))
    lines = head.decode("utf-8", errors="replace").splitlines()
    if truncated and len(lines) > 1:
        lines = lines[:-1]  # the last line of the sample may be cut
    lines = [ln for ln in lines[:51] if ln.strip()]
    header = lines[0] if lines else ""
    sep, decimal = expected, "."
    if expected not in header:
        found = _detect_separator(lines, OTHER_SEPARATORS[fmt])
        if found is not None:
            sep = found
            how = f"separated by {SEPARATOR_NAMES[sep]}, not {SEPARATOR_NAMES[expected]}"
            if sep == ";" and any(re.search(r"\d,\d", ln) for ln in lines[1:]):
                decimal = ","
                how += ", with decimal commas"
            notes.append(f"read {p.name} as {how}")
    _check_duplicate_header(p, sep)
    for encoding in ("utf-8", *FALLBACK_ENCODINGS):
        try:
            df = pd.read_csv(p, sep=sep, decimal=decimal, encoding=encoding)
        except UnicodeDecodeError:
            if encoding == FALLBACK_ENCODINGS[-1]:  # pragma: no cover - latin-1 decodes any byte
                raise
            continue
        if encoding != "utf-8":
            notes.append(
                f"{p.name} is not valid UTF-8: read it as {encoding} "
                "(Windows/Latin-1 text); check that accented text looks right"
            )
        break
    if decimal == ",":
        _decimal_comma_amounts(df, notes)
    if df.shape[1] == 1:
        inside = [s for s in OTHER_SEPARATORS[fmt] if s in str(df.columns[0])]
        if inside:
            raise DataError(
                f"{p.name} was read as a single column {str(df.columns[0])[:60]!r}, whose name "
                f"contains {SEPARATOR_NAMES[inside[0]]}.",
                f"the file seems separated by {SEPARATOR_NAMES[inside[0]]} but its rows have "
                "different numbers of fields; fix the rows or save it with commas",
            )
    return df


def _decimal_comma_amounts(df: pd.DataFrame, notes: list[str]) -> None:
    """In a file with decimal commas, text columns of amounts written that way ('1.234,50',
    '12,50 €', '3,5%') as numbers, with a note: dots group thousands there, so the values are
    read as `_formatted_numbers` reads '1,234.50' (a date such as '15.03.2024' does not group
    its digits in threes and stays text)."""
    swap = str.maketrans({".": ",", ",": "."})
    for c in df.columns:
        s = df[c]
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
            continue
        values = s.dropna().astype(str)
        if values.empty:
            continue
        read = _formatted_numbers(values.map(lambda v: v.translate(swap)))
        if read is None or read[0].isna().any():
            continue
        df[c] = read[0].reindex(s.index)
        first = values.index[0]
        notes.append(
            f"read column {c!r} as numbers written with decimal commas and {read[1]} (e.g. "
            f"{values[first]!r} as {read[0][first]:g})"
        )


def _strip_header(raw: pd.DataFrame, notes: list[str]) -> None:
    """Drop the spaces around a file's column names (`" Revenue "` is `Revenue`), with a note,
    unless two names would then be the same."""
    stripped = [c.strip() for c in raw.columns]
    changed = [(c, s) for c, s in zip(raw.columns, stripped, strict=True) if c != s and s]
    if not changed or len(set(stripped)) < len(stripped) or not all(stripped):
        return
    raw.columns = stripped
    shown = ", ".join(f"{c!r} as {s!r}" for c, s in changed[:3])
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    notes.append(f"read column names without the spaces around them ({shown}{more})")


def _without_total_row(raw: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The table without a last row of column totals (a spreadsheet's "Total" line), with a
    note: every number in it is the sum of the column above it (to rounding), over at least two
    columns, and no other cell in it is a number."""
    if len(raw) < 3:
        return raw
    body, last = raw.iloc[:-1], raw.iloc[-1]
    matched = 0
    for c in raw.columns:
        value = pd.to_numeric(pd.Series([last[c]]), errors="coerce").iloc[0]
        if pd.isna(value):
            continue
        column = pd.to_numeric(body[c], errors="coerce")
        if column.notna().sum() < 2:
            return raw
        total = float(column.sum())
        if not math.isclose(float(value), total, rel_tol=1e-6, abs_tol=0.01 * column.notna().sum()):
            return raw
        matched += 1
    if matched < 2:
        return raw
    label = next((str(v) for v in last if isinstance(v, str) and v.strip()), None)
    notes.append(
        "dropped the last row: it holds the column totals"
        + (f" ({label!r})" if label else "")
        + ", not a unit of the table"
    )
    return body.copy()


def _detect_separator(lines: list[str], candidates: tuple[str, ...]) -> str | None:
    """The candidate that splits the header into most (>= 2) fields, the same in every line."""
    import csv
    import io

    best, best_n = None, 1
    for sep in candidates:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=sep))
        counts = {len(r) for r in rows if r}
        if len(counts) == 1 and (n := counts.pop()) > best_n:
            best, best_n = sep, n
    return best


def _check_duplicate_header(path: Path, sep: str) -> None:
    import csv

    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        row = next(csv.reader(f, delimiter=sep), [])
    seen: set[str] = set()
    dups = sorted({c for c in (x.strip() for x in row) if c in seen or seen.add(c)})
    if dups:
        raise DataError(
            f"Duplicate column names in {path.name}: {', '.join(map(repr, dups))}.",
            "rename the columns so that every name is unique",
        )


def load_table(
    source: str | Path | pd.DataFrame,
    name: str | None = None,
    columns: list[str] | None = None,
    missing: MissingPolicy = "drop",
    min_rows: int = MIN_ROWS,
) -> Dataset:
    """Load a file or a DataFrame, validate it, handle missing values and profile it.

    `columns` restricts the analysis to those columns (unknown names raise with suggestions).
    `missing` says what to do with missing values: drop the rows (default), impute the
    column mean/median/mode, or raise. What was done is written to `Dataset.notes`.
    (`copilot.tools.profile_cache.load_cached` does the same with the profile cached per file.)
    """
    label, src, raw, frame, notes = prepare_frames(source, name, columns, missing, min_rows)
    profile, encoding = profile_frame(frame)
    for c, mapping in encoding.items():
        shown = ", ".join(f"{k}={v}" for k, v in list(mapping.items())[:6])
        more = ", ..." if len(mapping) > 6 else ""
        notes.append(
            f"encoded categorical column {c!r} as integer codes ({shown}{more}) for discovery; "
            "effect estimators use one indicator per level"
        )
    _note_unanalysed(frame, profile, columns, notes)
    return Dataset(
        name=label,
        raw=raw,
        frame=frame,
        profile=profile,
        source=src,
        encoding=encoding,
        notes=notes,
    )


def prepare_frames(
    source: str | Path | pd.DataFrame,
    name: str | None = None,
    columns: list[str] | None = None,
    missing: MissingPolicy = "drop",
    min_rows: int = MIN_ROWS,
) -> tuple[str, str, pd.DataFrame, pd.DataFrame, list[str]]:
    """Read and clean a table: (name, source, raw frame, cleaned frame, notes), not profiled.

    The cleaned frame has its types coerced, unusable columns dropped and missing values
    handled as `missing` says; categorical text is normalised by `profile_frame` (or
    `encode_text_columns` when the profile is known)."""
    if missing not in ("drop", "mean", "median", "mode", "error"):
        raise InputError(
            f"Unknown missing-value policy {missing!r}.", "use drop, mean, median, mode or error"
        )
    if isinstance(source, pd.DataFrame):
        raw = source
        read_notes: list[str] = []
        label = name or "data"
        src = "<DataFrame>"
        dup = raw.columns[raw.columns.duplicated()].tolist()
        if dup:
            raise DataError(
                f"Duplicate column names: {', '.join(map(repr, map(str, dup)))}.",
                "rename the columns so that every name is unique",
            )
    elif isinstance(source, str | Path):
        raw, read_notes = _read_file(source)
        label = name or Path(source).stem
        src = str(source)
    else:
        raise InputError(
            f"Cannot load data from a {type(source).__name__}.",
            "pass a file path or a pandas DataFrame",
        )
    raw = raw.copy()
    raw.columns = [str(c) for c in raw.columns]
    where = f" in {Path(src).name}" if src != "<DataFrame>" else ""
    notes: list[str] = list(read_notes)
    if src != "<DataFrame>":
        _strip_header(raw, notes)
        raw = _without_total_row(raw, notes)

    if columns is not None:
        if not columns:
            raise InputError(
                "The column list is empty.", "name at least two columns or leave it out"
            )
        for c in columns:
            if c not in raw.columns:
                raise ColumnNotFoundError(c, raw.columns)
        frame = raw[list(dict.fromkeys(columns))].copy()
    else:
        frame = raw.copy()

    if len(frame) < min_rows:
        raise DataError(
            f"Only {len(frame)} rows{where}; at least {min_rows} are needed.",
            "add more rows (causal methods need far more than 10 to be reliable)",
        )

    frame = _coerce_types(frame, notes)
    _infinite_as_missing(frame, notes)
    _merge_spellings(frame, notes)

    # Unusable columns: all missing, or a single value.
    dropped: list[str] = []
    drop_notes: list[str] = []
    for c in list(frame.columns):
        s = frame[c]
        if s.isna().all():
            drop_notes.append(f"dropped column {c!r}: all values are missing")
            dropped.append(c)
        elif s.nunique(dropna=True) <= 1:
            value = s.dropna().iloc[0]
            value = value.item() if hasattr(value, "item") else value
            drop_notes.append(f"dropped column {c!r}: constant (every value is {value!r})")
            dropped.append(c)
    notes.extend(drop_notes)
    if dropped:
        if len(dropped) == frame.shape[1]:
            raise DataError(
                f"Every column{where} is empty or constant: {', '.join(map(repr, dropped))}.",
                "check the file; causal analysis needs columns that vary",
            )
        for n in drop_notes:
            warnings.warn(n, stacklevel=2)
        frame = frame.drop(columns=dropped)

    # Missing values: never silent. Blanks in a column that is not analysed (an id, or free text
    # with a different value in every row) cost no row: it is kept with its blanks.
    blank_ids = _blank_id_columns(frame)
    for c in blank_ids:
        notes.append(
            f"kept {int(frame[c].isna().sum())} blank values in {c!r}, which is not analysed "
            "(a different value in every row), so no row was dropped or filled for it"
        )
    analysed = frame.drop(columns=blank_ids)
    n_missing = int(analysed.isna().any(axis=1).sum())
    if n_missing:
        cols_with = [c for c in analysed.columns if analysed[c].isna().any()]
        if missing == "error":
            read_as = [n for n in notes if n.startswith("read ") and " as missing" in n]
            also = f"; {'; '.join(read_as)}" if read_as else ""
            raise DataError(
                f"{n_missing} rows{where} have missing values (in {', '.join(map(repr, cols_with))})"
                f"{also}.",
                "clean them or choose a policy: drop, mean, median or mode",
            )
        if missing == "drop":
            frame = frame.dropna(subset=list(analysed.columns)).copy()
            notes.append(
                f"dropped {n_missing} of {n_missing + len(frame)} rows with missing values "
                f"(in {', '.join(map(repr, cols_with))})"
            )
            if len(frame) < min_rows:
                raise DataError(
                    f"Only {len(frame)} complete rows{where} after dropping missing values.",
                    "fill in the missing values in the file, or impute them (copilot discover "
                    "--missing mean|median|mode; missing= in Python)",
                )
        else:
            for c in cols_with:
                s = frame[c]
                numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
                how = missing if numeric else "mode"
                fill = {"mean": s.mean, "median": s.median}.get(how, lambda s=s: s.mode().iloc[0])()
                frame[c] = s.fillna(fill)
                notes.append(
                    f"imputed {int(s.isna().sum())} missing values in {c!r} with the {how} ({fill!r})"
                )

    return label, src, raw, frame.reset_index(drop=True), notes


def _blank_id_columns(frame: pd.DataFrame) -> list[str]:
    """Columns with blanks that are ids (a different value in each filled row, see
    `column_kind`) on the rows whose other columns are complete, so they stay ids after the
    incomplete rows are dropped."""
    blank = [c for c in frame.columns if frame[c].isna().any()]
    if not blank:
        return []
    candidates = [c for c in blank if column_kind(frame[c], c) == "id"]
    others = [c for c in frame.columns if c not in candidates]
    complete = frame.dropna(subset=others)
    return [c for c in candidates if column_kind(complete[c], c) == "id"]


def _merge_spellings(frame: pd.DataFrame, notes: list[str]) -> None:
    """In a text column, values that differ only in case or spaces (`Email`, `email `, `EMAIL`)
    are one level, written as its most common spelling, with a note: a stranger's file is typed
    by hand, and each spelling would otherwise be a level of its own (a treatment of five
    levels for two)."""
    for c in frame.columns:
        s = frame[c]
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
            continue
        values = s.dropna()
        if values.empty or not all(isinstance(v, str) for v in values.iloc[:1000]):
            continue
        values = values.astype(str)
        keys = values.str.strip().str.casefold().str.split().str.join(" ")
        if keys.nunique() == values.nunique():
            continue
        counts = values.value_counts()
        spelling: dict[str, str] = {}
        for _, group in values.groupby(keys):
            forms = sorted(group.unique(), key=lambda v: (-int(counts[v]), v))
            for v in forms:
                spelling[v] = forms[0]
        changed = {v: w for v, w in spelling.items() if v != w}
        if not changed:
            continue
        frame[c] = s.map(lambda v, m=changed: m.get(v, v) if isinstance(v, str) else v)
        n = int(values.isin(list(changed)).sum())
        shown = ", ".join(f"{v!r} -> {w!r}" for v, w in list(changed.items())[:4])
        more = f" and {len(changed) - 4} more" if len(changed) > 4 else ""
        notes.append(
            f"merged values of {c!r} that differ only in case or spaces ({shown}{more}; {n} rows)"
        )


def encode_text_columns(frame: pd.DataFrame, encoding: dict[str, dict[str, int]]) -> None:
    """Normalise the encoded categorical columns to text, as `profile_frame` does."""
    for c in encoding:
        s = frame[c]
        frame[c] = s.astype(str).where(s.notna())


#: A text column whose non-missing values parse as numbers at least this often is numeric;
#: the values that do not parse are read as missing (and reported).
NUMERIC_SHARE = 0.95


def _coerce_types(frame: pd.DataFrame, notes: list[str] | None = None) -> pd.DataFrame:
    """Turn numeric-looking text into numbers and ISO-date-looking text into datetimes.

    In a mostly numeric text column (at least `NUMERIC_SHARE` of at least 20 values parse),
    the values that are not numbers ("?", "n/a", "-") become missing values, with a note.
    """
    for c in frame.columns:
        s = frame[c]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            nonnull = s.dropna()
            if nonnull.empty:
                continue
            num = pd.to_numeric(nonnull, errors="coerce")
            how = None
            if num.isna().any():
                formatted = _formatted_numbers(nonnull.astype(str))
                if formatted is not None and formatted[0].notna().sum() > num.notna().sum():
                    num, how = formatted
            parsed = float(num.notna().mean())
            if parsed == 1.0 or (parsed >= NUMERIC_SHARE and len(nonnull) >= 20):
                bad = nonnull[num.isna()]
                if len(bad) and notes is not None:
                    shown = ", ".join(repr(str(v)) for v in pd.unique(bad.astype(str))[:3])
                    notes.append(
                        f"read {len(bad)} non-numeric value{'s' * (len(bad) > 1)} in numeric "
                        f"column {c!r} as missing (e.g. {shown})"
                    )
                if how is not None and notes is not None:
                    first = num.first_valid_index()
                    notes.append(
                        f"read column {c!r} as numbers written with {how} (e.g. "
                        f"{str(nonnull[first])!r} as {num[first]:g}"
                        + ("; percentages stay in percent)" if "percent" in how else ")")
                    )
                frame[c] = num.reindex(s.index) if how else pd.to_numeric(s, errors="coerce")
                continue
            if parsed >= 0.5 and notes is not None:
                bad = nonnull[num.isna()].astype(str)
                shown = ", ".join(repr(v) for v in pd.unique(bad)[:3])
                notes.append(
                    f"column {c!r} is mostly numbers but {len(bad)} of {len(nonnull)} values are "
                    f"not (e.g. {shown}), so it is read as text; clean them to analyse it as numbers"
                )
            sample = nonnull.astype(str).head(50)
            if sample.str.match(r"^\d{4}-\d{2}-\d{2}").all():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    dates = pd.to_datetime(s, errors="coerce")
                if dates.notna().sum() == nonnull.size:
                    frame[c] = dates
            elif sample.str.match(_OTHER_DATE).all():
                read = _other_dates(nonnull.astype(str))
                if read is not None:
                    dates, how = read
                    frame[c] = dates.reindex(s.index)
                    if notes is not None:
                        notes.append(f"read column {c!r} as dates written {how}")
    return frame


#: Dates written day, month and year (in either of the first two orders) with slashes, dots or
#: dashes, or year/month/day with slashes or dots, optionally with a time.
_OTHER_DATE = r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(\d{2})?|\d{4}[/.]\d{1,2}[/.]\d{1,2})( \d{1,2}:\d{2}(:\d{2})?)?$"


def _other_dates(values: pd.Series) -> tuple[pd.Series, str] | None:
    """Dates such as '03/15/2024', '15.03.2024' or '2024/03/15' (with a time or not): the
    order of day and month is the one under which every value is a date; when both are, month
    first for slashes (as in the US) and day first otherwise, said in the note."""
    if not values.str.strip().str.match(_OTHER_DATE).all():
        return None  # a value further down that is not such a date
    date = values.str.strip().str.split(" ").str[0]
    sep = "/" if date.str.contains("/").all() else "." if date.str.contains(r"\.").all() else "-"
    if not date.str.contains(sep, regex=False).all():
        return None
    fields = date.str.split(sep, expand=True)
    if fields[0].str.len().eq(4).all():
        orders = [("year/month/day", True, False)]
    else:
        month_first = ("month/day/year", False, False)
        day_first = ("day/month/year", False, True)
        orders = [month_first, day_first] if sep == "/" else [day_first, month_first]
    parts = fields.astype(int)
    readable = []
    for name, yearfirst, dayfirst in orders:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                dates = pd.to_datetime(
                    values, errors="coerce", yearfirst=yearfirst, dayfirst=dayfirst, format="mixed"
                )
            except (ValueError, TypeError):
                continue
        # a reading that silently swaps day and month for some values is not taken
        day_col, month_col = (2, 1) if yearfirst else ((0, 1) if dayfirst else (1, 0))
        agrees = dates.dt.day.eq(parts[day_col]) & dates.dt.month.eq(parts[month_col])
        if dates.notna().all() and agrees.all():
            readable.append((name, dates))
    if not readable:
        return None
    name, dates = readable[0]
    how = name if len(readable) == 1 else f"{name} (both orders of day and month fit every value)"
    return dates, how


#: A number as people write it in a spreadsheet: a sign or accounting parentheses, a currency
#: symbol before or after, digits grouped in threes by commas or spaces, a decimal point, and a
#: percent sign or a short unit ('kg', 'h', 'km/h', 'k').
_FORMATTED_NUMBER = re.compile(
    r"^(?P<open>\()?(?P<sign>[-+\u2212])?(?P<pre>[$\u20ac\u00a3\u00a5])?\s?(?P<sign2>[-+\u2212])?"
    r"(?P<num>\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)"
    r"(?:\s?(?P<post>%|[$\u20ac\u00a3\u00a5])|\s?(?P<unit>[A-Za-z\u00b5\u00b0][A-Za-z\u00b5\u00b0/\u00b2\u00b3]{0,5}))?"
    r"(?P<close>\))?$"
)


def _formatted_numbers(values: pd.Series) -> tuple[pd.Series, str] | None:
    """Text such as '$1,234.50', '12.5%', '1 250 €', '(300)' or '72 kg' as numbers, and what
    was read.

    Only a column written one way is read: one currency symbol, one percent sign or one unit
    on every value that parses (a column mixing '$' and '€', '50%' and '0.5', or '5 min' and
    '1 h' stays text), and at least one value that plain parsing could not read. A percentage
    keeps its scale ('12.5%' is 12.5, not 0.125) and accounting parentheses are a minus sign.
    Values that do not parse are NaN."""
    parts = values.str.strip().str.extract(_FORMATTED_NUMBER)
    ok = parts["num"].notna() & (parts["open"].isna() == parts["close"].isna())
    ok &= ~(parts["open"].notna() & (parts["sign"].notna() | parts["sign2"].notna()))
    if not ok.any():
        return None
    symbols = parts.loc[ok, "pre"].fillna("") + parts.loc[ok, "post"].fillna("")
    units = parts.loc[ok, "unit"].fillna("")
    used, unit = set(symbols), set(units)
    if (
        len(used) > 1
        or any(len(u) > 1 for u in used)
        or len(unit) > 1
        or ((used - {""}) and (unit - {""}))
    ):
        return None  # mixed units, or a value with two symbols
    unit_name = unit.pop() if unit else ""
    digits = parts.loc[ok, "num"].str.replace(r"[,\u00a0\u202f ]", "", regex=True)
    grouped = bool((digits != parts.loc[ok, "num"]).any())
    symbol = used.pop() if used else ""
    if not (symbol or unit_name or grouped or parts.loc[ok, "open"].notna().any()):
        return None  # nothing plain parsing did not already read
    sign = parts.loc[ok, "sign"].fillna("") + parts.loc[ok, "sign2"].fillna("")
    negative = sign.str.contains("[-\u2212]") | parts.loc[ok, "open"].notna()
    out = pd.Series(np.nan, index=values.index, dtype=float)
    out[ok] = np.where(negative, -1.0, 1.0) * digits.astype(float)
    what = []
    if symbol == "%":
        what.append("a percent sign")
    elif symbol:
        what.append(f"a currency sign ({symbol!r})")
    if unit_name:
        what.append(f"a unit ({unit_name!r}, dropped: the numbers stay in it)")
    if grouped:
        what.append("thousands separators")
    if parts.loc[ok, "open"].notna().any():
        what.append("parentheses for negative amounts")
    return out, " and ".join(what)


def _infinite_as_missing(frame: pd.DataFrame, notes: list[str]) -> None:
    """Infinite values (`inf` in a file, an overflow) become missing values, with a note."""
    for c in frame.columns:
        s = frame[c]
        if not pd.api.types.is_float_dtype(s):
            continue
        inf = np.isinf(s.to_numpy(dtype=float))
        if inf.any():
            k = int(inf.sum())
            signs = ", ".join(sorted({"inf" if v > 0 else "-inf" for v in s[inf]}))
            notes.append(f"read {k} infinite value{'s' * (k > 1)} in {c!r} ({signs}) as missing")
            frame[c] = s.where(~inf)


def _note_unanalysed(
    frame: pd.DataFrame,
    profile: DatasetProfile,
    named: list[str] | None,
    notes: list[str],
) -> None:
    """Note ids and dates that are kept but not analysed; refuse them when named explicitly.

    The domain or time index is exempt from the refusal: CD-NOD uses it (as its context).
    """
    for col in profile.columns:
        if col.kind not in ("id", "datetime"):
            continue
        c = col.name
        if col.kind == "datetime":
            why = f"column {c!r} holds dates"
        elif pd.api.types.is_numeric_dtype(frame[c]):
            why = f"column {c!r} looks like an id (a different whole number in every row)"
        else:
            why = f"column {c!r} is text with a different value in every row (like a name or id)"
        if c == profile.index_column:
            notes.append(
                f"not analysed as a variable: {why}; CD-NOD can use it as its domain or time index"
            )
            continue
        if named is not None and c in named:
            raise DataError(
                f"{why[0].upper()}{why[1:]}, so it cannot be analysed.",
                "leave it out of the column list or name another column",
            )
        notes.append(f"not analysed: {why}")


# profiling ----------------------------------------------------------------------------------


def column_kind(s: pd.Series, name: str = "") -> ColumnKind:
    nonnull = s.dropna()
    card = int(nonnull.nunique())
    if pd.api.types.is_datetime64_any_dtype(s):
        return "datetime"
    if card == 2:
        return "binary"
    if pd.api.types.is_bool_dtype(s):
        return "binary"
    if pd.api.types.is_numeric_dtype(s):
        values = nonnull.to_numpy(dtype=float)
        integral = bool(np.all(np.isfinite(values)) and np.all(values == np.round(values)))
        if integral:
            if card == len(nonnull) and len(nonnull) >= 20 and _looks_like_id(nonnull, name):
                return "id"
            if card <= MAX_DISCRETE_LEVELS:
                return "discrete"
        return "continuous"
    # text
    if card == len(nonnull) and len(nonnull) >= 20:
        return "id"
    return "categorical"


def _looks_like_id(s: pd.Series, name: str) -> bool:
    lowered = name.lower()
    # "policy_no", "account_nr", "order_number": a number that names the row, with gaps where
    # rows were dropped or filtered out
    if lowered in ("id", "index", "key", "row") or lowered.endswith(
        ("_id", "id", "_no", "_nr", "_num", "_number")
    ):
        return True
    v = np.sort(s.to_numpy(dtype=float))
    return bool(np.all(np.diff(v) == 1))  # a running counter


def profile_frame(
    frame: pd.DataFrame, seed: int = 0
) -> tuple[DatasetProfile, dict[str, dict[str, int]]]:
    """Profile a cleaned frame; returns the profile and the encoding of categorical text columns."""
    cols: list[ColumnProfile] = []
    encoding: dict[str, dict[str, int]] = {}
    for c in frame.columns:
        s = frame[c]
        kind = column_kind(s, c)
        encoded = False
        if kind in ("categorical", "binary") and not (
            pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)
        ):
            levels = sorted(s.dropna().astype(str).unique())
            encoding[c] = {lvl: i for i, lvl in enumerate(levels)}
            encode_text_columns(frame, {c: encoding[c]})
            encoded = True
        cols.append(
            ColumnProfile(
                name=c,
                kind=kind,
                dtype=str(s.dtype),
                missing_share=float(s.isna().mean()),
                cardinality=int(s.nunique(dropna=True)),
                constant=bool(s.nunique(dropna=True) <= 1),
                encoded=encoded,
            )
        )
    analysed = [c for c in cols if c.kind not in ("id", "datetime")]
    discrete = [c for c in analysed if c.kind in ("discrete", "binary", "categorical")]
    index_col = _index_column(frame, cols)
    continuous = [c.name for c in analysed if c.kind == "continuous" and c.name != index_col]
    discrete_names = [c.name for c in discrete if c.name != index_col]
    linear, gain, dependence, gaussian, gshare = _shape_checks(
        frame, continuous, seed, discrete=discrete_names
    )
    profile = DatasetProfile(
        n=int(len(frame)),
        p=len(analysed),
        columns=cols,
        discrete_share=(len(discrete) / len(analysed)) if analysed else 0.0,
        linear=linear,
        nonlinearity_gain=gain,
        residual_dependence=dependence,
        gaussian=gaussian,
        gaussian_share=gshare,
        index_column=index_col,
    )
    return profile, encoding


def _index_column(frame: pd.DataFrame, cols: list[ColumnProfile]) -> str | None:
    """A column that indexes domains or time: by name, with few levels or a datetime type."""
    for c in cols:
        if c.kind == "datetime":
            return c.name
    for c in cols:
        lowered = c.name.lower().strip()
        base = lowered.replace("_index", "").replace("_id", "").replace("index", "").strip("_ ")
        if lowered in INDEX_NAMES or base in INDEX_NAMES:
            if c.kind in ("discrete", "binary", "categorical", "id") or (
                c.kind == "continuous" and c.cardinality <= max(20, len(frame) // 20)
            ):
                return c.name
    return None


#: A linear model with independent noise leaves, in its causal order, each column's linear
#: residual unrelated to the columns before it; `residual_dependence` (n * r^2 of the largest
#: such relation left, see `_residual_dependence`) stays below this. On the discovery
#: benchmark's linear suites (Gaussian, uniform and exponential noise, p = 8 to 40, 10 seeds
#: each) it stayed below 36; on nonlinear data (tanh, square, sin; p = 5 to 20) it was above 65
#: from n = 500, and 29 to 108 at n = 300 (weak nonlinearity at small n can pass as linear).
RESIDUAL_DEPENDENCE_MAX = 40.0


def _shape_checks(
    frame: pd.DataFrame,
    continuous: list[str],
    seed: int,
    max_rows: int = 2000,
    max_cols: int = 20,
    discrete: list[str] | None = None,
) -> tuple[bool | None, float | None, float | None, bool | None, float | None]:
    """Linearity and Gaussianity of regression residuals.

    Discrete columns (the first 10) enter the regressions of the continuous ones as indicators
    of their levels, so a category whose effect does not follow its code order (an effect
    through a category, which a method with indicators per level models) is not read as a
    nonlinear relation between the continuous columns.

    Linear when a cubic fit of each column on the others adds little (R2 gain < 0.05), or when
    the columns can be ordered so that each one's linear residual is unrelated to the columns
    before it (`_residual_dependence`). The second check exists because with non-Gaussian noise
    a cause regressed on its effects is not linear in them (E[x | y] bends), so the first check
    calls linear non-Gaussian data (uniform, exponential noise: LiNGAM's case) nonlinear.
    """
    if len(continuous) < 2:
        return None, None, None, None, None
    rng = np.random.default_rng(seed)
    X_all = frame[continuous[:MAX_ORDER_COLS]].to_numpy(dtype=float)
    # level codes of the discrete columns (text or numbers); -1 marks a missing value
    D = np.column_stack(
        [np.zeros(len(frame))] + [pd.factorize(frame[c])[0] for c in list(discrete or [])[:10]]
    )[:, 1:]
    finite = np.isfinite(X_all).all(axis=1) & (D >= 0).all(axis=1)
    X_all, D = X_all[finite], D[finite]  # load_table leaves none; a frame given may
    if len(X_all) < 3:
        return None, None, None, None, None
    if len(X_all) > max_rows:
        keep = rng.choice(len(X_all), max_rows, replace=False)
        X_all, D = X_all[keep], D[keep]
    X_all = _standardise(X_all)
    X = X_all[:, :max_cols]
    n, p = X.shape
    indicators = [
        (D[:, k] == level).astype(float)
        for k in range(D.shape[1])
        for level in np.unique(D[:, k])[1:]
    ]
    levels = np.column_stack(indicators) if indicators else np.empty((n, 0))
    gains, gaussian_flags = [], []
    with one_blas_thread():  # small products: BLAS threads cost more than they save
        for j in range(p):
            y = X[:, j]
            others = np.delete(X, j, axis=1)
            lin = np.column_stack([np.ones(n), others, levels])
            poly = np.column_stack([lin, others**2, others**3])
            resid = y - lin @ np.linalg.lstsq(lin, y, rcond=None)[0]
            r2_lin = _r2_of(resid, y)
            r2_poly = _r2(poly, y)
            # Penalise the extra parameters so noise alone does not look nonlinear.
            k_extra = 2 * others.shape[1]
            adj = (1 - r2_poly) * (n - 1) / max(n - poly.shape[1], 1)
            adj_lin = (1 - r2_lin) * (n - 1) / max(n - lin.shape[1], 1)
            gains.append(max(0.0, adj_lin - adj) if k_extra else 0.0)
            if np.std(resid) > 1e-12 and n >= 20:
                p_norm = normality_pvalue(resid)
                gaussian_flags.append(bool(p_norm > 0.01))
        dependence = _residual_dependence(X_all) if n >= 20 else None
    gain = float(max(gains)) if gains else None
    linear = None if gain is None else bool(gain < 0.05)
    if linear is False and dependence is not None and dependence < RESIDUAL_DEPENDENCE_MAX:
        linear = True
    share = float(np.mean(gaussian_flags)) if gaussian_flags else None
    gaussian = None if share is None else bool(share >= 0.5)
    return linear, gain, dependence, gaussian, share


#: The order check is cheap (a few matrix products per column), so it looks at more columns.
MAX_ORDER_COLS = 50


def _standardise(X: np.ndarray) -> np.ndarray:
    X = X - X.mean(0)
    sd = X.std(0)
    return X / np.where(sd > 0, sd, 1.0)


def _residual_dependence(X: np.ndarray) -> float:
    """How far the best causal order found leaves a linear model with independent noise.

    Peels the columns one at a time, last in the order first: among those left, the column
    whose linear residual (on the others left) is least related to them goes next. "Related" is
    the largest squared correlation between the residual and the square or cube of another
    column, or between the squared residual and another column or its square (a bent mean or a
    spread that changes). In a linear model with independent noise the last column's residual is
    its own noise, independent of the rest, so every step finds one near 0; nonlinear relations
    leave every candidate related at some step. Returns n * r^2 of the worst step (about 1 per
    relation by chance; the profile calls the data linear below `RESIDUAL_DEPENDENCE_MAX`).
    X: standardised columns."""
    n, p = X.shape
    squares, cubes = _standardise(X**2), _standardise(X**3)
    left = list(range(p))
    worst = 0.0
    while len(left) > 1:
        Xl = X[:, left]
        precision = np.linalg.pinv(Xl.T @ Xl / n)
        # Column k of X @ precision is proportional to the residual of column k on the others.
        resid = _standardise(Xl @ precision / np.diag(precision))
        resid_sq = _standardise(resid**2)
        score = np.zeros(len(left))
        sq, cu = squares[:, left], cubes[:, left]
        for a, b in ((resid, sq), (resid, cu), (resid_sq, Xl), (resid_sq, sq)):
            corr = a.T @ b / n  # (k, k): residual of column i against a function of column j
            np.fill_diagonal(corr, 0.0)
            score = np.maximum(score, (corr**2).max(axis=1))
        k = int(np.argmin(score))
        worst = max(worst, float(score[k]) * n)
        left.pop(k)
    return worst


def normality_pvalue(x: np.ndarray) -> float:
    """D'Agostino and Pearson's omnibus test of normality (`scipy.stats.normaltest`), in numpy.

    The same formulas as SciPy's `skewtest` and `kurtosistest`; the omnibus statistic is
    chi-squared with 2 degrees of freedom, whose tail is exp(-k2 / 2). Written out so that
    profiling a table does not import scipy.stats (about half a second). Needs n >= 20."""
    x = np.asarray(x, dtype=float)
    n = x.shape[0]
    d = x - x.mean()
    m2 = float(np.mean(d**2))
    skew = float(np.mean(d**3)) / m2**1.5
    kurt = float(np.mean(d**4)) / m2**2
    # skewness test
    y = skew * math.sqrt(((n + 1) * (n + 3)) / (6.0 * (n - 2)))
    beta2 = (
        3.0 * (n**2 + 27 * n - 70) * (n + 1) * (n + 3) / ((n - 2.0) * (n + 5) * (n + 7) * (n + 9))
    )
    w2 = -1 + math.sqrt(2 * (beta2 - 1))
    delta = 1 / math.sqrt(0.5 * math.log(w2))
    alpha = math.sqrt(2.0 / (w2 - 1))
    y = 1.0 if y == 0 else y
    z_skew = delta * math.log(y / alpha + math.sqrt((y / alpha) ** 2 + 1))
    # kurtosis test
    mean_b2 = 3.0 * (n - 1) / (n + 1)
    var_b2 = 24.0 * n * (n - 2) * (n - 3) / ((n + 1) * (n + 1.0) * (n + 3) * (n + 5))
    z = (kurt - mean_b2) / var_b2**0.5
    sqrt_beta1 = (
        6.0
        * (n * n - 5 * n + 2)
        / ((n + 7) * (n + 9))
        * ((6.0 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3))) ** 0.5
    )
    a = 6.0 + 8.0 / sqrt_beta1 * (2.0 / sqrt_beta1 + (1 + 4.0 / sqrt_beta1**2) ** 0.5)
    denom = 1 + z * (2 / (a - 4.0)) ** 0.5
    if denom == 0:
        return float("nan")
    term2 = math.copysign(((1 - 2.0 / a) / abs(denom)) ** (1 / 3), denom)
    z_kurt = (1 - 2 / (9.0 * a) - term2) / (2 / (9.0 * a)) ** 0.5
    return math.exp(-(z_skew**2 + z_kurt**2) / 2)


def _r2(A: np.ndarray, y: np.ndarray) -> float:
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)
    return _r2_of(y - A @ beta, y)


def _r2_of(resid: np.ndarray, y: np.ndarray) -> float:
    tot = float(np.sum((y - y.mean()) ** 2))
    return 1.0 - float(np.sum(resid**2)) / tot if tot > 0 else 0.0


def parse_column_list(text: str | None) -> list[str] | None:
    """`"a, b ,c"` -> ["a", "b", "c"]; None stays None."""
    if text is None:
        return None
    items = [t.strip() for t in text.split(",") if t.strip()]
    return items or None


def frame_to_jsonable(df: pd.DataFrame, max_rows: int = 20) -> list[dict[str, Any]]:
    rows = json.loads(df.head(max_rows).to_json(orient="records", date_format="iso"))
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
        for r in rows
    ]
