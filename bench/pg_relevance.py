"""Compares Goda exempel's search with PostgreSQL full-text search on the judged collections.

For every collection (the bundled one and the independent one) this script
  * runs `goda eval --json` on that collection for our own systems,
  * loads the collection's published examples into a database of its own, with one tsvector
    built with the stock `swedish` configuration and one built with `swedish_hunspell`
    (an ispell dictionary over Debian's hunspell-sv, then the `swedish_stem` fallback),
  * runs the judged queries against three PostgreSQL systems and scores them the same way,
and prints one Markdown table per collection: nDCG@10 per query kind and overall, the
fallback noise and the median query latency of every system.

Called by bench/pg-relevance, which installs PostgreSQL and hunspell-sv, puts the hunspell
files into PostgreSQL's tsearch_data directory, starts a throw-away server and builds goda.
"""
import argparse
import csv
import json
import math
import re
import statistics
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every query runs this many times per PostgreSQL system; latency is the median over all runs.
ROUNDS = 5
K = 10
MISSING = "–"


@dataclass(frozen=True)
class Collection:
    """A corpus with its relevance judgments and similar-example sets."""
    name: str
    corpus: Path
    queries: Path
    similar: Path

    @property
    def database(self):
        return f"goda_{self.name}"


COLLECTIONS = (
    Collection("bundled", ROOT / "examples-corpus", ROOT / "tests/relevance/queries.toml",
               ROOT / "tests/relevance/similar.toml"),
    Collection("independent", ROOT / "tests/relevance/independent/corpus",
               ROOT / "tests/relevance/independent/queries.toml",
               ROOT / "tests/relevance/independent/similar.toml"),
)


@dataclass(frozen=True)
class PgSystem:
    """One way of querying PostgreSQL: a text search configuration, the tsvector column that
    was built with it, and whether the query's words are AND-ed or OR-ed."""
    label: str
    config: str
    column: str
    any_word: bool

    def tsquery(self, text):
        """SQL for the tsquery of the user's query text."""
        if not self.any_word:
            # What a PostgreSQL application would normally do: every word must match.
            return f"websearch_to_tsquery('{self.config}', {literal(text)})"
        # An outside evaluation ran PostgreSQL with the words OR-ed. websearch_to_tsquery has no
        # such mode, so take plainto_tsquery's lexemes and swap its AND for OR. Compound splits
        # come back as ('vattenmätare' | 'vatten' & 'mätare'); after the swap every part is an
        # alternative, which is what "any word" means. Phrase operators (<->) from hyphenated
        # words are left alone.
        return (f"replace(plainto_tsquery('{self.config}', {literal(text)})::text,"
                f" ' & ', ' | ')::tsquery")


PG_SYSTEMS = (
    PgSystem("PostgreSQL (swedish)", "swedish", "tsv_swedish", any_word=False),
    PgSystem("PostgreSQL + hunspell", "swedish_hunspell", "tsv_hunspell", any_word=False),
    PgSystem("PostgreSQL + hunspell (OR)", "swedish_hunspell", "tsv_hunspell", any_word=True),
)

# Column labels for the systems `goda eval --json` reports, in the order they are shown.
OUR_LABELS = {
    "lexical": "Goda exempel (lexical)",
    "dense": "Goda exempel (dense)",
    "hybrid": "Goda exempel (hybrid)",
    "baseline": "baseline (Snowball)",
}

# Query filters and the SQL they become; anything else in a queries file is an error rather
# than a silently ignored filter.
FILTER_COLUMNS = {"area": "area", "maturity": "maturity", "organisation": "organisation",
                  "unit": "unit", "year": "year", "focus_area": "focus_areas"}


# --------------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------------

def psql(port, database, sql):
    """Runs an SQL script through psql and returns its unaligned, tuples-only output."""
    cmd = ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database,
           "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t"]
    done = subprocess.run(cmd, input=sql, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"psql failed on database {database}:\n{done.stderr}")
    return done.stdout


def literal(s):
    """An SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def create_database(port, database):
    """Creates an empty database with the swedish_hunspell text search configuration.

    Dictionaries and configurations belong to a database, so every collection's database gets
    its own copy. The files sv_se.dict and sv_se.affix must already be in tsearch_data (the
    shell script puts them there); PostgreSQL reads them the first time the dictionary is used
    in a session, not here."""
    psql(port, "postgres", f"DROP DATABASE IF EXISTS {database};\nCREATE DATABASE {database};\n")
    psql(port, database, """
-- StopWords = swedish is the usual recipe, but the ispell template checks stop words against
-- its *output*: 'hur' becomes 'hu', 'kan' 'kana', 'en' 'e', which are not on the list, so 17 of
-- the 114 stop words survive in swedish_hunspell while the stock configuration drops them.
CREATE TEXT SEARCH DICTIONARY sv_hunspell (
  TEMPLATE = ispell, DictFile = sv_se, AffFile = sv_se, StopWords = swedish);
-- A copy of swedish in which every word token type that used swedish_stem now asks the hunspell
-- dictionary first; words it does not know (typos, names, new words) fall through to Snowball.
CREATE TEXT SEARCH CONFIGURATION swedish_hunspell (COPY = swedish);
ALTER TEXT SEARCH CONFIGURATION swedish_hunspell
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH sv_hunspell, swedish_stem;
""")


def check_hunspell(port, database):
    """Shows ts_debug for a sample and stops unless hunspell lemmatises and splits compounds.

    If PostgreSQL had silently mis-read the affix file, swedish_hunspell would quietly behave
    like plain swedish and the comparison would be meaningless, so fail loudly instead."""
    sample = "bostäderna vattenmätarna införde"
    out = psql(port, database, f"""
SELECT token, dictionary, array_to_string(lexemes, ' ')
FROM ts_debug('swedish_hunspell', {literal(sample)}) WHERE alias <> 'blank';
""")
    rows = [line.split("|") for line in out.splitlines() if line]
    print(f"ts_debug('swedish_hunspell', '{sample}'):", file=sys.stderr)
    for token, dictionary, lexemes in rows:
        print(f"  {token:15} {dictionary:13} {{{lexemes}}}", file=sys.stderr)
    lexemes = {token: set(lex.split()) for token, _, lex in rows}
    dictionaries = {token: dictionary for token, dictionary, _ in rows}
    if not ({"vatten", "mätare"} <= lexemes.get("vattenmätarna", set())
            and "införa" in lexemes.get("införde", set())
            and all(d == "sv_hunspell" for d in dictionaries.values())):
        sys.exit("swedish_hunspell does not lemmatise or split compounds; is sv_se.affix right?")


def read_corpus(corpus):
    """The published examples of a corpus directory: front matter fields plus plain body text."""
    rows = []
    for path in sorted(corpus.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("+++\n", 2)
        meta = tomllib.loads(front)
        if meta.get("status") != "published":
            continue
        # Markdown punctuation only; the words stay where they are.
        plain = re.sub(r"[#*_`>\[\]()|-]+", " ", body)
        rows.append(meta | {"body": plain})
    return rows


def load(port, database, rows):
    """Loads the examples into `examples` with one weighted tsvector per configuration.

    Weights as today: title A, tags and summary B, body C."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        w = csv.writer(f)
        for r in rows:
            w.writerow([r["id"], r["title"], r.get("summary", ""), " ".join(r.get("tags", [])),
                        r["body"], r.get("area", ""),
                        "{" + ",".join(r.get("focus_areas", [])) + "}", r.get("maturity", ""),
                        r.get("year"), r.get("organisation", ""), r.get("unit", ""),
                        str(r["created"])])
        csv_path = f.name
    weighted = lambda config: f"""
  setweight(to_tsvector('{config}', title), 'A') ||
  setweight(to_tsvector('{config}', tags), 'B') ||
  setweight(to_tsvector('{config}', summary), 'B') ||
  setweight(to_tsvector('{config}', body), 'C')"""
    try:
        psql(port, database, f"""
CREATE TABLE examples (id text PRIMARY KEY, title text, summary text, tags text, body text,
  area text, focus_areas text[], maturity text, year int, organisation text, unit text,
  created date, tsv_swedish tsvector, tsv_hunspell tsvector);
\\copy examples(id,title,summary,tags,body,area,focus_areas,maturity,year,organisation,unit,created) from '{csv_path}' csv
UPDATE examples SET tsv_swedish = {weighted('swedish')}, tsv_hunspell = {weighted('swedish_hunspell')};
CREATE INDEX examples_tsv_swedish ON examples USING gin (tsv_swedish);
CREATE INDEX examples_tsv_hunspell ON examples USING gin (tsv_hunspell);
ANALYZE examples;
""")
    finally:
        Path(csv_path).unlink()


def sql_for(system, q):
    """The SQL that returns the top K example ids for one judged query."""
    where = []
    for key, values in q.get("filters", {}).items():
        if key not in FILTER_COLUMNS:
            sys.exit(f"query {q['id']}: unknown filter {key!r}")
        column = FILTER_COLUMNS[key]
        if key == "focus_area":
            where.append(f"{column} && ARRAY[{','.join(literal(v) for v in values)}]")
        elif key == "year":
            where.append(f"{column} IN ({','.join(str(int(v)) for v in values)})")
        else:
            where.append(f"{column} IN ({','.join(literal(v) for v in values)})")
    source = "examples"
    if q["q"].strip():
        # The tsquery is computed once in a one-row subquery and used for matching and ranking.
        source += f", (SELECT {system.tsquery(q['q'])} AS query) AS input"
        where.append(f"{system.column} @@ query")
        order = f"ts_rank_cd({system.column}, query) DESC, id"
    else:
        # A filter-only query has nothing to rank by; newest first, as a listing would show.
        order = "created DESC, id"
    cond = " AND ".join(where) or "true"
    return f"SELECT id FROM {source} WHERE {cond} ORDER BY {order} LIMIT {K};"


def run_pg(port, database, system, queries):
    """Runs every query ROUNDS times; returns the top K ids per query id and the median
    latency in milliseconds as psql's \\timing reports it (round trip over loopback)."""
    # The ispell dictionary is read from disk on its first use in a session (about 0.3 s);
    # use it once before timing starts so that load is not counted as query latency.
    script = [f"SELECT to_tsvector('{system.config}', 'uppvärmning') IS NOT NULL;", "\\timing on"]
    for _ in range(ROUNDS):
        for q in queries:
            script += [f"\\echo @@{q['id']}", sql_for(system, q)]
    out = psql(port, database, "\n".join(script) + "\n")
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


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------

def ndcg(ranked, judgments, k=K):
    """nDCG@k with gain 2^grade - 1; unjudged examples have grade 0."""
    gain = lambda g: 2 ** g - 1
    dcg = sum(gain(judgments.get(i, 0)) / math.log2(r + 2) for r, i in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    idcg = sum(gain(g) / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def noise(ranked, judgments, k=K):
    """The share of the top k hits that are not judged at all (0 for a query with no hits).

    Judged-irrelevant does not exist in these files, so an unjudged hit is one the judges did
    not consider worth listing: what a system returns when its matching falls back too far."""
    hits = ranked[:k]
    return sum(i not in judgments for i in hits) / len(hits) if hits else 0.0


def score_pg(ranked, queries, kinds):
    """nDCG per kind and overall plus mean noise, shaped like one system of goda's JSON."""
    per_kind = {kind: [] for kind in kinds}
    per_query = {}
    noises = []
    for q in queries:
        hits = ranked.get(q["id"], [])
        per_query[q["id"]] = ndcg(hits, q["judgments"])
        per_kind[q["kind"]].append(per_query[q["id"]])
        noises.append(noise(hits, q["judgments"]))
    everything = [v for vs in per_kind.values() for v in vs]
    return {
        "overall": {"queries": len(everything), "ndcg": statistics.mean(everything),
                    "noise": statistics.mean(noises)},
        "by_kind": {kind: {"queries": len(vs), "ndcg": statistics.mean(vs)}
                    for kind, vs in per_kind.items() if vs},
        "per_query": per_query,
    }


# --------------------------------------------------------------------------------------------
# Our side
# --------------------------------------------------------------------------------------------

def run_ours(goda, collection):
    """Runs `goda eval --json` on a collection with a fresh index; returns {label: report}."""
    with tempfile.TemporaryDirectory(prefix="goda-eval-index.") as index:
        cmd = [goda, "--corpus", str(collection.corpus), "eval",
               "--queries", str(collection.queries), "--similar", str(collection.similar),
               "--json", "--index", str(Path(index) / "index")]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return our_systems(json.loads(done.stdout))


def our_systems(report):
    """Our systems in display order, from either shape of `goda eval --json`.

    New shape: {"systems": {"lexical": R, "dense": R|null, "hybrid": R|null, "baseline": R}}.
    Old shape: {"shipped": R, "baseline": R}, where the shipped search is the lexical one.
    Systems reported as null (not built into this binary) get no column."""
    systems = report.get("systems")
    if systems is None:
        systems = {"lexical": report["shipped"], "baseline": report["baseline"]}
    order = list(OUR_LABELS) + sorted(set(systems) - set(OUR_LABELS))
    return {OUR_LABELS.get(name, f"Goda exempel ({name})"): systems[name]
            for name in order if systems.get(name) is not None}


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

def fmt(value, bold=False):
    """A figure with three decimals, or the dash for one a system did not report."""
    if value is None:
        return MISSING
    return f"**{value:.3f}**" if bold else f"{value:.3f}"


def print_table(collection, n_examples, queries, systems, latency_notes):
    """One Markdown table: a row per kind, overall, fallback noise, median latency."""
    kinds = sorted({q["kind"] for q in queries})
    counts = {kind: sum(q["kind"] == kind for q in queries) for kind in kinds}
    labels = list(systems)
    for label, r in systems.items():
        theirs = {k: v.get("queries") for k, v in r["by_kind"].items()}
        if any(theirs.get(k, counts[k]) != counts[k] for k in kinds):
            print(f"warning: {label} counted queries per kind as {theirs}, "
                  f"the queries file has {counts}", file=sys.stderr)
    print(f"### {collection.name}: {collection.corpus.relative_to(ROOT)}/ "
          f"({n_examples} published examples, {len(queries)} judged queries)\n")
    print("| kind | queries | " + " | ".join(labels) + " |")
    print("|---|---:|" + "---:|" * len(labels))
    for kind in kinds:
        cells = [fmt(r["by_kind"].get(kind, {}).get("ndcg")) for r in systems.values()]
        print(f"| {kind} | {counts[kind]} | " + " | ".join(cells) + " |")
    cells = [fmt(r["overall"].get("ndcg"), bold=True) for r in systems.values()]
    print(f"| **overall** | {len(queries)} | " + " | ".join(cells) + " |")
    cells = [fmt(r["overall"].get("noise")) for r in systems.values()]
    print("| noise@10 | | " + " | ".join(cells) + " |")
    cells = [fmt(r["overall"].get("fallback_noise")) for r in systems.values()]
    print("| fallback noise@10 | | " + " | ".join(cells) + " |")
    cells = [MISSING if r.get("median_ms") is None else f"{r['median_ms']:.2f} ms"
             for r in systems.values()]
    print("| median query latency | | " + " | ".join(cells) + " |")
    print()
    print("nDCG@10 per kind and overall. Noise: mean over queries of the share of the top 10 "
          "that is not judged at all (0 for no hits); fallback noise counts only the unjudged "
          "hits that matched some of the query's words in a fallback (reported by goda; "
          "PostgreSQL has no fallback). " + latency_notes + "\n")


def print_losses(queries, systems, ours, margin=0.005):
    """The queries where our system `ours` scores below the best PostgreSQL system, worst
    first: where to look for a class of errors (never to tune a single query)."""
    pg = [label for label in systems if label.startswith("PostgreSQL")]
    mine = systems[ours].get("per_query", {})
    rows = []
    for q in queries:
        best = max(pg, key=lambda label: systems[label]["per_query"].get(q["id"], 0.0))
        theirs = systems[best]["per_query"].get(q["id"], 0.0)
        if mine.get(q["id"], 0.0) + margin < theirs:
            rows.append((theirs - mine.get(q["id"], 0.0), q, best, theirs))
    if not rows:
        print(f"{ours} is at or above every PostgreSQL system on every query.\n")
        return
    print(f"Queries where {ours} scores below PostgreSQL (nDCG@10):\n")
    print("| query | kind | text | ours | PostgreSQL | best system |")
    print("|---|---|---|---:|---:|---|")
    for _, q, best, theirs in sorted(rows, key=lambda r: -r[0]):
        print(f"| {q['id']} | {q['kind']} | {q['q']} | {mine.get(q['id'], 0.0):.3f} "
              f"| {theirs:.3f} | {best} |")
    print()


def evaluate(collection, port, goda, losses=False):
    """Runs one collection on both sides and prints its table."""
    missing = [p for p in (collection.corpus, collection.queries, collection.similar)
               if not p.exists()]
    if missing:
        names = " and ".join(str(p.relative_to(ROOT)) for p in missing)
        print(f"### {collection.name}: skipped\n\n"
              f"{names} {'do' if len(missing) > 1 else 'does'} not exist (yet).\n")
        return
    queries = tomllib.loads(collection.queries.read_text(encoding="utf-8"))["query"]
    kinds = sorted({q["kind"] for q in queries})
    rows = read_corpus(collection.corpus)
    print(f"{collection.name}: goda eval", file=sys.stderr)
    systems = run_ours(goda, collection)
    print(f"{collection.name}: loading {len(rows)} examples into {collection.database}",
          file=sys.stderr)
    create_database(port, collection.database)
    check_hunspell(port, collection.database)
    load(port, collection.database, rows)
    for system in PG_SYSTEMS:
        print(f"{collection.name}: {system.label}", file=sys.stderr)
        ranked, median_ms = run_pg(port, collection.database, system, queries)
        systems[system.label] = score_pg(ranked, queries, kinds) | {"median_ms": median_ms}
    print_table(collection, len(rows), queries, systems,
                "Latency: ours in-process (`goda eval`), PostgreSQL as psql `\\timing` over "
                f"loopback, median of {ROUNDS} rounds.")
    if losses:
        print_losses(queries, systems, OUR_LABELS["lexical"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, required=True, help="port of the PostgreSQL server")
    ap.add_argument("--goda", required=True, help="the goda binary to evaluate")
    ap.add_argument("--collection", action="append", choices=[c.name for c in COLLECTIONS],
                    help="only this collection (repeatable; default: all)")
    ap.add_argument("--losses", action="store_true",
                    help="also list the queries where our words-only search scores below "
                         "the best PostgreSQL system")
    args = ap.parse_args()
    for collection in COLLECTIONS:
        if args.collection is None or collection.name in args.collection:
            evaluate(collection, args.port, args.goda, args.losses)


if __name__ == "__main__":
    main()
