"""DuckDB over an output folder: one view per table, whether single files or partitioned."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import regex

from noticeparse.store.parquet import write_table
from noticeparse.store.schema import LINK_TABLES, PARTITION_KEY, TABLES
from noticeparse.store.snapshot import resolve_output
from noticeparse.store.totals import amounts_sql

# A notice that repeats an earlier one (the same stored text) names the first: ``parse`` sets
# duplicate_of as it goes; a ``batch`` parses its buckets apart, so readers fill it here, the
# first being the input with the smallest source (the order both commands walk their inputs in).
DUPLICATE_OF = (
    "coalesce(duplicate_of, CASE WHEN content_sha256 IS NOT NULL AND n_chars > 0 THEN nullif(first_value(notice_id) "
    "OVER (PARTITION BY content_sha256 ORDER BY source, notice_id), notice_id) END)"
)


def with_duplicates(relation: str) -> str:
    """SQL selecting the notices of ``relation`` with every repeated notice's ``duplicate_of`` set."""
    return f"SELECT * REPLACE ({DUPLICATE_OF} AS duplicate_of) FROM {relation}"


def connect(outdir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per table of the committed snapshot of ``outdir``, and ``amounts``.

    ``amounts`` is the quantities that may be summed (``store.totals``: money in yuan and land
    in 亩, no parts, no thresholds, no aggregates; ``role`` null as ``role unknown``).

    ``OUT/<table>.parquet`` and ``OUT/<table>/pub_year=*/part-*.parquet`` both work. ``outdir``
    is resolved once (``store.resolve_output``), so every view reads the same commit, and
    taken literally: a folder named ``g*``, ``run[1]`` or ``a\\b`` is that folder, never a glob.

    Raises:
        FileNotFoundError: when ``outdir`` holds no table (not an output folder).
    """
    outdir = resolve_output(Path(outdir))
    if not any((outdir / f"{name}.parquet").is_file() or any((outdir / name).glob("**/*.parquet"))
               for name in (*TABLES, *LINK_TABLES)):
        raise FileNotFoundError(f"no Parquet tables in {outdir}: run `noticeparse parse` or `batch` first")
    con = duckdb.connect()
    for name in TABLES:
        single, folder = outdir / f"{name}.parquet", outdir / name
        if single.is_file() or (folder.is_dir() and any(folder.glob("**/*.parquet"))):
            source = _source(con, name, single if single.is_file() else folder)
        else:  # nothing written for this table (no errors, say): an empty view of the right shape
            con.register(name, TABLES[name].empty_table())
            continue
        select = with_duplicates(source) if name == "notices" else f"SELECT * FROM {source}"
        con.execute(f'CREATE VIEW "{name}" AS {select}')
    for name, schema in LINK_TABLES.items():  # the tables across notices, once `link` has written them
        single = outdir / f"{name}.parquet"
        if single.is_file():
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM {_source(con, name, single)}')
        else:
            con.register(name, schema.empty_table())
    columns = [row[0] for row in con.execute("DESCRIBE quantities").fetchall()]
    con.execute(f"CREATE VIEW amounts AS {amounts_sql('quantities', columns)}")
    return con


def _source(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> str:
    """The SQL that reads one table: DuckDB's own reader, or an Arrow dataset where DuckDB cannot name the path.

    DuckDB's globs take a backslash for a path separator, so a folder with one in its
    name is handed to DuckDB as an Arrow dataset of its files instead (read lazily,
    with the same columns).
    """
    if "\\" in str(path):
        con.register(f"_{name}_files", _dataset(name, path))
        return f'"_{name}_files"'
    if path.is_file():
        return f"read_parquet('{_literal(path)}')"
    # pub_year comes from the folder (null for __HIVE_DEFAULT_PARTITION__), typed as parse writes it
    return (f"(SELECT * REPLACE (TRY_CAST({PARTITION_KEY} AS SMALLINT) AS {PARTITION_KEY}) FROM "
            f"read_parquet('{_literal(path)}/**/*.parquet', hive_partitioning = true, "
            "hive_types_autocast = false, union_by_name = true))")


def _dataset(name: str, path: Path) -> ds.Dataset:
    """One table as a lazy Arrow dataset: a single file, or a Hive folder's parts with ``pub_year`` from the folder."""
    schema = TABLES.get(name) or LINK_TABLES[name]
    if path.is_file():
        return ds.dataset(str(path), schema=schema, format="parquet")
    files = sorted(str(f) for f in path.glob("*/*.parquet") if not f.name.startswith("."))
    partitioning = ds.partitioning(pa.schema([schema.field(PARTITION_KEY)]), flavor="hive")
    return ds.dataset(files, schema=schema, format="parquet", partitioning=partitioning, partition_base_dir=str(path))


def _literal(path: Path) -> str:
    """A path as a DuckDB string literal that matches only itself.

    DuckDB globs every path it reads (``*``, ``?``, ``[…]``); a character class of one
    character is that character, and ``'`` doubles inside SQL quotes.

    >>> _literal(Path("/data/g*/run[1]/it's?"))
    "/data/g[*]/run[[]1]/it''s[?]"
    """
    escaped = "".join(f"[{ch}]" if ch in "*?[" else ch for ch in str(path))
    return escaped.replace("'", "''")


FORMATS = ("table", "csv", "json", "parquet")
_NULL_YEAR = regex.compile(r"pub_year\s+IS\s+NULL|coalesce\s*\(\s*(?:\w+\.)?pub_year", regex.IGNORECASE)


def unknown_years(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The notices a query's ``pub_year`` filter or grouping leaves out: those of no known year.

    0 when the query does not name ``pub_year`` or handles its nulls itself (``pub_year IS NULL``,
    ``coalesce(pub_year, …)``).
    """
    if "pub_year" not in sql.lower() or _NULL_YEAR.search(sql):
        return 0
    return int(con.execute("SELECT count(*) FROM notices WHERE pub_year IS NULL").fetchall()[0][0])


def year_warning(unknown: int, null_row: bool) -> str:
    """The line ``query`` prints when notices of no known year are left out of (or lumped in) a per-year result.

    >>> year_warning(2, False).startswith("warning: 2 notice(s) have no pub_year (no publication or signing")
    True
    >>> year_warning(0, False)
    ''
    """
    if not unknown:
        return ""
    if null_row:
        return (f"note: the rows with pub_year NULL hold what {unknown} notice(s) of no known year "
                "(no publication or signing date) say")
    return (f"warning: {unknown} notice(s) have no pub_year (no publication or signing date): this per-year "
            "result leaves their rows out; `WHERE pub_year IS NULL` lists them")


def run_query(outdir: Path, sql: str, out: TextIO | None = None, limit: int = 10_000, fmt: str = "table",
              path: Path | None = None, warn: TextIO | None = None) -> int:
    """Run one SQL statement and write its result; return the row count.

    ``fmt`` is ``table`` (aligned, at most ``limit`` rows), ``csv`` (a header line, every row),
    ``json`` (JSON Lines: one object per row, every row) or ``parquet`` (to ``path``, every row).
    A query that filters or groups by ``pub_year`` gets a line on ``warn`` (stderr) when notices
    of no known year exist (``year_warning``): a per-year total never drops them silently.
    """
    out, warn = out or sys.stdout, warn or sys.stderr
    con = connect(outdir)
    unknown = unknown_years(con, sql)
    if fmt == "parquet":
        if path is None:
            raise ValueError("parquet output needs a file (-o FILE)")
        relation = con.sql(sql)
        # DuckDB 1.x: arrow(); 2.x: to_arrow_table()
        table = (getattr(relation, "to_arrow_table", None) or relation.arrow)()
        write_table(table, Path(path))
        null_row = "pub_year" in table.column_names and table.column("pub_year").null_count > 0
        _warn(warn, year_warning(unknown, null_row))
        return int(table.num_rows)
    cursor = con.execute(sql)
    if not cursor.description:
        return 0
    columns = [d[0] for d in cursor.description]
    year_at = columns.index("pub_year") if "pub_year" in columns else None
    if fmt in {"csv", "json"}:
        count, null_row = _write_rows(cursor, columns, out, fmt, year_at)
        _warn(warn, year_warning(unknown, null_row))
        return count
    rows = cursor.fetchmany(limit)
    _warn(warn, year_warning(unknown, year_at is not None and any(r[year_at] is None for r in rows)))
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c), *(_width(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    out.write(" | ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)) + "\n")
    out.write("-+-".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(" | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + "\n")
    out.write(f"({len(rows)} rows)\n")
    return len(rows)


def _warn(stream: TextIO, line: str) -> None:
    if line:
        stream.write(line + "\n")


def _write_rows(cursor: duckdb.DuckDBPyConnection, columns: list[str], out: TextIO, fmt: str,
                year_at: int | None = None) -> tuple[int, bool]:
    """Every row as CSV or JSON Lines, fetched in batches (an export is never cut at ``limit``).

    Returns the row count and whether a row had a null ``pub_year`` (at ``year_at``).
    """
    writer = csv.writer(out, lineterminator="\n")
    if fmt == "csv":
        writer.writerow(columns)
    count, null_row = 0, False
    while batch := cursor.fetchmany(10_000):
        null_row = null_row or (year_at is not None and any(row[year_at] is None for row in batch))
        for row in batch:
            if fmt == "csv":
                writer.writerow(["" if v is None else _plain(v) for v in row])
            else:
                out.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=_plain) + "\n")
        count += len(batch)
    return count, null_row


def _plain(value: object) -> str:
    """A value as text: dates in ISO form, lists and structs as JSON."""
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    return str(value)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _width(text: str) -> int:
    """Display width: wide (CJK) characters take two terminal columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def shell(outdir: Path, stdin: TextIO | None = None, out: TextIO | None = None) -> None:
    """A minimal SQL prompt: statements end with ';', `.tables` lists the views, `.quit` leaves."""
    stdin, out = stdin or sys.stdin, out or sys.stdout
    con_tables = [r[0] for r in connect(outdir).execute("SHOW TABLES").fetchall()]
    out.write(f"noticeparse shell on {outdir}: tables {', '.join(con_tables)}\n")
    buffer = ""
    while True:
        out.write("sql> " if not buffer else "...> ")
        out.flush()
        line = stdin.readline()
        if not line or line.strip() in {".quit", ".exit"}:
            break
        if line.strip() == ".tables":
            out.write(" ".join(con_tables) + "\n")
            continue
        buffer += line
        if buffer.rstrip().endswith(";"):
            try:
                run_query(outdir, buffer, out, warn=out)
            except duckdb.Error as exc:
                out.write(f"error: {exc}\n")
            buffer = ""
