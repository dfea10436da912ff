"""Contribution validation: how long `Contributions.check` takes, and how many submissions a server accepts.

`python -m bench.contributions` (see bench/README.md, "Contribution validation").

1. Latency of checking contributions of 10, 100 and 1,000 triples against published graphs of about 10k,
   100k and 1M asserted triples (the curated data built with `govgraph.loader.build`, then synthetic
   governance-shaped triples from bench.synthetic, inferences materialized), beside the naive approach
   run in the same process: pyshacl over the whole published graph exported to rdflib plus the
   contribution, in a child process that is killed at a cap.
2. Accepted submissions per second with 8 concurrent contributors over HTTP against a real
   `govgraph serve` on a copy of the 10k store, beside one contributor alone.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import io
import json
import os
import platform
import pstats
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bench.report import percentile

ROOT = Path(__file__).resolve().parents[1]
CONTRIBUTION_SIZES = (10, 100, 1000)
TARGET_SECONDS = 0.100
TARGET_TRIPLES = 100
# Bumped whenever the way stores are built here changes, so cached stores are rebuilt.
STORE_RECIPE = "contributions-1"
TOKEN_CREATE = (sys.executable, "-m", "govgraph.cli", "token", "create", "--role", "contributor")

console = Console(width=200)

# -- realistic contributions -------------------------------------------------------------------------------

HEADER = """@prefix gg: <https://w3id.org/govgraph/ontology#> .
@prefix gid: <https://w3id.org/govgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dct: <http://purl.org/dc/terms/> .
"""
COUNTRIES = ("country-br", "country-de", "country-ke", "country-jp", "country-in", "country-mx")
PROCESSES = ("igf", "igf", "igf-brazil", "igf-germany", "igf-kenya", "igf-japan")
GROUPS = ("civil-society", "technical-community", "private-sector", "academic-community")


def contribution(triples: int, tag: str) -> bytes:
    """Valid Turtle of exactly `triples` triples: new cities, organizations and meetings that point at
    entities already published (gid:igf and national IGFs, countries, stakeholder groups), each with
    English and Spanish labels and a dct:source."""
    lines = [HEADER]
    count = 0
    extra_sources: list[str] = []
    first: list[str] = []

    def source(kind: str, i: int) -> str:
        return f"<https://example.org/contributions/{tag}/{kind}/{i}>"

    def city(i: int) -> None:
        nonlocal count
        subject = f"gid:bc-{tag}-city-{i}"
        first.append(subject)
        lines.append(
            f'{subject} a gg:City ;\n    rdfs:label "City {tag} {i}"@en , "Ciudad {tag} {i}"@es ;\n'
            f"    gg:country gid:{COUNTRIES[i % len(COUNTRIES)]} ;\n    dct:source {source('city', i)} ."
        )
        count += 5

    units = triples // 22
    for i in range(units):
        country = COUNTRIES[i % len(COUNTRIES)]
        city(i)
        org, meeting = f"gid:bc-{tag}-org-{i}", f"gid:bc-{tag}-meeting-{i}"
        lines.append(
            f'{org} a gg:Organization ;\n    rdfs:label "Organization {tag} {i}"@en , "Organización {tag} {i}"@es ;\n'
            f"    gg:stakeholderGroup gid:{GROUPS[i % len(GROUPS)]} ;\n    gg:country gid:{country} ;\n"
            f"    dct:source {source('org', i)} ."
        )
        year, month = 2006 + i % 19, 1 + i % 12
        lines.append(
            f'{meeting} a gg:Meeting ;\n    rdfs:label "Meeting {tag} {i}"@en , "Reunión {tag} {i}"@es ;\n'
            f"    gg:meetingOf gid:{PROCESSES[i % len(PROCESSES)]} ;\n    gg:editionNumber {100 + i} ;\n"
            f"    gg:location gid:bc-{tag}-city-{i} ;\n    gg:country gid:{country} ;\n    gg:hostedBy {org} ;\n"
            f'    gg:startDate "{year}-{month:02d}-10"^^xsd:date ;\n'
            f'    gg:endDate "{year}-{month:02d}-13"^^xsd:date ;\n'
            f"    dct:source {source('meeting', i)} ."
        )
        count += 6 + 11
    i = units
    while triples - count >= 5:
        city(i)
        i += 1
    for k in range(triples - count):  # pad with further sources of the first entity (always allowed)
        extra_sources.append(f"{first[0]} dct:source {source('extra', k)} .")
    count += len(extra_sources)
    return "\n".join(lines + extra_sources).encode()


# -- stores -----------------------------------------------------------------------------------------------


def human(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 and size % 1_000_000 == 0 else f"{size // 1000}k"


def repo_settings(store: Path) -> Any:
    from govgraph.settings import Settings

    return Settings.from_env(
        environ={}, store=store, ontology_dir=ROOT / "ontology", data_dir=ROOT / "data", queries_dir=ROOT / "queries"
    )


def store_path(size: int, workdir: Path, seed: int) -> Path:
    from govgraph.loader import source_files

    digest = hashlib.sha256(STORE_RECIPE.encode())
    for f in source_files(repo_settings(workdir / "unused")):
        digest.update(f.content)
    digest.update((ROOT / "bench" / "synthetic.py").read_bytes())
    return workdir / f"store-{size}-seed{seed}-{digest.hexdigest()[:10]}"


def build_store(size: int, workdir: Path, seed: int = 7) -> dict[str, Any]:
    """`govgraph.loader.build` of the curated data, then synthetic triples up to `size` asserted triples in
    their own named graph, then inference again. Cached by size, seed and content."""
    from bench.stores import vocabulary
    from bench.synthetic import governance_turtle
    from govgraph.inference import materialize
    from govgraph.loader import build
    from govgraph.namespaces import data_graph
    from govgraph.store.embedded import EmbeddedStore

    path = store_path(size, workdir, seed)
    info = path.with_suffix(".json")
    if info.is_file() and (path / "CURRENT").is_file():
        return {**json.loads(info.read_text()), "reused": True}
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    report = build(repo_settings(path))
    curated_seconds = time.perf_counter() - started
    store = EmbeddedStore(path)

    vocab = vocabulary(store)
    began = time.perf_counter()
    synthetic = 0
    if size > report.asserted:
        turtle = governance_turtle(size - report.asserted, vocab, seed=seed)
        synthetic = store.replace_graph(data_graph("synthetic-contributions-bench"), turtle, "turtle")
        del turtle
    load_seconds = time.perf_counter() - began
    stats = materialize(store)
    built = {
        "size": size,
        "path": str(path),
        "curated": report.asserted,
        "synthetic": synthetic,
        "inferred": stats.triples,
        "total": store.triple_count(),
        "curated_build_seconds": curated_seconds,
        "synthetic_load_seconds": load_seconds,
        "inference_seconds": stats.seconds,
        "seconds": time.perf_counter() - started,
    }
    store.close()
    info.write_text(json.dumps(built))
    return {**built, "reused": False}


def build_bounded(size: int, workdir: Path, bound: float) -> dict[str, Any] | None:
    """Build in a child process (its memory is returned when it ends), killed after `bound` seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.contributions", "--build-one", str(size), "--workdir", str(workdir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        out, _ = process.communicate(timeout=bound)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        console.print(f"[yellow]Building the {human(size)} store did not finish within {bound:.0f} s.[/]")
        return None
    if process.returncode != 0:
        raise RuntimeError(f"building the {human(size)} store failed (exit {process.returncode})")
    built = json.loads(out.strip().splitlines()[-1])
    built["wall_seconds"] = time.perf_counter() - started
    return built


def export_union(path: Path, out: Path) -> float:
    """The union of all graphs (what `describe` sees) as N-Triples, for rdflib; returns the seconds."""
    started = time.perf_counter()
    disk = ox.Store.read_only(str(path))
    ox.serialize((q.triple for q in disk.quads_for_pattern(None, None, None, None)), str(out), ox.RdfFormat.N_TRIPLES)
    del disk
    return time.perf_counter() - started


# -- statistics and tables --------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def spread(samples: list[float]) -> str:
    """median [p10-p90] in milliseconds."""
    if not samples:
        return "-"
    return f"{ms(statistics.median(samples))} [{ms(percentile(samples, 10))}-{ms(percentile(samples, 90))}]"


class Tables:
    """Prints rich tables and keeps a Markdown copy (for bench/README.md)."""

    def __init__(self, markdown: Path | None):
        self.markdown = markdown
        self.parts: list[str] = []

    def table(self, title: str, headers: list[str], rows: list[list[str]], caption: str = "") -> None:
        table = Table(*map(escape, headers), title=escape(title), caption=escape(caption), caption_justify="left")
        for row in rows:
            table.add_row(*map(escape, row))
        console.print(table)
        md = [f"**{title}**", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        md += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        self.parts.append("\n".join(md + ([f"\n{caption}"] if caption else [])))
        self.flush()

    def note(self, text: str, *, code: bool = False) -> None:
        console.print(escape(text))
        self.parts.append(f"```\n{text}\n```" if code else text)
        self.flush()

    def flush(self) -> None:
        if self.markdown:
            self.markdown.write_text("\n\n".join(self.parts) + "\n", encoding="utf-8")


# -- 1. latency of Contributions.check --------------------------------------------------------------------


@contextlib.contextmanager
def phases() -> Iterator[dict[str, list[float]]]:
    """Time the three steps of Contributions.check (parse, describe, pyshacl) by wrapping the names it calls
    in govgraph.contributions.checker, without changing the package; restored on exit."""
    import govgraph.contributions.checker as module

    timings: dict[str, list[float]] = {"parse": [], "describe": [], "validate": [], "context": []}
    originals = {name: getattr(module, name) for name in ("parse_contribution", "describe", "validate_in_context")}

    def timed(name: str, key: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            result = originals[name](*args, **kwargs)
            timings[key].append(time.perf_counter() - started)
            if key == "describe":
                timings["context"].append(len(result))
            return result

        return call

    module.parse_contribution = timed("parse_contribution", "parse")
    module.describe = timed("describe", "describe")
    module.validate_in_context = timed("validate_in_context", "validate")
    try:
        yield timings
    finally:
        for name, original in originals.items():
            setattr(module, name, original)


def service_for(path: Path, workdir: Path) -> tuple[Any, Callable[[], None]]:
    from govgraph.contributions.workflow import Contributions
    from govgraph.journal import Journal
    from govgraph.store.embedded import EmbeddedStore

    settings = repo_settings(path).with_overrides(submissions_per_minute=1_000_000)
    store = EmbeddedStore(path, read_only=True)
    journal_dir = Path(tempfile.mkdtemp(dir=workdir))
    journal = Journal(journal_dir / "journal.sqlite3")
    service = Contributions.from_settings(settings, store, journal)

    def close() -> None:
        store.close()
        with contextlib.suppress(Exception):
            journal.close()
        shutil.rmtree(journal_dir, ignore_errors=True)

    return service, close


def measure_checks(service: Any, size: int, repeat: int) -> dict[int, dict[str, Any]]:
    """For each contribution size: one untimed warm-up, then `repeat` checks of distinct contributions."""
    results: dict[int, dict[str, Any]] = {}
    for n in CONTRIBUTION_SIZES:
        bodies = [contribution(n, f"{human(size)}-{n}-{k}") for k in range(repeat + 1)]
        service.check(bodies[0], "turtle")
        samples: list[float] = []
        with phases() as timings:
            for body in bodies[1:]:
                started = time.perf_counter()
                new, _, report = service.check(body, "turtle")
                samples.append(time.perf_counter() - started)
                if not report.conforms or len(new) != n:
                    raise RuntimeError(f"a generated {n}-triple contribution did not conform:\n{report.text()}")
        results[n] = {"samples": samples, **{k: list(v) for k, v in timings.items()}}
    return results


def profile_check(service: Any, tag: str) -> str:
    body = contribution(TARGET_TRIPLES, tag)
    service.check(contribution(TARGET_TRIPLES, tag + "-warm"), "turtle")
    profiler = cProfile.Profile()
    profiler.enable()
    service.check(body, "turtle")
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(10)
    text = out.getvalue()
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    kept = [line.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "") for line in lines]
    return "\n".join(line for line in kept if not line.lstrip().startswith(("Ordered by", "List reduced")))


# -- the naive baseline: pyshacl over the whole merged graph, in a child process killed at the cap ---------


def naive_worker(nt: Path, files: list[Path], repeat: int, budget: float) -> None:
    """Child process: load the published graph into rdflib, then for each contribution add it, validate the
    whole graph with the same shapes and ontology, keep the results about the contribution's nodes, remove it.
    Prints one JSON line per event."""
    import rdflib

    from govgraph.contributions.rdf_input import parse_contribution
    from govgraph.validation import cached_graph, display, validate

    def emit(**event: Any) -> None:
        print(json.dumps(event), flush=True)

    settings = repo_settings(Path("unused"))
    shapes, ontology = cached_graph(settings.shapes_file), cached_graph(settings.ontology_file)
    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(str(nt), format="nt")
    emit(event="loaded", seconds=time.perf_counter() - started, triples=len(graph))
    for path in files:
        new, _ = parse_contribution(path.read_bytes(), "turtle", max_triples=10_000)
        emit(event="start", n=len(new))
        spent = 0.0
        for _ in range(repeat):
            began = time.perf_counter()
            for triple in new:
                graph.add(triple)
            report = validate(graph, shapes=shapes, ontology=ontology)
            own = {display(s) for s in set(new.subjects())}
            conforms = not any(r.severity == "Violation" and r.focus in own for r in report.results)
            for triple in new:
                graph.remove(triple)
            elapsed = time.perf_counter() - began
            spent += elapsed
            emit(event="run", n=len(new), seconds=elapsed, conforms=conforms)
            if spent + elapsed > budget:
                break


def run_naive(path: Path, size: int, workdir: Path, cap: float, repeat: int) -> dict[str, Any]:
    """Naive timings per contribution size, or None where the cap was reached (the child is killed then)."""
    nt = workdir / f"union-{size}.nt"
    export_seconds = export_union(path, nt)
    files = []
    for n in CONTRIBUTION_SIZES:
        files.append(workdir / f"naive-{size}-{n}.ttl")
        files[-1].write_bytes(contribution(n, f"naive-{human(size)}-{n}"))
    command = [sys.executable, "-m", "bench.contributions", "--naive-worker", str(nt), "--naive-files"]
    # The worker stops repeating once another run would likely pass 80% of the cap; the cap still kills it.
    command += [",".join(map(str, files)), "--naive-repeat", str(repeat), "--naive-cap", str(0.8 * cap)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    events: queue.Queue[dict[str, Any] | None] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("{"):
                events.put(json.loads(line))
        events.put(None)

    threading.Thread(target=read, daemon=True).start()
    result: dict[str, Any] = {"export_seconds": export_seconds, "load_seconds": None, "runs": {}, "capped": set()}
    deadline = time.monotonic() + cap
    current: int | None = None
    try:
        while True:
            try:
                event = events.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                if current is not None and not result["runs"].get(current):
                    result["capped"] = {current}
                break
            if event is None:
                if process.wait() != 0:
                    raise RuntimeError(f"the naive worker failed (exit {process.returncode})")
                break
            if event["event"] == "loaded":
                result["load_seconds"], result["triples"] = event["seconds"], event["triples"]
                deadline = time.monotonic() + cap
            elif event["event"] == "start":
                current = event["n"]
                result["runs"][current] = []
                deadline = time.monotonic() + cap
            elif event["event"] == "run":
                if not event["conforms"]:
                    raise RuntimeError(f"the naive check rejected a valid {event['n']}-triple contribution")
                result["runs"][event["n"]].append(event["seconds"])
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        nt.unlink(missing_ok=True)
        for f in files:
            f.unlink(missing_ok=True)
    return result


# -- 2. accepted submissions per second over HTTP ---------------------------------------------------------


def drive(base_url: str, tokens: list[str], seconds: float, tag: str) -> dict[str, Any]:
    """Each token in its own thread posts 100-triple contributions until `seconds` have passed."""
    statuses: Counter[int | str] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def contributor(i: int, token: str) -> None:
        headers = {"Content-Type": "text/turtle", "Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=base_url, timeout=120) as client:
            k = 0
            while time.perf_counter() < deadline:
                body = contribution(TARGET_TRIPLES, f"{tag}-{i}-{k}")
                k += 1
                began = time.perf_counter()
                try:
                    status: int | str = client.post(
                        "/contributions", content=body, headers=headers, params={"message": "benchmark"}
                    ).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = time.perf_counter() - began
                with lock:
                    statuses[status] += 1
                    if status == 202:
                        latencies.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=contributor, args=(i, t)) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"statuses": statuses, "latencies": latencies, "seconds": elapsed, "rate": statuses[202] / elapsed}


def run_http(path: Path, workdir: Path, seconds: float, contributors: int) -> tuple[dict[str, Any], dict[str, Any]]:
    from tests.fixtures import cli_env, start_server, stop_server

    scratch = Path(tempfile.mkdtemp(dir=workdir))
    copy, journal = scratch / "store", scratch / "journal.sqlite3"
    shutil.copytree(path, copy)
    env = cli_env(GOVGRAPH_JOURNAL=str(journal))
    tokens = []
    for i in range(contributors):
        made = subprocess.run(
            [*TOKEN_CREATE, "--name", f"bench-{i}", "--store", str(copy)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        tokens.append(made.stdout.strip().splitlines()[-1])
    server = start_server(
        copy, extra_env={"GOVGRAPH_JOURNAL": str(journal), "GOVGRAPH_SUBMISSIONS_PER_MINUTE": "1000000"}
    )
    try:
        drive(server.base_url, tokens[:1], min(3.0, seconds), "warm")
        alone = drive(server.base_url, tokens[:1], seconds / 2, "alone")
        together = drive(server.base_url, tokens, seconds, "together")
    finally:
        stop_server(server)
        shutil.rmtree(scratch, ignore_errors=True)
    return alone, together


# -- the run ----------------------------------------------------------------------------------------------


def machine() -> str:
    import pyoxigraph
    import pyshacl
    import rdflib

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
        f"pyshacl {pyshacl.__version__}"
    )


def main(args: argparse.Namespace) -> None:
    workdir: Path = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    report = Tables(args.markdown)
    report.note(f"Machine: {machine()}")

    built: dict[int, dict[str, Any] | None] = {}
    for size in args.sizes:
        console.print(f"Building the {human(size)} store (bound {args.build_bound:.0f} s)...")
        built[size] = build_bounded(size, workdir, args.build_bound)
    rows = []
    for size, b in built.items():
        if b is None:
            rows.append([human(size), "-", "-", "-", "-", f"> {args.build_bound:.0f} s (not finished)", "-"])
            continue
        rows.append(
            [
                human(size),
                f"{b['curated']:,}",
                f"{b['synthetic']:,}",
                f"{b['inferred']:,}",
                f"{b['total']:,}",
                f"{b['seconds']:.1f} (curated build {b['curated_build_seconds']:.1f}, synthetic load "
                f"{b['synthetic_load_seconds']:.1f}, inference {b['inference_seconds']:.1f})",
                "cached" if b["reused"] else "built now",
            ]
        )
    report.table(
        "Published graphs",
        ["size", "curated", "synthetic", "inferred", "total quads", "build seconds", ""],
        rows,
        "Curated data built with govgraph.loader.build, synthetic governance-shaped triples (bench.synthetic) in "
        "their own graph, inference materialized again. Build seconds are those of the run that built the store.",
    )

    checks: dict[int, dict[int, dict[str, Any]]] = {}
    naive: dict[int, dict[str, Any]] = {}
    profile: tuple[int, str] | None = None
    for size, b in built.items():
        if b is None:
            continue
        path = Path(b["path"])
        console.print(f"Checking contributions against the {human(size)} graph...")
        service, close = service_for(path, workdir)
        try:
            checks[size] = measure_checks(service, size, args.repeat)
            if statistics.median(checks[size][TARGET_TRIPLES]["samples"]) >= TARGET_SECONDS:
                profile = (size, profile_check(service, f"profile-{human(size)}"))
        finally:
            close()
        if not args.skip_naive:
            console.print(f"Naive baseline on the {human(size)} graph (cap {args.naive_cap:.0f} s)...")
            naive[size] = run_naive(path, size, workdir, args.naive_cap, args.naive_repeat)

    rows = []
    for size, by_n in checks.items():
        nv = naive.get(size)
        for n, m in by_n.items():
            check_median = statistics.median(m["samples"])
            if nv is None:
                naive_cell, ratio = "not run", "-"
            elif nv["load_seconds"] is None:
                naive_cell, ratio = f"not run: rdflib load > cap ({args.naive_cap:.0f} s)", "-"
            elif n not in nv["runs"]:
                naive_cell, ratio = "not run: a smaller contribution reached the cap", "-"
            elif n in nv["capped"] or not nv["runs"][n]:
                naive_cell, ratio = f"> cap ({args.naive_cap:.0f} s)", f"> {args.naive_cap / check_median:,.0f}x"
            else:
                naive_cell = spread(nv["runs"][n]) + f" (n={len(nv['runs'][n])})"
                ratio = f"{statistics.median(nv['runs'][n]) / check_median:,.0f}x"
            rows.append(
                [
                    human(size),
                    str(n),
                    spread(m["samples"]),
                    ms(statistics.median(m["parse"])),
                    ms(statistics.median(m["describe"])),
                    ms(statistics.median(m["validate"])),
                    f"{statistics.median(m['context']):,.0f}",
                    naive_cell,
                    ratio,
                ]
            )
    report.table(
        "Contributions.check latency (ms, median [p10-p90]) beside naive whole-graph pyshacl",
        [
            "graph",
            "triples",
            "check",
            "parse",
            "describe",
            "pyshacl in context",
            "context triples",
            "naive: pyshacl over published+contribution",
            "naive / check",
        ],
        rows,
        f"check: {args.repeat} distinct valid contributions per cell after one warm-up, read-only on-disk store. "
        "parse / describe / pyshacl are medians of the three steps inside the same checks. Naive: the union of "
        "all graphs exported to N-Triples and loaded into rdflib once in a child process (not timed in the cell), "
        "then per run: add the contribution, pyshacl over everything, keep the contribution's results, remove it; "
        f"at most {args.naive_repeat} runs, killed at the cap.",
    )
    if naive:
        report.table(
            "Naive baseline set-up (not counted in its cells)",
            ["graph", "export union to N-Triples (s)", "rdflib load (s)", "rdflib triples"],
            [
                [
                    human(size),
                    f"{nv['export_seconds']:.1f}",
                    f"> cap ({args.naive_cap:.0f})" if nv["load_seconds"] is None else f"{nv['load_seconds']:.1f}",
                    f"{nv.get('triples', 0):,}" if nv["load_seconds"] is not None else "-",
                ]
                for size, nv in naive.items()
            ],
        )

    medians = {size: statistics.median(by_n[TARGET_TRIPLES]["samples"]) for size, by_n in checks.items()}
    if medians:
        smallest = min(medians)
        report.table(
            f"Target: a {TARGET_TRIPLES}-triple contribution validated in under {TARGET_SECONDS * 1000:.0f} ms median",
            ["graph", "median (ms)", f"vs {human(smallest)}", "target met"],
            [
                [human(s), ms(v), f"{v / medians[smallest]:.2f}x", "yes" if v < TARGET_SECONDS else "no"]
                for s, v in medians.items()
            ],
        )
        worst, best = max(medians.values()), min(medians.values())
        flat = worst / best <= 1.5
        missed = [human(s) for s, v in medians.items() if v >= TARGET_SECONDS]
        not_built = [human(s) for s, b in built.items() if b is None]
        report.note(
            f"Flat from {human(min(medians))} to {human(max(medians))}: {'yes' if flat else 'no'} "
            f"(slowest/fastest median of the {TARGET_TRIPLES}-triple check = {worst / best:.2f}x; flat means <= 1.5x). "
            + (
                f"Target missed at {', '.join(missed)}."
                if missed
                else f"Target met at every size measured ({', '.join(human(s) for s in medians)})."
            )
            + (f" Not measured (store not built within the bound): {', '.join(not_built)}." if not_built else "")
        )
    if profile:
        report.note(f"cProfile of one {TARGET_TRIPLES}-triple check at {human(profile[0])} (top 10 cumulative):")
        report.note(profile[1], code=True)

    if not args.skip_http:
        first = min(s for s, b in built.items() if b is not None)
        b = built[first]
        assert b is not None
        console.print(
            f"HTTP: {args.contributors} contributors for {args.http_seconds:.0f} s on the {human(first)} store..."
        )
        alone, together = run_http(Path(b["path"]), workdir, args.http_seconds, args.contributors)
        in_process = 1 / medians[first] if first in medians else None
        rows = []
        for who, r in ((1, alone), (args.contributors, together)):
            others = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items(), key=str) if k != 202) or "none"
            rows.append(
                [
                    str(who),
                    f"{r['seconds']:.1f}",
                    str(r["statuses"][202]),
                    others,
                    f"{r['rate']:.1f}",
                    spread(r["latencies"]),
                    f"{r['rate'] / alone['rate']:.2f}x" if alone["rate"] else "-",
                    f"{r['rate'] / in_process:.2f}x" if in_process else "-",
                ]
            )
        report.table(
            f"Accepted submissions per second over HTTP ({human(first)} store, {TARGET_TRIPLES}-triple Turtle)",
            [
                "contributors",
                "seconds",
                "202",
                "other statuses",
                "accepted/s",
                "202 latency ms",
                "vs 1 contributor",
                "vs in-process checks/s",
            ],
            rows,
            "A real `govgraph serve` on a copy of the store, GOVGRAPH_SUBMISSIONS_PER_MINUTE=1000000, one token "
            "per contributor (made with `govgraph token create`), each contributor a thread posting one new "
            "contribution after another. In-process checks/s = 1 / median Contributions.check of "
            f"{TARGET_TRIPLES} triples at {human(first)} in this run"
            + (f" ({in_process:.1f}/s)." if in_process else "."),
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.contributions", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="asserted triples of the published graphs")
    parser.add_argument("--quick", action="store_true", help="10k and 100k only, fewer repeats, shorter runs")
    parser.add_argument("--repeat", type=int, default=None, help="timed checks per cell (default 9; quick 5)")
    parser.add_argument("--naive-cap", type=float, default=120.0, help="seconds before a naive run is killed")
    parser.add_argument("--naive-repeat", type=int, default=None, help="naive runs per cell (default 3; quick 1)")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--build-bound", type=float, default=1800.0, help="seconds allowed to build one store")
    parser.add_argument("--http-seconds", type=float, default=None, help="HTTP run length (default 20; quick 10)")
    parser.add_argument("--contributors", type=int, default=8)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/govgraph-bench-contributions"))
    parser.add_argument("--markdown", type=Path, default=None, help="also write the tables as Markdown here")
    parser.add_argument("--build-one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--naive-worker", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--naive-files", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sizes = [10_000, 100_000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    args.repeat = args.repeat or (5 if args.quick else 9)
    args.naive_repeat = args.naive_repeat or (1 if args.quick else 3)
    args.http_seconds = args.http_seconds or (10.0 if args.quick else 20.0)
    args.workdir = args.workdir.resolve()
    return args


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.build_one is not None:
        print(json.dumps(build_store(arguments.build_one, arguments.workdir)))
    elif arguments.naive_worker is not None:
        files = [Path(f) for f in arguments.naive_files.split(",") if f]
        naive_worker(arguments.naive_worker, files, arguments.naive_repeat, arguments.naive_cap)
    else:
        main(arguments)
