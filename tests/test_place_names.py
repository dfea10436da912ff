"""scripts/place_names.py and what it writes: data/place-names.ttl (CLDR names) and data/m49.ttl (UN M49 regions).

The committed files must be exactly what the script writes today, so a change to places.ttl, to the M49 table
or to the pinned Babel shows up here until the files are regenerated.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from govgraph.namespaces import GID, RDFS
from govgraph.rdf import from_triple, parse_rdf, statement
from govgraph.store.embedded import EmbeddedStore
from tests.fixtures import ROOT

try:
    import babel  # noqa: F401  (the script needs it; say how to get it rather than skip)
except ImportError:
    pytest.fail("Babel is missing: pip install -e '.[data]' (or '.[test]', which includes it)", pytrace=False)

LABEL = f"{RDFS}label"
PLACES = ROOT / "data" / "places.ttl"
SEVEN = {"ar", "en", "es", "fr", "pt", "ru", "zh"}


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("place_names", ROOT / "scripts" / "place_names.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


place_names = load_script()


def labels_by_country(*paths: Path) -> dict[str, dict[str, list[str]]]:
    """slug -> language -> every rdfs:label of a country IRI in the given files."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        for triple in parse_rdf(path.read_bytes(), "turtle", source=str(path)):
            s, p, o = from_triple(triple)
            if p.value == LABEL and s.value.startswith(GID + "country-") and o.lang:
                found[s.value[len(GID) :]][o.lang].append(o.value)
    return found


def regions_of(store: EmbeddedStore, country: str) -> set[str]:
    query = f"SELECT ?r WHERE {{ <{GID}{country}> gg:region ?r }}"
    return {r["r"].value[len(GID) :] for r in store.query(query).records()}


def test_committed_files_are_what_the_script_writes() -> None:
    for path, text in place_names.outputs().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run {place_names.COMMAND}"


def test_check_mode_passes_on_the_committed_files() -> None:
    assert place_names.main(["--check"]) == 0


def test_output_does_not_depend_on_the_order_of_places_ttl(tmp_path: Path) -> None:
    shuffled = tmp_path / "places.nt"  # N-Triples is Turtle too: the same statements, in reverse order
    triples = parse_rdf(PLACES.read_bytes(), "turtle", source=str(PLACES))
    shuffled.write_text("".join(f"{statement(t)}\n" for t in reversed(triples)), encoding="utf-8")
    assert place_names.outputs(shuffled) == place_names.outputs()


def test_every_country_ends_with_exactly_one_label_in_each_of_the_seven_languages() -> None:
    labels = labels_by_country(PLACES, place_names.PLACE_NAMES)
    assert len(labels) == 80
    for country, by_language in labels.items():
        assert set(by_language) == SEVEN, country
        assert all(len(names) == 1 for names in by_language.values()), (country, dict(by_language))


def test_labels_places_ttl_already_has_are_kept_not_replaced() -> None:
    curated = labels_by_country(PLACES)
    added = labels_by_country(place_names.PLACE_NAMES)
    # places.ttl says "Russian Federation" and "Federación de Rusia" where CLDR says "Russia" and "Rusia"
    assert curated["country-ru"]["en"] == ["Russian Federation"]
    assert set(added["country-ru"]) == {"ar", "ru", "zh"}
    assert all(not set(added[c]) & set(curated[c]) for c in added)


def test_names_are_cldrs() -> None:
    added = labels_by_country(place_names.PLACE_NAMES)
    assert dict(added["country-br"]) == {"ar": ["البرازيل"], "ru": ["Бразилия"], "zh": ["巴西"]}
    assert dict(added["country-jp"]) == {"ar": ["اليابان"], "ru": ["Япония"], "zh": ["日本"]}
    text = place_names.PLACE_NAMES.read_text(encoding="utf-8")
    assert "(CLDR 49, https://cldr.unicode.org/)" in text
    assert text.count("dct:source <https://cldr.unicode.org/index/downloads/cldr-49> .") == 80


def test_every_m49_area_of_the_table_is_a_known_region_and_each_country_is_in_one() -> None:
    members = [code for codes in place_names.M49_MEMBERS.values() for code in codes.split()]
    assert set(place_names.M49_MEMBERS) <= set(place_names.M49_REGIONS)
    assert len(members) == len(set(members)) == 247  # the 249 areas of M49's list less Antarctica, and Taiwan
    assert not set(members) & place_names.NOT_IN_M49


def test_a_country_missing_from_the_m49_table_stops_the_script_and_says_where_to_look() -> None:
    bilingual = r"ZZ is not in the M49 table .*unstats\.un\.org.* / ZZ no está en la tabla M49"
    with pytest.raises(SystemExit, match=bilingual):
        place_names.m49_regions_of("ZZ")


@pytest.mark.parametrize(
    ("country", "regions"),
    [
        ("country-br", {"m49-019", "m49-419", "m49-005"}),
        ("country-mx", {"m49-019", "m49-419", "m49-013"}),
        ("country-ht", {"m49-019", "m49-419", "m49-029"}),
        ("country-us", {"m49-019", "m49-021"}),
        ("country-ke", {"m49-002", "m49-202", "m49-014"}),
        ("country-eg", {"m49-002", "m49-015"}),
        ("country-de", {"m49-150", "m49-155"}),
        ("country-hk", {"m49-142", "m49-030"}),
        ("country-au", {"m49-009", "m49-053"}),
        ("country-tw", set()),  # M49 does not list Taiwan
    ],
)
def test_country_lies_in_its_m49_region_and_sub_region(repo_store: EmbeddedStore, country: str, regions: set) -> None:
    assert regions_of(repo_store, country) == regions


def test_every_other_country_has_one_m49_region_and_one_sub_region(repo_store: EmbeddedStore) -> None:
    rows = repo_store.query(
        """SELECT ?c (COUNT(DISTINCT ?top) AS ?tops) (COUNT(DISTINCT ?sub) AS ?subs) WHERE {
             ?c a gg:Country .
             OPTIONAL { ?c gg:region ?top . ?top skos:topConceptOf gid:m49 }
             OPTIONAL { ?c gg:region ?sub . ?sub skos:broader ?top2 . ?top2 skos:topConceptOf gid:m49 }
           } GROUP BY ?c"""
    ).records()
    counts = {r["c"].value[len(GID) :]: (int(r["tops"].value), int(r["subs"].value)) for r in rows}
    assert len(counts) == 80
    assert {c for c, n in counts.items() if n != (1, 1)} == {"country-tw"}


def test_m49_regions_nest_and_are_named_in_seven_languages(repo_store: EmbeddedStore) -> None:
    rows = repo_store.query(
        """SELECT ?r ?code ?broader (COUNT(DISTINCT LANG(?l)) AS ?langs) WHERE {
             ?r skos:inScheme gid:m49 ; skos:notation ?code ; rdfs:label ?l .
             OPTIONAL { ?r skos:broader ?broader }
           } GROUP BY ?r ?code ?broader"""
    ).records()
    regions = {r["code"].value: r for r in rows}
    assert len(regions) == 29
    assert regions["419"]["broader"].value == GID + "m49-019"
    assert regions["005"]["broader"].value == GID + "m49-419"
    assert "broader" not in regions["002"]
    # 419: M49's own names in the six UN languages; UNSD gives none in Portuguese
    assert {code: int(r["langs"].value) for code, r in regions.items() if int(r["langs"].value) != 7} == {"419": 6}
    names = {
        r["l"].value
        for r in repo_store.query(f"SELECT ?l WHERE {{ <{GID}m49-419> rdfs:label ?l }}").records()
        if r["l"].lang in ("en", "es")
    }
    assert names == {"Latin America and the Caribbean", "América Latina y el Caribe"}
