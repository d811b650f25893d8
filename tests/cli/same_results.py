# SPDX-License-Identifier: MIT
"""Do the single commands' databases hold what `run` wrote, row for row?

    same_results.py RUN.sqlite PART.sqlite[::TABLE.COL,...] [...]

For each result table of each PART, the columns it shares with RUN's
table of that name are compared row by row, byte for byte (SQLite's
quote() of every value, geometry blobs included), both sides in the same
ORDER BY. run_id and the run record (runs, run_inputs, run_tables) are
meant to differ and are left out; layer_styles is the same styles. Every
qa_log row of a PART must be in RUN's qa_log, and RUN's qa_log must be
the PARTs' rows together (each command reads the clusters again: their
rows come once in RUN). After `::`, columns of that PART that its command
has no option for (encroach has no --declared-field) are left out.
Prints "ok", or the differences.
"""
import sqlite3
import sys

SKIP_PREFIX = ("idx_", "sqlite_", "spatial", "geometry_columns", "geom_cols",
               "vector_layers", "views_geometry", "virts_geometry",
               "sql_statements_log", "ElementaryGeometries", "KNN",
               "SpatialIndex", "data_licenses", "spatialite_history")
RUN_RECORD = {"runs", "run_inputs", "run_tables", "layer_styles", "qa_log"}


def tables(con):
    names = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    return [n for n in names if not n.startswith(SKIP_PREFIX)]


def columns(con, table):
    return [r[1] for r in con.execute('PRAGMA table_info("%s")' % table)]


def rows(con, table, cols):
    sel = ",".join('quote("%s")' % c for c in cols)
    return con.execute('SELECT %s FROM "%s" ORDER BY %s'
                       % (sel, table, sel)).fetchall()


def main():
    run = sqlite3.connect(sys.argv[1])
    run_tables = set(tables(run))
    bad = []
    qa_cols = [c for c in columns(run, "qa_log")
               if c not in ("run_id", "qa_id")]
    run_qa = set(rows(run, "qa_log", qa_cols))
    parts_qa = set()
    compared = 0
    for arg in sys.argv[2:]:
        path, _, ign = arg.partition("::")
        ignore = set(ign.split(",")) if ign else set()
        part = sqlite3.connect(path)
        for t in tables(part):
            if t in RUN_RECORD:
                continue
            if t not in run_tables:
                bad.append("%s: table %s is not in the run" % (path, t))
                continue
            mine = columns(part, t)
            theirs = set(columns(run, t))
            mine = [c for c in mine if "%s.%s" % (t, c) not in ignore]
            cols = [c for c in mine if c in theirs and c != "run_id"]
            if len(cols) < len(mine) - ("run_id" in mine):
                bad.append("%s: %s has columns the run lacks: %s" % (
                    path, t, [c for c in mine if c not in theirs]))
            a, b = rows(part, t, cols), rows(run, t, cols)
            compared += len(a)
            if a != b:
                extra = [r for r in a if r not in set(b)][:2]
                missing = [r for r in b if r not in set(a)][:2]
                bad.append("%s: %s differs (%d rows, run %d): only here %s;"
                           " only in run %s" % (path, t, len(a), len(b),
                                                str(extra)[:400],
                                                str(missing)[:400]))
        if "qa_log" in tables(part):
            mine = set(rows(part, "qa_log", qa_cols))
            if not mine <= run_qa:
                bad.append("%s: qa_log rows not in the run's: %s" % (
                    path, str(sorted(mine - run_qa))[:400]))
            parts_qa |= mine
    if not compared:
        bad.append("no row compared")
    if run_qa != parts_qa:
        bad.append("run's qa_log rows no command wrote: %s" % str(
            sorted(run_qa - parts_qa))[:400])
    print("; ".join(bad) or "ok")


main()
