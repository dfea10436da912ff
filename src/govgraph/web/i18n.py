"""Interface text of the HTML pages, in English and Spanish."""

from __future__ import annotations

LANGUAGES = ("en", "es")

TEXTS: dict[str, dict[str, str]] = {
    "questions": {"en": "Questions", "es": "Preguntas"},
    "questions_intro": {
        "en": "Named questions about who governs the Internet. Each answers in JSON, CSV or as a table.",
        "es": "Preguntas con nombre sobre quién gobierna Internet. Cada una responde en JSON, CSV o como tabla.",
    },
    "parameters": {"en": "Parameters", "es": "Parámetros"},
    "answer": {"en": "Answer", "es": "Respuesta"},
    "ask": {"en": "Ask", "es": "Preguntar"},
    "rows": {"en": "rows", "es": "filas"},
    "truncated": {"en": "The answer was cut at the row limit.", "es": "La respuesta se cortó en el límite de filas."},
    "no_rows": {"en": "No answer for these parameters.", "es": "No hay respuesta para estos parámetros."},
    "as_of": {"en": "As of", "es": "A fecha de"},
    "sources": {"en": "Sources", "es": "Fuentes"},
    "download": {"en": "Download", "es": "Descargar"},
    "example": {"en": "example", "es": "ejemplo"},
    "query": {"en": "SPARQL query", "es": "Consulta SPARQL"},
    "language": {"en": "Language", "es": "Idioma"},
    "home": {"en": "govgraph", "es": "govgraph"},
    "tagline": {"en": "Who governs the Internet?", "es": "¿Quién gobierna Internet?"},
    "sparql": {"en": "SPARQL", "es": "SPARQL"},
    "api": {"en": "API", "es": "API"},
    "run": {"en": "Run", "es": "Ejecutar"},
    "examples": {"en": "Examples", "es": "Ejemplos"},
    "results": {"en": "Results", "es": "Resultados"},
}


def pick_language(requested: str | None, accept_language: str | None) -> str:
    """`lang=` wins; then the browser's Accept-Language; then English."""
    if requested and requested[:2].lower() in LANGUAGES:
        return requested[:2].lower()
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in LANGUAGES:
            return code
    return "en"


def texts(lang: str) -> dict[str, str]:
    return {key: value.get(lang) or value["en"] for key, value in TEXTS.items()}
