"""The graph views built from the repository's own data: what each shows, as of when, and where it puts it."""

from __future__ import annotations

import pytest

from govgraph.errors import InvalidParameter, NotFound
from govgraph.namespaces import GID
from govgraph.questions import Catalogue
from govgraph.settings import Settings
from govgraph.store.embedded import EmbeddedStore
from govgraph.views import View, Views
from govgraph.views.layout import _year
from govgraph.views.model import LEGEND


@pytest.fixture(scope="module")
def views(repo_settings: Settings) -> Views:
    return Views(Catalogue(repo_settings.queries_dir))


def slugs(view: View) -> set[str]:
    return {n.slug for n in view.nodes.values()}


def edge_set(view: View) -> set[tuple[str, str, str]]:
    return {(view.nodes[e.source].slug, e.relation.rsplit("#", 1)[-1], view.nodes[e.target].slug) for e in view.edges}


def test_entity_neighbourhood_holds_direct_relations(views: Views, repo_store: EmbeddedStore) -> None:
    view = views.build(repo_store, "entity", "icann")
    assert view.centre == f"{GID}icann" and view.nodes[view.centre].centre
    assert {"pti", "aso", "city-los-angeles"} <= slugs(view)
    assert ("pti", "subOrganizationOf", "icann") in edge_set(view)
    assert all(view.centre in (e.source, e.target) for e in view.edges)  # depth 1: every edge touches the centre
    assert view.nodes[f"{GID}icann"].key == "technical-community"
    assert view.nodes[f"{GID}icann"].group == "Technical community"


def test_depth_goes_further_out(views: Views, repo_store: EmbeddedStore) -> None:
    one = views.build(repo_store, "entity", "icann", depth=1)
    two = views.build(repo_store, "entity", "icann", depth=2)
    assert slugs(one) < slugs(two)
    assert "dns-root-zone" in slugs(two) - slugs(one)  # through PTI's stewardship


def test_a_crowded_neighbourhood_is_cut_and_says_so(views: Views, repo_store: EmbeddedStore) -> None:
    view = views.build(repo_store, "entity", "igf")
    assert view.truncated and len(view.nodes) <= 60
    # the cut drops members of families (the hundred national initiatives), not the IGF's mandate
    assert ("igf", "mandatedBy", "tunis-agenda") in edge_set(view)


def test_labels_follow_the_language(views: Views, repo_store: EmbeddedStore) -> None:
    view = views.build(repo_store, "entity", "icann", lang="es")
    assert view.nodes[f"{GID}icann"].label.startswith("Corporación para la Asignación")
    assert view.title.startswith("En torno a")


def test_forum_ecosystem_as_of_a_date(views: Views, repo_store: EmbeddedStore) -> None:
    today = views.build(repo_store, "forum", "igf")
    assert {"igf-secretariat", "un-desa"} <= slugs(today)
    during = views.build(repo_store, "forum", "igf", as_of="2023-06-01")  # the Panel's 2022-23 term
    assert {"maria-ressa", "igf-leadership-panel"} <= slugs(during)
    panel = [e for e in during.edges if during.nodes[e.source].slug == "maria-ressa"]
    assert panel and panel[0].start == "2022-08"
    before = views.build(repo_store, "forum", "igf", as_of="2010-06-01")
    assert "maria-ressa" not in slugs(before)  # the Leadership Panel dates from August 2022


def test_lineage_reaches_the_summit_and_the_reviews(views: Views, repo_store: EmbeddedStore) -> None:
    view = views.build(repo_store, "lineage", "igf")
    assert {"tunis-agenda", "wsis", "wsis-plus-10", "wsis-plus-20", "a-res-70-125", "wgig"} <= slugs(view)
    edges = edge_set(view)
    assert ("igf", "mandatedBy", "tunis-agenda") in edges
    assert ("wsis-plus-20", "reviews", "wsis") in edges
    x = {n.slug: n.x for n in view.nodes.values()}
    assert x["wsis"] < x["igf"] < x["a-res-70-125"] < x["wsis-plus-20"]  # a timeline: later is further right
    assert [text for _, text in view.ticks][:2] == ["2003", "2005"]
    assert not any(n.slug.startswith("igf-20") for n in view.nodes.values())  # its own meetings are not lineage


def test_lineage_as_of_leaves_out_what_came_later(views: Views, repo_store: EmbeddedStore) -> None:
    view = views.build(repo_store, "lineage", "igf", as_of="2010-01-01")
    assert "tunis-agenda" in slugs(view)
    assert not {"a-res-70-125", "wsis-plus-20"} & slugs(view)


def test_stewardship_follows_the_iana_transition(views: Views, repo_store: EmbeddedStore) -> None:
    before = edge_set(views.build(repo_store, "stewardship", as_of="2015-01-01"))
    after = edge_set(views.build(repo_store, "stewardship"))
    assert ("ntia", "stewards", "dns-root-zone") in before and ("ntia", "stewards", "dns-root-zone") not in after
    assert ("pti", "stewards", "dns-root-zone") in after and ("pti", "stewards", "dns-root-zone") not in before
    functions = {e.label for e in views.build(repo_store, "stewardship", lang="es").edges}
    assert "desempeña las funciones de la IANA" in functions


def test_views_are_deterministic_and_inside_their_box(views: Views, repo_store: EmbeddedStore) -> None:
    for kind, slug in (("entity", "icann"), ("forum", "igf"), ("lineage", "igf"), ("stewardship", None)):
        first, second = views.build(repo_store, kind, slug), views.build(repo_store, kind, slug)
        assert [(n.iri, n.x, n.y) for n in first.nodes.values()] == [(n.iri, n.x, n.y) for n in second.nodes.values()]
        assert all(0 <= n.x <= first.width and 0 <= n.y <= first.height for n in first.nodes.values())
        assert all(e.source in first.nodes and e.target in first.nodes for e in first.edges)


def test_every_legend_entry_has_its_own_shape() -> None:
    shapes = [e.shape for e in LEGEND.values()]
    assert len(shapes) == len(set(shapes))  # meaning never rests on colour alone
    assert all(e.label["en"] and e.label["es"] for e in LEGEND.values())


@pytest.mark.parametrize(
    ("kind", "slug", "options", "error"),
    [
        ("entity", "no-such-entity", {}, NotFound),
        ("entity", "<script>", {}, NotFound),
        ("map", "igf", {}, NotFound),
        ("entity", "igf", {"as_of": "2019-13-01"}, InvalidParameter),
        ("entity", "igf", {"depth": 4}, InvalidParameter),
    ],
)
def test_bad_requests_are_refused_with_the_reason(
    views: Views, repo_store: EmbeddedStore, kind: str, slug: str, options: dict, error: type
) -> None:
    with pytest.raises(error) as raised:
        views.build(repo_store, kind, slug, **options)
    assert raised.value.hint


def test_a_timeline_month_that_is_not_ascii_digits_counts_as_the_year() -> None:
    assert _year("2019-07-01") == 2019.5 and _year("2019") == 2019.0
    assert _year("2019-²³-01") == 2019.0  # "²³".isdigit() is true and int("²³") fails
