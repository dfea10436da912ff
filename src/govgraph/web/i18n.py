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
    "release_pinned": {"en": "Data release", "es": "Versión de los datos"},
    "view_truncated": {
        "en": "Some relations are left out to keep the picture readable; the entity page lists them all.",
        "es": "Algunas relaciones se omiten para que la imagen sea legible; la página de la entidad las lista todas.",
    },
    "depth": {"en": "Steps out", "es": "Pasos"},
    "show": {"en": "Show", "es": "Mostrar"},
    "graph": {"en": "graph", "es": "grafo"},
    "graph_keys": {
        "en": "Drag to pan, scroll or + and - to zoom. With the keyboard: arrows pan, + and - zoom, 0 fits, "
        "n and p go from node to node, Enter opens the selected entity. The table below holds the same content.",
        "es": "Arrastre para desplazar; rueda o + y - para ampliar. Con el teclado: flechas desplazan, + y - amplían, "
        "0 ajusta, n y p pasan de un nodo a otro, Intro abre la entidad seleccionada. "
        "La tabla de abajo tiene el mismo contenido.",
    },
    "zoom_in": {"en": "Zoom in", "es": "Ampliar"},
    "zoom_out": {"en": "Zoom out", "es": "Reducir"},
    "fit": {"en": "Fit", "es": "Ajustar"},
    "legend": {"en": "Legend", "es": "Leyenda"},
    "dated_relation": {
        "en": "Dated relation (a role, a mandate, a stewardship)",
        "es": "Relación con fechas (un cargo, un mandato, una custodia)",
    },
    "use_this_view": {"en": "Use this view", "es": "Usar esta vista"},
    "entity_page": {"en": "Entity page", "es": "Página de la entidad"},
    "embed_code": {
        "en": "Embed code (pinned to a data release)",
        "es": "Código para insertar (fijado a una versión de los datos)",
    },
    "copy": {"en": "Copy", "es": "Copiar"},
    "copied": {"en": "Copied", "es": "Copiado"},
    "as_table": {"en": "The same as a table", "es": "Lo mismo en una tabla"},
    "from_node": {"en": "From", "es": "De"},
    "relation": {"en": "Relation", "es": "Relación"},
    "to_node": {"en": "To", "es": "A"},
    "dates": {"en": "Dates", "es": "Fechas"},
    "search": {"en": "Search", "es": "Buscar"},
    "search_label": {"en": "Search names in English or Spanish", "es": "Buscar nombres en inglés o español"},
    "no_results": {"en": "Nothing matches.", "es": "No hay coincidencias."},
    "not_found": {"en": "Not found", "es": "No encontrado"},
    "unknown_entity": {"en": "govgraph has no entity called", "es": "govgraph no tiene ninguna entidad llamada"},
    "not_acceptable": {"en": "Not available in that format", "es": "No disponible en ese formato"},
    "not_acceptable_intro": {
        "en": "This address does not serve the format your browser asked for. It is available as:",
        "es": "Esta dirección no ofrece el formato que pidió su navegador. Está disponible como:",
    },
    "type": {"en": "Type", "es": "Tipo"},
    "stakeholder_group": {"en": "Stakeholder group", "es": "Grupo de partes interesadas"},
    "names": {"en": "Names", "es": "Nombres"},
    "about": {"en": "About", "es": "Acerca de"},
    "relations": {"en": "Relations", "es": "Relaciones"},
    "roles_over_time": {"en": "Roles and relations over time", "es": "Cargos y relaciones en el tiempo"},
    "role": {"en": "Role", "es": "Cargo"},
    "other_party": {"en": "With", "es": "Con"},
    "graph_view": {"en": "Graph view", "es": "Vista de grafo"},
    "views": {"en": "Views", "es": "Vistas"},
    "neighbourhood_view": {"en": "Neighbourhood", "es": "Entorno"},
    "forum_view": {"en": "Who takes part", "es": "Quién participa"},
    "lineage_view": {"en": "Mandates and reviews (timeline)", "es": "Mandatos y exámenes (cronología)"},
    "stewardship_view": {
        "en": "Who stewards the Internet's resources",
        "es": "Quién custodia los recursos de Internet",
    },
    "as_rdf": {"en": "This entity in RDF", "es": "Esta entidad en RDF"},
    "what_it_holds": {"en": "What the graph holds", "es": "Qué contiene el grafo"},
    "class": {"en": "Class", "es": "Clase"},
    "entities": {"en": "Entities", "es": "Entidades"},
    "analysis": {"en": "Network analysis", "es": "Análisis de redes"},
    "analysis_intro": {
        "en": "Networks drawn from the graph, with centrality measures and communities per node and per stakeholder "
        "group; each as JSON or CSV, or as a GraphML, GEXF or JSON file for Gephi or a notebook. Add as_of=YYYY-MM-DD "
        "to see a past date.",
        "es": "Redes extraídas del grafo, con medidas de centralidad y comunidades por nodo y por grupo de partes "
        "interesadas; cada una en JSON o CSV, o como archivo GraphML, GEXF o JSON para Gephi o un cuaderno. Añada "
        "as_of=AAAA-MM-DD para ver una fecha pasada.",
    },
    "nodes": {"en": "Nodes", "es": "Nodos"},
    "by_group": {"en": "By stakeholder group", "es": "Por grupo de partes interesadas"},
    "measures": {"en": "Measures", "es": "Medidas"},
    "connection": {"en": "Shortest connection between two actors", "es": "Conexión más corta entre dos actores"},
    "from_actor": {"en": "From", "es": "Desde"},
    "to_actor": {"en": "To", "es": "Hasta"},
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
    # The contribution form
    "form_too_large": {
        "en": "What you sent is larger than the limit of {limit} bytes, so it was not read. Send a smaller file, "
        "or split the contribution into several.",
        "es": "Lo enviado supera el límite de {limit} bytes, así que no se leyó. Envíe un archivo más pequeño, "
        "o divida la contribución en varias.",
    },
    "form_busy": {
        "en": "The server is busy checking other contributions; nothing was stored. Try again in {seconds} s.",
        "es": "El servidor está ocupado comprobando otras contribuciones; no se guardó nada. Vuelva a intentarlo "
        "en {seconds} s.",
    },
    "echo_cut": {
        "en": "Only the first {chars} characters of what you sent are shown here: choose the file again rather "
        "than submitting this excerpt.",
        "es": "Aquí solo se muestran los primeros {chars} caracteres de lo enviado: vuelva a elegir el archivo en "
        "lugar de enviar este extracto.",
    },
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


def number(value: int, lang: str) -> str:
    """A count as its readers write it: 20,000 in English, 20 000 in Spanish (a no-break space, as the RAE advises)."""
    return f"{value:,}".replace(",", "\u00a0" if lang == "es" else ",")


def texts(lang: str) -> dict[str, str]:
    return {key: value.get(lang) or value["en"] for key, value in TEXTS.items()}
