"""Write data/place-names.ttl and data/m49.ttl: country names from CLDR, and the UN M49 regions of each country.

    .venv/bin/python scripts/place_names.py          # write both files
    .venv/bin/python scripts/place_names.py --check  # exit 1 if the committed files differ from what it would write

Names come from the Unicode CLDR release that the pinned Babel ships (`pip install -e '.[data]'`). M49 is the
UN Statistics Division's "Standard country or area codes for statistical use": its codes, English names and
composition are written down below, since Babel carries CLDR's names of the regions but not which countries
they contain. The output is sorted, so the same inputs always give the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

try:
    import babel
    from babel.core import get_cldr_version
except ImportError:  # the one dependency outside the runtime ones
    sys.exit("Babel is missing: pip install -e '.[data]' / Falta Babel: pip install -e '.[data]'")

from govgraph.namespaces import GG, GID, RDF_TYPE, RDFS
from govgraph.rdf import from_triple, literal, parse_rdf

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.ttl"
PLACE_NAMES = ROOT / "data" / "place-names.ttl"
M49_FILE = ROOT / "data" / "m49.ttl"
COMMAND = ".venv/bin/python scripts/place_names.py"

# The six official languages of the UN, and Portuguese.
LANGUAGES = ("ar", "en", "es", "fr", "pt", "ru", "zh")

CLDR_VERSION = get_cldr_version()
CLDR_RELEASE = f"https://cldr.unicode.org/index/downloads/cldr-{CLDR_VERSION}"
M49_PAGE = "https://unstats.un.org/unsd/methodology/m49/overview/"

PREFIXES = """\
@prefix gg:   <https://w3id.org/govgraph/ontology#> .
@prefix gid:  <https://w3id.org/govgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:  <http://purl.org/dc/terms/> .
"""

# The M49 geographic regions: code -> (English name, code of the region it lies in). The five continental
# regions lie in the World (001), which is left out: every country is in it.
M49_REGIONS: dict[str, tuple[str, str | None]] = {
    "002": ("Africa", None),
    "009": ("Oceania", None),
    "019": ("Americas", None),
    "142": ("Asia", None),
    "150": ("Europe", None),
    "015": ("Northern Africa", "002"),
    "202": ("Sub-Saharan Africa", "002"),
    "011": ("Western Africa", "202"),
    "014": ("Eastern Africa", "202"),
    "017": ("Middle Africa", "202"),
    "018": ("Southern Africa", "202"),
    "021": ("Northern America", "019"),
    "419": ("Latin America and the Caribbean", "019"),
    "005": ("South America", "419"),
    "013": ("Central America", "419"),
    "029": ("Caribbean", "419"),
    "030": ("Eastern Asia", "142"),
    "034": ("Southern Asia", "142"),
    "035": ("South-eastern Asia", "142"),
    "143": ("Central Asia", "142"),
    "145": ("Western Asia", "142"),
    "039": ("Southern Europe", "150"),
    "151": ("Eastern Europe", "150"),
    "154": ("Northern Europe", "150"),
    "155": ("Western Europe", "150"),
    "053": ("Australia and New Zealand", "009"),
    "054": ("Melanesia", "009"),
    "057": ("Micronesia", "009"),
    "061": ("Polynesia", "009"),
}

# The countries and areas (ISO 3166-1 alpha-2) of the smallest M49 region each lies in. M49 gives Antarctica
# no region and does not list Taiwan; the intermediate region Channel Islands (830) is left out.
M49_MEMBERS: dict[str, str] = {
    "005": "AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE",
    "011": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "013": "BZ CR GT HN MX NI PA SV",
    "014": "BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TF TZ UG YT ZM ZW",
    "015": "DZ EG EH LY MA SD TN",
    "017": "AO CD CF CG CM GA GQ ST TD",
    "018": "BW LS NA SZ ZA",
    "021": "BM CA GL PM US",
    "029": "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
    "030": "CN HK JP KP KR MN MO",
    "034": "AF BD BT IN IR LK MV NP PK",
    "035": "BN ID KH LA MM MY PH SG TH TL VN",
    "039": "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA",
    "053": "AU CC CX HM NF NZ",
    "054": "FJ NC PG SB VU",
    "057": "FM GU KI MH MP NR PW UM",
    "061": "AS CK NU PF PN TK TO TV WF WS",
    "143": "KG KZ TJ TM UZ",
    "145": "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "151": "BG BY CZ HU MD PL RO RU SK UA",
    "154": "AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ",
    "155": "AT BE CH DE FR LI LU MC NL",
}
NOT_IN_M49 = frozenset({"AQ", "TW"})

# CLDR names 419 "Latin America" (and so in every language), where M49 names Latin America and the Caribbean:
# M49's own names on the UNSD page replace them. UNSD has no Portuguese page, so 419 has no Portuguese name.
M49_NAMES: dict[str, dict[str, str]] = {
    "419": {
        "ar": "أمريكا اللاتينية ومنطقة البحر الكاريبي",
        "es": "América Latina y el Caribe",
        "fr": "Amérique latine et Caraïbes",
        "ru": "Латинская Америка и Карибский бассейн",
        "zh": "拉丁美洲和加勒比",
    }
}


@dataclass(frozen=True)
class Country:
    iri: str
    code: str
    labels: dict[str, str]  # language -> the label places.ttl already gives


def read_countries(places: Path) -> list[Country]:
    """Every gg:Country of places.ttl with its ISO code and its labels, sorted by IRI."""
    codes: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = {}
    countries: set[str] = set()
    for triple in parse_rdf(places.read_bytes(), "turtle", source=str(places)):
        subject, predicate, obj = from_triple(triple)
        if predicate.value == RDF_TYPE and obj.value == GG + "Country":
            countries.add(subject.value)
        elif predicate.value == GG + "iso3166Code":
            codes[subject.value] = obj.value
        elif predicate.value == RDFS + "label" and obj.lang:
            labels.setdefault(subject.value, {})[obj.lang] = obj.value
    return [Country(iri, codes[iri], labels.get(iri, {})) for iri in sorted(countries)]


def cldr_name(code: str, lang: str) -> str:
    return str(babel.Locale(lang).territories[code])


def m49_regions_of(code: str) -> list[str]:
    """The M49 regions a country lies in, smallest first; none for an area M49 gives no region."""
    if code in NOT_IN_M49:
        return []
    leaf = next((region for region, members in M49_MEMBERS.items() if code in members.split()), None)
    if leaf is None:
        raise SystemExit(
            f"{code} is not in the M49 table of {Path(__file__).name}: add it from {M49_PAGE}"
            f" / {code} no está en la tabla M49 de {Path(__file__).name}: añádalo desde {M49_PAGE}"
        )
    chain: list[str] = []
    region: str | None = leaf
    while region is not None:
        chain.append(region)
        region = M49_REGIONS[region][1]
    return chain


def m49_names(code: str) -> dict[str, str]:
    """A region's name in each language: M49's English name, CLDR's in the others unless M49's replaces it."""
    if code in M49_NAMES:
        return {"en": M49_REGIONS[code][0], **M49_NAMES[code]}
    return {lang: M49_REGIONS[code][0] if lang == "en" else cldr_name(code, lang) for lang in LANGUAGES}


def gid(iri: str) -> str:
    return "gid:" + iri[len(GID) :]


def labels(names: dict[str, str]) -> str:
    return " , ".join(literal(names[lang], lang=lang).n3() for lang in sorted(names))


def place_names(countries: Iterable[Country]) -> str:
    """data/place-names.ttl: each country's CLDR name in every language places.ttl gives it none in."""
    out = [
        "# place-names.ttl: the names of the countries of places.ttl in the six UN languages and Portuguese, as the",
        f"# Unicode Common Locale Data Repository (CLDR {CLDR_VERSION}, https://cldr.unicode.org/) gives them.",
        f"# Generated by `{COMMAND}` (Babel {babel.__version__}) from data/places.ttl: do not edit it by hand.",
        "# Only the languages a country has no label in: where places.ttl names it, that name stays.",
        PREFIXES,
    ]
    for country in countries:
        missing = {lang: cldr_name(country.code, lang) for lang in LANGUAGES if lang not in country.labels}
        if missing:
            out.append(f"{gid(country.iri)} rdfs:label {labels(missing)} ;\n    dct:source <{CLDR_RELEASE}> .\n")
    return "\n".join(out)


def m49(countries: Iterable[Country]) -> str:
    """data/m49.ttl: the M49 scheme, its regions with their names and nesting, and each country's regions."""
    out = [
        "# m49.ttl: the geographic regions of the UN Standard country or area codes for statistical use (M49), and the",
        "# region, sub-region and intermediate region of each country of places.ttl. Codes, English names and which",
        "# country lies where: the UN Statistics Division,",
        f"# {M49_PAGE}; the names in the other languages: CLDR {CLDR_VERSION}, which",
        "# names the regions by their M49 codes (except 419, named in each language as on the UNSD page).",
        f"# Generated by `{COMMAND}` (Babel {babel.__version__}) from data/places.ttl: do not edit it by hand.",
        PREFIXES,
        "gid:m49 a skos:ConceptScheme ;",
        '    rdfs:label "UN M49 geographic regions"@en , "Regiones geográficas M49 de la ONU"@es ;',
        f"    dct:source <{M49_PAGE}> .\n",
    ]
    for code in sorted(M49_REGIONS):
        parent = M49_REGIONS[code][1]
        nesting = f"skos:broader gid:m49-{parent}" if parent else "skos:topConceptOf gid:m49"
        out.append(
            f"gid:m49-{code} a gg:Region , skos:Concept ;\n"
            f"    rdfs:label {labels(m49_names(code))} ;\n"
            f'    skos:notation "{code}" ; skos:inScheme gid:m49 ; {nesting} ;\n'
            f"    dct:source <{M49_PAGE}> , <{CLDR_RELEASE}> .\n"
        )
    for country in countries:
        regions = sorted(m49_regions_of(country.code))
        if regions:
            objects = " , ".join(f"gid:m49-{region}" for region in regions)
            out.append(f"{gid(country.iri)} gg:region {objects} ;\n    dct:source <{M49_PAGE}> .\n")
    return "\n".join(out)


def outputs(places: Path = PLACES) -> dict[Path, str]:
    """What each generated file should hold."""
    countries = read_countries(places)
    return {PLACE_NAMES: place_names(countries), M49_FILE: m49(countries)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files; write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.relative_to(ROOT))
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        names = ", ".join(map(str, stale))
        print(f"Out of date: {names}; run {COMMAND} / Desactualizado: {names}; ejecute {COMMAND}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
