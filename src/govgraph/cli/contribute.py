"""Commands for contributors and maintainers: token create|list|revoke, contribute."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govgraph.cli.app import SUFFIX_FORMATS, LangOption, StoreOption, app, err, load_settings, out
from govgraph.errors import GovgraphError

PANEL = "Contributing"  # where `govgraph --help` lists these commands

token_app = typer.Typer(
    help="Create, list and revoke the tokens of contributors and maintainers.", no_args_is_help=True
)
app.add_typer(token_app, name="token", rich_help_panel=PANEL)


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="contributor or maintainer.")] = "contributor",
    name: Annotated[str, typer.Option(help="Who holds it, as shown in provenance.")] = "anonymous",
    store: StoreOption = None,
) -> None:
    """Create a token; it is printed once, on the last line, and only its hash is kept."""
    from govgraph import tokens
    from govgraph.journal import Journal

    journal = Journal(load_settings(store).journal_file)
    token = tokens.create(journal, role=role, name=name)
    err.print(f"Created a {role} token for {name}. Keep it: it cannot be shown again.")
    print(token)


@token_app.command("list")
def token_list(store: StoreOption = None) -> None:
    """List tokens (ids, names, roles; never the secrets)."""
    from govgraph import tokens
    from govgraph.journal import Journal

    table = Table("id", "name", "role", "created", "revoked")
    for row in tokens.listing(Journal(load_settings(store).journal_file)):
        table.add_row(*(str(row[k] or "") for k in ("id", "name", "role", "created", "revoked")))
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (`govgraph token list`).")], store: StoreOption = None
) -> None:
    """Revoke a token: it stops working at once."""
    from govgraph import tokens
    from govgraph.journal import Journal

    tokens.revoke(Journal(load_settings(store).journal_file), token_id.removeprefix("ggt_").split("_")[0])
    out.print(f"Revoked {token_id}.")


@app.command(rich_help_panel=PANEL)
def contribute(
    file: Annotated[Path, typer.Argument(help="An RDF file (.ttl, .nt, .trig, .jsonld, .rdf).")],
    message: Annotated[str, typer.Option(help="What it adds, and why.")] = "",
    server: Annotated[
        str | None,
        typer.Option(
            help="The govgraph server [env: GOVGRAPH_SERVER; else http://GOVGRAPH_HOST:GOVGRAPH_PORT].",
            show_default=False,
        ),
    ] = None,
    token: Annotated[
        str | None, typer.Option(help="Your token [env: GOVGRAPH_TOKEN].", envvar="GOVGRAPH_TOKEN")
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Submit a file to a running server. Exit 0 when accepted for review, 1 when it does not conform."""
    import httpx

    from govgraph.formats import CONTRIBUTIONS

    server = load_settings(server=server).server_url
    media = {f.key: f.media_type for f in CONTRIBUTIONS}
    fmt = SUFFIX_FORMATS.get(file.suffix.lower())
    if fmt not in media or not file.is_file():
        raise GovgraphError(f"Cannot send {file}: not a readable RDF file.", hint=f"Use one of: {', '.join(media)}.")
    if not token:
        raise GovgraphError("A token is needed.", hint="Pass --token or set GOVGRAPH_TOKEN.")
    try:
        response = httpx.post(
            f"{server}/contributions",
            content=file.read_bytes(),
            params={"message": message, "lang": lang},
            timeout=60,
            headers={"Content-Type": media[fmt], "Authorization": f"Bearer {token}"},
        )
    except httpx.HTTPError as exc:
        raise GovgraphError(f"Cannot reach {server}: {exc}", hint="Is `govgraph serve` running there?") from None
    try:
        body = response.json()
    except ValueError:
        raise GovgraphError(
            f"{server} answered HTTP {response.status_code} without govgraph's JSON: it is not a govgraph server.",
            hint="Point --server or GOVGRAPH_SERVER at one.",
        ) from None
    if response.status_code == 202:
        out.print(f"Received, pending review: {server}{body['url']}")
        raise typer.Exit(0)
    if response.status_code == 422 and "text" in body:
        out.print(body["text"], highlight=False)
        raise typer.Exit(1)
    raise GovgraphError(body.get("detail", response.text), hint=body.get("hint"))


# -- releases ------------------------------------------------------------------------------------
