"""Serializations of query results: SPARQL 1.1 JSON, XML, CSV and TSV results; RDF for graph results; CSV
files for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from govgraph.errors import NotAcceptable
from govgraph.formats.registry import ASK_RESULTS, GRAPH_RESULTS, RDF, SELECT_RESULTS, Format, find, keys
from govgraph.namespaces import PREFIXES
from govgraph.rdf import Term, to_triple
from govgraph.store.base import QueryResult


def _json_binding(term: Term) -> dict[str, str]:
    out = {"type": term.kind, "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def sparql_json(result: QueryResult) -> bytes:
    if result.kind == "ask":
        body: dict = {"head": {}, "boolean": result.boolean}
    else:
        body = {
            "head": {"vars": result.variables},
            "results": {"bindings": [{k: _json_binding(v) for k, v in r.items()} for r in result.records()]},
        }
    if result.truncated:
        # Not part of the standard format; clients ignore unknown keys, people and govgraph's pages read it.
        body["truncated"] = True
    return json.dumps(body, ensure_ascii=False).encode()


def sparql_xml(result: QueryResult) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for record in result.records():
            out.append("<result>")
            for name, term in record.items():
                out.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "\n".join(out).encode()


def _xml_term(term: Term) -> str:
    if term.kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.lang:
        return f"<literal xml:lang={quoteattr(term.lang)}>{escape(term.value)}</literal>"
    if term.datatype:
        return f"<literal datatype={quoteattr(term.datatype)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def sparql_csv(result: QueryResult) -> bytes:
    """SPARQL 1.1 CSV: plain values, no types; CRLF line ends as the spec asks."""
    # Values as they are, no spreadsheet_cell: W3C's results format is data for programs, a quote would corrupt it.
    check_writable(result.kind, "csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row])
    return buffer.getvalue().encode()


def sparql_tsv(result: QueryResult) -> bytes:
    """SPARQL 1.1 TSV: terms in their Turtle/N-Triples form."""
    check_writable(result.kind, "tsv")
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode()


# A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def spreadsheet_cell(value: object) -> object:
    """A value for a CSV file that people open in a spreadsheet: a text that would start a formula
    (=HYPERLINK(…), +cmd|…, @SUM(…)) gets a leading single quote, which shows it as text; numbers, and
    texts that are just a number such as -0.5, stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """CSV for download (question answers, analysis tables): spreadsheet_cell on every cell, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(name) for name in header])
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode()


def writable(kind: str) -> tuple[Format, ...]:
    """The formats a result of `kind` (select, ask, graph) can be written in, the default first."""
    return {"select": SELECT_RESULTS, "ask": ASK_RESULTS}.get(kind, GRAPH_RESULTS)


def check_writable(kind: str, fmt: str) -> Format:
    """The format `fmt` names for a result of `kind`; NotAcceptable when it has no writer for that kind."""
    chosen = find(writable(kind), fmt)
    if chosen is not None:
        return chosen
    if kind == "ask" and find(SELECT_RESULTS, fmt):
        raise NotAcceptable(
            f"{fmt.upper()} results are defined for SELECT queries only.",
            hint="Ask for JSON or XML results for ASK queries.",
        )
    what = "graph" if kind == "graph" else kind.upper()
    raise NotAcceptable(
        f"A {what} result cannot be written as {fmt!r}.", hint=f"Choose one of: {', '.join(keys(writable(kind)))}."
    )


def rdf_bytes(result: QueryResult, fmt: str) -> bytes:
    """CONSTRUCT / DESCRIBE results in an RDF syntax (a key of registry.RDF)."""
    chosen = RDF[fmt]
    triples = [to_triple(t) for t in result.triples]
    # Written to no file, serialize returns the bytes (its stubs also allow None, for a file).
    return ox.serialize(triples, format=chosen.rdf_format, prefixes=PREFIXES if chosen.prefixes else None) or b""


RESULT_WRITERS = {"json": sparql_json, "xml": sparql_xml, "csv": sparql_csv, "tsv": sparql_tsv}


def serialize(result: QueryResult, fmt: str) -> tuple[bytes, str]:
    """Bytes and Content-Type of `result` in `fmt` (a key, another name or a media type of a writable format)."""
    chosen = check_writable(result.kind, fmt)
    body = rdf_bytes(result, chosen.key) if result.kind == "graph" else RESULT_WRITERS[chosen.key](result)
    return body, chosen.content_type
