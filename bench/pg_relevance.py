"""Loads the bundled corpus into PostgreSQL, runs the judged queries with Swedish full-text
search, and prints nDCG@10 per kind and median latency beside the shipped search's figures.
Called by bench/pg-relevance, which starts the server."""
import argparse
import csv
import json
import math
import re
import statistics
import subprocess
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


def read_corpus():
    rows = []
    for path in sorted((ROOT / "examples-corpus").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("+++\n", 2)
        meta = tomllib.loads(front)
        if meta.get("status") != "published":
            continue
        plain = re.sub(r"[#*_`>\[\]()|-]+", " ", body)
        rows.append(meta | {"body": plain})
    return rows


def psql(port, sql, args=()):
    cmd = ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "goda",
           "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t", *args]
    return subprocess.run(cmd, input=sql, capture_output=True, text=True, check=True).stdout


def load(port, rows):
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-q", "-c",
                    "CREATE DATABASE goda"], check=True, capture_output=True)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        w = csv.writer(f)
        for r in rows:
            w.writerow([r["id"], r["title"], r["summary"], " ".join(r.get("tags", [])), r["body"],
                        r["area"], "{" + ",".join(r["focus_areas"]) + "}", r["maturity"],
                        r["year"], r["organisation"], str(r["created"])])
        csv_path = f.name
    psql(port, f"""
CREATE TABLE examples (id text PRIMARY KEY, title text, summary text, tags text, body text,
  area text, focus_areas text[], maturity text, year int, organisation text, created date,
  tsv tsvector);
\\copy examples(id,title,summary,tags,body,area,focus_areas,maturity,year,organisation,created) from '{csv_path}' csv
UPDATE examples SET tsv =
  setweight(to_tsvector('swedish', title), 'A') ||
  setweight(to_tsvector('swedish', tags), 'B') ||
  setweight(to_tsvector('swedish', summary), 'B') ||
  setweight(to_tsvector('swedish', body), 'C');
CREATE INDEX examples_tsv ON examples USING gin (tsv);
ANALYZE examples;
""")
    Path(csv_path).unlink()


def literal(s):
    return "'" + s.replace("'", "''") + "'"


def sql_for(q):
    where = []
    for key, values in q.get("filters", {}).items():
        vals = ",".join(literal(v) for v in values)
        if key == "focus_area":
            where.append(f"focus_areas && ARRAY[{vals}]")
        elif key == "year":
            where.append(f"year IN ({','.join(str(int(v)) for v in values)})")
        else:
            where.append(f"{key} IN ({vals})")
    if q["q"].strip():
        tsq = f"websearch_to_tsquery('swedish', {literal(q['q'])})"
        where.append(f"tsv @@ {tsq}")
        order = f"ts_rank_cd(tsv, {tsq}) DESC, id"
    else:
        order = "created DESC, id"
    cond = " AND ".join(where) or "true"
    return f"SELECT id FROM examples WHERE {cond} ORDER BY {order} LIMIT 10;"


def ndcg(ranked, judgments, k=10):
    gain = lambda g: 2 ** g - 1
    dcg = sum(gain(judgments.get(i, 0)) / math.log2(r + 2) for r, i in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    idcg = sum(gain(g) / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def run_queries(port, queries):
    script = ["\\timing on"]
    for _ in range(ROUNDS):
        for q in queries:
            script += [f"\\echo @@{q['id']}", sql_for(q)]
    out = psql(port, "\n".join(script) + "\n")
    ranked, times, current = {}, [], None
    for line in out.splitlines():
        if line.startswith("@@"):
            current = line[2:]
            ranked[current] = []
        elif line.startswith("Time: "):
            times.append(float(line.split()[1]))
        elif line.strip() and current:
            ranked[current].append(line.strip())
    return ranked, statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ours", required=True, help="goda eval --json output")
    args = ap.parse_args()
    ours = json.loads(args.ours)["shipped"]
    queries = tomllib.loads((ROOT / "tests/relevance/queries.toml").read_text(encoding="utf-8"))["query"]
    load(args.port, read_corpus())
    ranked, pg_median = run_queries(args.port, queries)
    kinds = sorted({q["kind"] for q in queries})
    pg = {k: [] for k in kinds}
    for q in queries:
        pg[q["kind"]].append(ndcg(ranked.get(q["id"], []), q["judgments"]))
    everything = [v for vs in pg.values() for v in vs]
    print(f"| kind | queries | Goda exempel nDCG@10 | PostgreSQL nDCG@10 |")
    print(f"|---|---:|---:|---:|")
    for k in kinds:
        print(f"| {k} | {len(pg[k])} | {ours['by_kind'][k]['ndcg']:.3f} | {statistics.mean(pg[k]):.3f} |")
    print(f"| **overall** | {len(everything)} | **{ours['overall']['ndcg']:.3f}** | **{statistics.mean(everything):.3f}** |")
    print(f"| median query latency | | {ours['median_ms']:.2f} ms (in-process) | {pg_median:.2f} ms (psql \\timing, loopback) |")


if __name__ == "__main__":
    main()
