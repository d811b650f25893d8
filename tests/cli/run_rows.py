# SPDX-License-Identifier: MIT
"""run_rows.py BEFORE.sqlite AFTER.sqlite: did adding runs leave the
earlier ones alone?

BEFORE is a copy of the database taken before one or more runs were
appended; AFTER is the database now. With Python's own sqlite3 (not
zoneguard), for every table of BEFORE:
  - a table AFTER gives a run_id column: the rows of BEFORE's runs, read
    in AFTER over BEFORE's columns, must equal BEFORE's rows value for
    value (blobs, such as the geometry, byte for byte; reals exactly);
  - layer_styles, geometry_columns, spatial_ref_sys: every row of BEFORE
    is still in AFTER, unchanged.
Prints one line per table and exits 1 on the first difference.
"""
import sqlite3
import sys

before = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
after = sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True)


def cols(db, t):
    return [r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (t,))]


def q(name):
    return '"' + name.replace('"', '""') + '"'


runs = [r[0] for r in before.execute("SELECT run_id FROM runs ORDER BY run_id")]
# SpatiaLite's virtual tables need its module, which we do not load.
tables = [r[0] for r in before.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND "
    "sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
bad = 0
for t in tables:
    bc = cols(before, t)
    ac = cols(after, t)
    if not ac:
        print(f"DIFF {t}: gone"); bad = 1; continue
    missing = [c for c in bc if c.lower() not in [a.lower() for a in ac]]
    if missing:
        print(f"DIFF {t}: columns lost {missing}"); bad = 1; continue
    sel = ", ".join(q(c) for c in bc)
    if "run_id" in [a.lower() for a in ac]:
        marks = ",".join("?" * len(runs))
        b_where = f"WHERE run_id IN ({marks})" if "run_id" in [c.lower() for c in bc] else ""
        b_rows = before.execute(f"SELECT {sel} FROM {q(t)} {b_where} ORDER BY rowid",
                                runs if b_where else ()).fetchall()
        a_rows = after.execute(f"SELECT {sel} FROM {q(t)} WHERE run_id IN ({marks}) "
                               "ORDER BY rowid", runs).fetchall()
    elif t in ("layer_styles", "geometry_columns", "spatial_ref_sys"):
        b_rows = before.execute(f"SELECT {sel} FROM {q(t)} ORDER BY rowid").fetchall()
        have = set(after.execute(f"SELECT {sel} FROM {q(t)}").fetchall())
        a_rows = [r for r in b_rows if r in have]
    else:
        continue
    if b_rows != a_rows:
        diff = next((i for i, (x, y) in enumerate(zip(b_rows, a_rows)) if x != y),
                    min(len(b_rows), len(a_rows)))
        print(f"DIFF {t}: {len(b_rows)} rows before, {len(a_rows)} after; "
              f"first difference at row {diff}")
        bad = 1
    else:
        print(f"same {t} ({len(b_rows)} rows)")
sys.exit(bad)
