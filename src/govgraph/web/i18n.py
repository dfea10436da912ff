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
    # Releases and dumps
    "releases": {"en": "Releases", "es": "Versiones"},
    "releases_intro": {
        "en": "Each release is a numbered snapshot of the published graph that never changes: pin one in a course "
        "page or a paper with ?release=N, and download its files. The graph as it is now is always at /dump.",
        "es": "Cada versión es una instantánea numerada del grafo publicado que no cambia nunca: fíjela en la página "
        "de un curso o en un artículo con ?release=N y descargue sus archivos. El grafo tal como está ahora "
        "siempre está en /dump.",
    },
    "release": {"en": "Release", "es": "Versión"},
    "created": {"en": "Made", "es": "Creada"},
    "triples": {"en": "Triples", "es": "Tripletas"},
    "note": {"en": "Note", "es": "Nota"},
    "files": {"en": "Files", "es": "Archivos"},
    "no_releases": {
        "en": "No releases yet. A maintainer makes one with `govgraph release` or POST /releases.",
        "es": "Aún no hay versiones. Un responsable crea una con `govgraph release` o POST /releases.",
    },
    "current_graph": {"en": "The graph now", "es": "El grafo ahora"},
    "description": {"en": "Description (VoID/DCAT)", "es": "Descripción (VoID/DCAT)"},
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
