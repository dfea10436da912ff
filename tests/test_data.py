"""The curated data itself, asked through SPARQL over the real built store.

Three kinds of tests: coverage floors (what the dataset must keep covering), quality rules (sources and labels on
everything), and spot checks of individual facts against /work/shared/reference/facts.md (and, for the IGF themes,
MAG chairs and first regional meetings, against the pages cited in the data). Every test asserts exact values, so a
wrong, missing or duplicated fact makes it fail.
"""

from __future__ import annotations

import re

import pytest

from govgraph.namespaces import GID, XSD
from govgraph.store.embedded import EmbeddedStore
from tests.fixtures import short, store_asks

DATA_GRAPH = "https://w3id.org/govgraph/graph/data/"


def rows(store: EmbeddedStore, sparql: str) -> list[dict[str, str]]:
    """SELECT rows as dicts of plain string values (IRIs in gid: shortened to their slug)."""
    out = []
    for record in store.query(sparql).records():
        out.append({k: short(v.value) for k, v in record.items()})
    return out


def values(store: EmbeddedStore, sparql: str, var: str = "x") -> set[str]:
    return {r[var] for r in rows(store, sparql) if var in r}


def one(store: EmbeddedStore, sparql: str, var: str = "x") -> str:
    found = values(store, sparql, var)
    assert len(found) == 1, f"expected exactly one ?{var}, got {sorted(found)}"
    return found.pop()


def in_data_graph(var: str) -> str:
    return f'FILTER (STRSTARTS(STR(?g), "{DATA_GRAPH}") && STRSTARTS(STR({var}), "{GID}"))'


#################################################################
# Coverage floors
#################################################################

# year: (edition, city, ISO code of the country, host government, start, end) — facts.md section 1e.
IGF_MEETINGS = {
    2006: (1, "city-athens", "GR", "government-gr", "2006-10-30", "2006-11-02"),
    2007: (2, "city-rio-de-janeiro", "BR", "government-br", "2007-11-12", "2007-11-15"),
    2008: (3, "city-hyderabad", "IN", "government-in", "2008-12-03", "2008-12-06"),
    2009: (4, "city-sharm-el-sheikh", "EG", "government-eg", "2009-11-15", "2009-11-18"),
    2010: (5, "city-vilnius", "LT", "government-lt", "2010-09-14", "2010-09-17"),
    2011: (6, "city-nairobi", "KE", "government-ke", "2011-09-27", "2011-09-30"),
    2012: (7, "city-baku", "AZ", "government-az", "2012-11-06", "2012-11-09"),
    2013: (8, "city-bali", "ID", "government-id", "2013-10-22", "2013-10-25"),
    2014: (9, "city-istanbul", "TR", "government-tr", "2014-09-02", "2014-09-05"),
    2015: (10, "city-joao-pessoa", "BR", "government-br", "2015-11-10", "2015-11-13"),
    2016: (11, "city-guadalajara", "MX", "government-mx", "2016-12-06", "2016-12-09"),
    2017: (12, "city-geneva", "CH", "government-ch", "2017-12-18", "2017-12-21"),
    2018: (13, "city-paris", "FR", "government-fr", "2018-11-12", "2018-11-14"),
    2019: (14, "city-berlin", "DE", "government-de", "2019-11-25", "2019-11-29"),
    2020: (15, None, None, "united-nations", "2020-11-02", "2020-11-17"),
    2021: (16, "city-katowice", "PL", "government-pl", "2021-12-06", "2021-12-10"),
    2022: (17, "city-addis-ababa", "ET", "government-et", "2022-11-28", "2022-12-02"),
    2023: (18, "city-kyoto", "JP", "government-jp", "2023-10-08", "2023-10-12"),
    2024: (19, "city-riyadh", "SA", "government-sa", "2024-12-15", "2024-12-19"),
    2025: (20, "city-lillestrom", "NO", "government-no", "2025-06-23", "2025-06-27"),
}

# Meetings that lack a place or a host government, and what the data's skos:note must say about why.
DOCUMENTED_GAPS = {
    "igf-2020": ({"city", "country", "host"}, "No host government, city or country"),
}


def test_all_twenty_annual_igf_meetings_are_present(repo_store: EmbeddedStore) -> None:
    found = rows(repo_store, "SELECT ?m ?n WHERE { ?m a gg:Meeting ; gg:meetingOf gid:igf ; gg:editionNumber ?n }")
    assert sorted(int(r["n"]) for r in found) == list(range(1, 21))
    assert {r["m"] for r in found} == {f"igf-{year}" for year in range(2006, 2026)}


def test_every_igf_meeting_has_typed_start_and_end_dates(repo_store: EmbeddedStore) -> None:
    found = repo_store.query(
        "SELECT ?m ?s ?e WHERE { ?m gg:meetingOf gid:igf ; gg:startDate ?s ; gg:endDate ?e }"
    ).records()
    assert len(found) == 20
    for r in found:
        assert r["s"].datatype == XSD + "date" and r["e"].datatype == XSD + "date", r["m"].value
        assert r["s"].value <= r["e"].value


def test_igf_meetings_have_place_and_host_except_where_documented(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?m ?city ?country ?host WHERE { ?m gg:meetingOf gid:igf ; gg:editionNumber ?n .
           OPTIONAL { ?m gg:location ?city } OPTIONAL { ?m gg:country ?country }
           OPTIONAL { ?m gg:hostedBy ?host . ?host a gg:Government } }""",
    )
    missing = {}
    for r in found:
        gaps = {part for part in ("city", "country", "host") if part not in r}
        if gaps:
            missing[r["m"]] = gaps
    assert missing == {m: gaps for m, (gaps, _) in DOCUMENTED_GAPS.items()}


@pytest.mark.parametrize("meeting", sorted(DOCUMENTED_GAPS))
def test_each_missing_place_or_host_is_explained_in_a_note(repo_store: EmbeddedStore, meeting: str) -> None:
    notes = values(repo_store, f'SELECT ?x WHERE {{ gid:{meeting} skos:note ?x FILTER (LANG(?x) = "en") }}')
    assert any(DOCUMENTED_GAPS[meeting][1] in note for note in notes), notes


def test_igf_2020_was_online(repo_store: EmbeddedStore) -> None:
    assert one(repo_store, "SELECT ?x WHERE { gid:igf-2020 gg:online ?x }") == "true"


def test_every_igf_meeting_has_an_english_theme(repo_store: EmbeddedStore) -> None:
    themed = values(repo_store, 'SELECT ?x WHERE { ?x gg:meetingOf gid:igf ; gg:theme ?t FILTER (LANG(?t) = "en") }')
    assert themed == {f"igf-{year}" for year in range(2006, 2026)}


def test_at_least_60_national_and_regional_initiatives_fully_described(repo_store: EmbeddedStore) -> None:
    complete = values(
        repo_store,
        """SELECT ?x WHERE { ?x a gg:NationalRegionalInitiative ; gg:nriType ?t ; gg:subProcessOf gid:igf .
           ?t skos:inScheme gid:nri-types . FILTER EXISTS { ?x gg:country|gg:region ?where } }""",
    )
    every = values(repo_store, "SELECT ?x WHERE { ?x a gg:NationalRegionalInitiative }")
    assert len(complete) >= 60
    assert every == complete, sorted(every - complete)


def test_nris_cover_all_four_types(repo_store: EmbeddedStore) -> None:
    types = values(repo_store, "SELECT ?x WHERE { ?n a gg:NationalRegionalInitiative ; gg:nriType ?x }")
    assert types == {"national-initiative", "subregional-initiative", "regional-initiative", "youth-initiative"}


def test_the_five_rirs_are_members_of_the_nro(repo_store: EmbeddedStore) -> None:
    members = values(repo_store, "SELECT ?x WHERE { ?r a org:Membership ; org:organization gid:nro ; org:member ?x }")
    assert members == {"afrinic", "apnic", "arin", "lacnic", "ripe-ncc"}
    assert store_asks(repo_store, 'gid:nro a gg:Organization ; gg:founded "2003"^^xsd:gYear')


def test_each_rir_stewards_ip_addresses_and_as_numbers(repo_store: EmbeddedStore) -> None:
    for resource in ("ip-address-space", "as-numbers"):
        stewards = values(repo_store, f"SELECT ?x WHERE {{ ?x gg:stewards gid:{resource} }}")
        assert {"afrinic", "apnic", "arin", "lacnic", "ripe-ncc"} <= stewards


def test_thirteen_root_server_identities_run_by_twelve_operators(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?server ?operator WHERE { ?server a gg:RootServer .
           OPTIONAL { ?r a gg:Stewardship ; gg:resource ?server ; gg:steward ?operator } }""",
    )
    servers = {r["server"] for r in found}
    assert servers == {f"root-server-{letter}" for letter in "abcdefghijklm"}
    assert all("operator" in r for r in found), [r["server"] for r in found if "operator" not in r]
    assert len({r["operator"] for r in found}) == 12
    assert len(found) == 13  # exactly one stewardship record per identity


def test_wsis_has_its_two_phases_with_outcome_documents(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?phase ?start ?doc WHERE { ?phase gg:meetingOf gid:wsis ; gg:startDate ?start .
           ?doc gg:outcomeOf ?phase ; a gg:OutcomeDocument }""",
    )
    by_phase: dict[str, set[str]] = {}
    for r in found:
        by_phase.setdefault(f"{r['phase']} {r['start']}", set()).add(r["doc"])
    assert by_phase == {
        "wsis-2003-geneva 2003-12-10": {"geneva-declaration-of-principles", "geneva-plan-of-action"},
        "wsis-2005-tunis 2005-11-16": {"tunis-agenda", "tunis-commitment"},
    }


def test_wsis_plus_10_and_plus_20_review_wsis(repo_store: EmbeddedStore) -> None:
    reviewers = values(repo_store, "SELECT ?x WHERE { ?x a gg:ReviewProcess ; gg:reviews gid:wsis }")
    assert reviewers == {"wsis-plus-10", "wsis-plus-20"}
    assert values(repo_store, "SELECT ?x WHERE { gid:wsis gg:reviewedBy ?x }") == reviewers


def test_gdc_adopted_on_22_september_2024(repo_store: EmbeddedStore) -> None:
    found = repo_store.query("SELECT ?d WHERE { gid:gdc gg:adoptedOn ?d }").records()
    assert [(r["d"].value, r["d"].datatype) for r in found] == [("2024-09-22", XSD + "date")]


def test_isoc_declines_to_endorse_the_gdc(repo_store: EmbeddedStore) -> None:
    assert values(repo_store, "SELECT ?x WHERE { ?x gg:declinesToEndorse gid:gdc }") == {"isoc"}
    assert not store_asks(repo_store, "gid:isoc gg:endorses gid:gdc")
    record = rows(
        repo_store,
        """SELECT ?r ?on ?src WHERE { ?r a gg:Position ; gg:positionHolder gid:isoc ; gg:positionOn gid:gdc ;
           gg:stance gg:DeclineToEndorse ; gg:attestedOn ?on ; dct:source ?src }""",
    )
    assert [(r["on"], r["src"]) for r in record] == [("2025-01-22", "https://internetsociety.org/?p=218887")]


def test_every_stakeholder_has_a_stakeholder_group(repo_store: EmbeddedStore) -> None:
    lacking = values(
        repo_store,
        """SELECT ?x WHERE { ?x a gg:Stakeholder FILTER NOT EXISTS {
           ?x gg:stakeholderGroup ?g . ?g skos:inScheme gid:stakeholder-groups } }""",
    )
    assert lacking == set()
    assert len(values(repo_store, "SELECT ?x WHERE { ?x a gg:Stakeholder }")) >= 150


def test_every_country_has_one_iso_code_matching_its_iri(repo_store: EmbeddedStore) -> None:
    found = rows(repo_store, "SELECT ?c ?code WHERE { ?c a gg:Country OPTIONAL { ?c gg:iso3166Code ?code } }")
    assert len(found) >= 60
    bad = [r for r in found if r.get("code") is None or r["c"] != "country-" + r["code"].lower()]
    assert bad == []
    assert all(re.fullmatch(r"[A-Z]{2}", r["code"]) for r in found)
    assert len({r["code"] for r in found}) == len(found)


def test_policy_issue_scheme_has_at_least_8_issues_each_addressed(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?issue (COUNT(DISTINCT ?by) AS ?n) WHERE { ?issue a gg:PolicyIssue ; skos:inScheme gid:policy-issues .
           OPTIONAL { ?issue gg:addressedBy ?by .
                      FILTER EXISTS { ?by a ?k VALUES ?k { gg:GovernanceProcess gg:Document gg:Organization } } } }
           GROUP BY ?issue""",
    )
    assert len(found) >= 8
    assert [r["issue"] for r in found if int(r["n"]) == 0] == []


#################################################################
# Quality
#################################################################


def test_every_typed_gid_subject_in_a_data_graph_has_a_source(repo_store: EmbeddedStore) -> None:
    typed = values(repo_store, f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a ?t }} {in_data_graph('?x')} }}")
    unsourced = values(
        repo_store,
        f"""SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a ?t }} {in_data_graph("?x")}
            FILTER NOT EXISTS {{ ?x dct:source ?s FILTER (isIRI(?s) && REGEX(STR(?s), "^https?://")) }} }}""",
    )
    assert len(typed) >= 500
    assert unsourced == set()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_typed_gid_subject_in_a_data_graph_has_a_label(repo_store: EmbeddedStore, lang: str) -> None:
    unlabelled = values(
        repo_store,
        f"""SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a ?t }} {in_data_graph("?x")}
            FILTER NOT EXISTS {{ ?x rdfs:label ?l FILTER (LANG(?l) = "{lang}") }} }}""",
    )
    assert unlabelled == set()


def test_every_qualified_relation_has_a_source(repo_store: EmbeddedStore) -> None:
    records = values(repo_store, "SELECT DISTINCT ?x WHERE { ?x a gg:QualifiedRelation }")
    unsourced = values(
        repo_store, "SELECT DISTINCT ?x WHERE { ?x a gg:QualifiedRelation FILTER NOT EXISTS { ?x dct:source ?s } }"
    )
    assert len(records) >= 100
    assert unsourced == set()


def test_one_record_per_role_however_often_attested(repo_store: EmbeddedStore) -> None:
    # Repeated attestations of one role are one record with several gg:attestedOn; a second record of the same
    # agent in the same seat is only a separate term, which has dates of its own (a start or an end).
    twins = rows(
        repo_store,
        """SELECT ?a ?b WHERE {
             { ?a a org:Membership ; org:member ?who ; org:organization|gg:roleIn ?in ; org:role ?as .
               ?b a org:Membership ; org:member ?who ; org:organization|gg:roleIn ?in ; org:role ?as }
             UNION { ?a a gg:Stewardship ; gg:steward ?who ; gg:resource ?in ; gg:stewardshipFunction ?as .
                     ?b a gg:Stewardship ; gg:steward ?who ; gg:resource ?in ; gg:stewardshipFunction ?as }
             UNION { ?a a gg:Funding ; gg:funder ?who ; gg:fundedEntity ?in .
                     ?b a gg:Funding ; gg:funder ?who ; gg:fundedEntity ?in }
             UNION { ?a a gg:Position ; gg:positionHolder ?who ; gg:positionOn ?in .
                     ?b a gg:Position ; gg:positionHolder ?who ; gg:positionOn ?in }
             FILTER (STR(?a) < STR(?b))
             FILTER NOT EXISTS { ?a gg:startDate|gg:endDate ?dated }
             FILTER NOT EXISTS { ?b gg:startDate|gg:endDate ?dated } }""",
    )
    assert twins == []


def test_every_qualified_relation_is_dated_or_attested(repo_store: EmbeddedStore) -> None:
    undated = values(
        repo_store,
        """SELECT DISTINCT ?x WHERE { ?x a gg:QualifiedRelation
           FILTER NOT EXISTS { ?x gg:startDate|gg:endDate|gg:attestedOn ?d }
           FILTER NOT EXISTS { ?x a gg:Stewardship } FILTER NOT EXISTS { ?x a gg:Funding } }""",
    )
    assert undated == set()


#################################################################
# Spot checks: IGF annual meetings (facts.md 1e)
#################################################################


@pytest.mark.parametrize("year", sorted(IGF_MEETINGS))
def test_igf_meeting_facts(repo_store: EmbeddedStore, year: int) -> None:
    edition, city, iso, host, start, end = IGF_MEETINGS[year]
    found = rows(
        repo_store,
        f"""SELECT ?n ?city ?iso ?host ?start ?end WHERE {{
            gid:igf-{year} gg:editionNumber ?n ; gg:startDate ?start ; gg:endDate ?end .
            OPTIONAL {{ gid:igf-{year} gg:location ?city }}
            OPTIONAL {{ gid:igf-{year} gg:country ?c . ?c gg:iso3166Code ?iso }}
            OPTIONAL {{ gid:igf-{year} gg:hostedBy ?host }} }}""",
    )
    assert found == [
        {
            k: v
            for k, v in {"n": str(edition), "city": city, "iso": iso, "host": host, "start": start, "end": end}.items()
            if v is not None
        }
    ]


def test_igf_2015_host_government_and_city(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?gov ?city WHERE { gid:igf-2015 gg:hostedBy ?h ; gg:location ?c .
           ?h gg:governmentOf/rdfs:label ?gov . ?c rdfs:label ?city
           FILTER (LANG(?gov) = "en" && LANG(?city) = "en") }""",
    )
    assert len(found) == 1
    assert "Brazil" in found[0]["gov"] and found[0]["city"] == "João Pessoa"


def test_igf_2010_follows_the_invitation_and_notes_the_november_claim(repo_store: EmbeddedStore) -> None:
    assert rows(repo_store, "SELECT ?s ?e WHERE { gid:igf-2010 gg:startDate ?s ; gg:endDate ?e }") == [
        {"s": "2010-09-14", "e": "2010-09-17"}
    ]
    note = one(repo_store, 'SELECT ?x WHERE { gid:igf-2010 skos:note ?x FILTER (LANG(?x) = "en") }')
    assert "November 2010" in note and "press.un.org/en/2016/pi2159" in note and "14–17 September 2010" in note


def test_igf_2008_was_in_hyderabad_not_delhi(repo_store: EmbeddedStore) -> None:
    assert one(repo_store, 'SELECT ?x WHERE { gid:igf-2008 gg:location/rdfs:label ?x FILTER (LANG(?x) = "en") }') == (
        "Hyderabad"
    )
    note = one(repo_store, 'SELECT ?x WHERE { gid:igf-2008 skos:note ?x FILTER (LANG(?x) = "en") }')
    assert "Delhi" in note and "isoc-ny.org/123" in note


def test_igf_2011_nairobi_was_hosted_by_kenya_at_the_un_office(repo_store: EmbeddedStore) -> None:
    assert one(repo_store, "SELECT ?x WHERE { gid:igf-2011 gg:hostedBy ?x }") == "government-ke"
    assert one(repo_store, "SELECT ?x WHERE { gid:igf-2011 gg:location ?x }") == "city-nairobi"
    note = one(repo_store, 'SELECT ?x WHERE { gid:igf-2011 skos:note ?x FILTER (LANG(?x) = "en") }')
    assert "Kenyan government expressed interest in hosting" in note and "UNON" in note
    assert "https://intgovforum.org/en/content/opening-ceremony-0" in values(
        repo_store, "SELECT ?x WHERE { gid:igf-2011 dct:source ?x }"
    )


THEMES = {
    2006: "Internet Governance for Development",
    2008: "Internet for All",
    2010: "IGF 2010 – developing the future together",
    2013: "Building Bridges – Enhancing Multistakeholder Cooperation for Growth and Sustainable Development",
    2014: "Connecting Continents for Enhanced Multistakeholder Internet Governance",
    2015: "Evolution of Internet Governance: Empowering Sustainable Development",
    2016: "Enabling Inclusive and Sustainable Growth",
    2017: "Shape your digital future",
    2018: "Internet of Trust",
    2019: "One World. One Net. One Vision.",
    2021: "Internet United",
    2022: "Resilient Internet for a Shared Sustainable and Common Future",
    2023: "The Internet We Want - Empowering All People",
    2024: "Building our Multistakeholder Digital Future",
    2025: "Building Digital Governance Together",
}


@pytest.mark.parametrize("year", sorted(THEMES))
def test_igf_theme(repo_store: EmbeddedStore, year: int) -> None:
    assert values(repo_store, f"SELECT ?x WHERE {{ gid:igf-{year} gg:theme ?x }}") == {THEMES[year]}


#################################################################
# Spot checks: IGF bodies, mandate and people (facts.md 1a, 1b, 1d)
#################################################################


def test_mag_chair_attested_2024_is_carol_roach(repo_store: EmbeddedStore) -> None:
    chairs = values(
        repo_store,
        """SELECT ?x WHERE { ?r org:organization gid:mag ; org:role gid:role-chair ;
           gg:attestedOn "2024"^^xsd:gYear ; org:member/rdfs:label ?x FILTER (LANG(?x) = "en") }""",
    )
    assert chairs == {"Carol Roach"}


def test_carol_roach_chairs_the_2025_mag_too_in_one_record(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?r ?d WHERE { ?r org:organization gid:mag ; org:role gid:role-chair ; org:member gid:carol-roach ;
           gg:attestedOn ?d }""",
    )
    assert sorted((r["r"], r["d"]) for r in found) == [
        ("membership-carol-roach-mag-2024", "2024"),
        ("membership-carol-roach-mag-2024", "2025"),
    ]


def test_nitin_desai_asked_to_continue_as_mag_chair_2008_to_2010(repo_store: EmbeddedStore) -> None:
    assert values(repo_store, "SELECT ?x WHERE { gid:membership-nitin-desai-mag-2006 gg:attestedOn ?x }") == {
        "2006",
        "2008",
        "2009",
        "2010",
    }
    assert not store_asks(repo_store, "gid:membership-nitin-desai-mag-2006 gg:endDate ?any")  # no end is sourced


def test_mag_chairs_in_order(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?who (MIN(STR(?d)) AS ?first) WHERE { ?r org:organization gid:mag ; org:role gid:role-chair ;
           org:member ?who ; gg:startDate|gg:attestedOn ?d } GROUP BY ?who ORDER BY ?first""",
    )
    assert [(r["who"], r["first"]) for r in found] == [
        ("nitin-desai", "2006"),
        ("janis-karklins", "2014-05"),
        ("lynn-st-amour", "2016"),
        ("anriette-esterhuysen", "2019-11"),
        ("paul-mitchell", "2022"),
        ("carol-roach", "2024"),
    ]


def test_no_mag_chair_is_derived_as_current_member(repo_store: EmbeddedStore) -> None:
    # Every chair record is only attested or open-ended-but-attested, so nothing is turned into a current membership.
    assert values(repo_store, "SELECT ?x WHERE { ?x org:memberOf gid:mag }") == set()


def test_leadership_panel_chair_is_vint_cerf_attested_2022_to_2025(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?x ?d WHERE { ?r org:organization gid:igf-leadership-panel ; org:role gid:role-chair ; org:member ?x ;
           gg:attestedOn ?d }""",
    )
    assert sorted((r["x"], r["d"]) for r in found) == [("vint-cerf", str(year)) for year in range(2022, 2026)]


def test_leadership_panel_inaugural_members_appointed_august_2022(repo_store: EmbeddedStore) -> None:
    members = values(
        repo_store,
        """SELECT ?x WHERE { ?r org:organization gid:igf-leadership-panel ; org:role gid:role-member ;
           org:member ?x ; gg:startDate "2022-08"^^xsd:gYearMonth ; gg:endDate "2023"^^xsd:gYear }""",
    )
    # the two-year term "during the 2022-23 IGF cycles" ends at the precision the UN announcement gives
    assert members == {"vint-cerf", "maria-ressa", "lise-fuhr", "gbenga-sesan", "lan-xue", "toomas-hendrik-ilves"}


def test_leadership_panel_members_attested_after_the_inaugural_term(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?x ?d WHERE { ?r org:organization gid:igf-leadership-panel ; org:role gid:role-member ;
           org:member ?x ; gg:attestedOn ?d FILTER NOT EXISTS { ?r gg:endDate ?end } }""",
    )
    assert sorted((r["x"], r["d"]) for r in found) == [("gbenga-sesan", "2024-12"), ("lise-fuhr", "2024-12")]


def test_mag_established_17_may_2006(repo_store: EmbeddedStore) -> None:
    assert one(repo_store, "SELECT ?x WHERE { gid:mag gg:founded ?x }") == "2006-05-17"
    assert store_asks(repo_store, "gid:mag gg:bodyOf gid:igf")


def test_igf_convened_by_the_secretary_general_with_secretariat_in_geneva(repo_store: EmbeddedStore) -> None:
    assert values(repo_store, "SELECT ?x WHERE { gid:igf gg:convenedBy ?x }") == {"un-secretary-general"}
    assert one(repo_store, "SELECT ?x WHERE { gid:igf gg:hasSecretariat ?x }") == "igf-secretariat"
    assert one(repo_store, "SELECT ?x WHERE { gid:igf-secretariat gg:location ?x }") == "city-geneva"


def test_igf_mandate_history(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?doc ?start ?end WHERE { ?m a gg:Mandate ; gg:mandatedEntity gid:igf ; gg:mandatingDocument ?doc ;
           gg:startDate ?start OPTIONAL { ?m gg:endDate ?end } } ORDER BY ?start""",
    )
    assert found == [
        {"doc": "tunis-agenda", "start": "2005"},
        {"doc": "a-res-65-141", "start": "2010-12", "end": "2015"},
        {"doc": "a-res-70-125", "start": "2015-12-16", "end": "2025"},
        {"doc": "wsis-plus-20-outcome", "start": "2025-12-17"},
    ]


#################################################################
# Spot checks: NRIs (facts.md 1c and the pages cited in nris.ttl)
#################################################################


def test_eurodig_first_meeting(repo_store: EmbeddedStore) -> None:
    assert rows(
        repo_store,
        """SELECT ?m ?start ?end ?city ?host WHERE { ?m gg:meetingOf gid:eurodig ; gg:editionNumber 1 ;
           gg:startDate ?start ; gg:endDate ?end ; gg:location ?city ; gg:hostedBy ?host }""",
    ) == [
        {
            "m": "eurodig-2008",
            "start": "2008-10-20",
            "end": "2008-10-21",
            "city": "city-strasbourg",
            "host": "council-of-europe",
        }
    ]


def test_lacigf_founders_and_first_meeting(repo_store: EmbeddedStore) -> None:
    assert values(repo_store, "SELECT ?x WHERE { gid:lacigf gg:proposedBy ?x }") == {"lacnic", "nupef", "apc"}
    assert rows(
        repo_store,
        "SELECT ?city ?y WHERE { gid:lacigf-2008 gg:meetingOf gid:lacigf ; gg:location ?city ; gg:startDate ?y }",
    ) == [{"city": "city-montevideo", "y": "2008"}]


@pytest.mark.parametrize(
    ("nri", "meeting", "start", "end", "country"),
    [
        ("afigf", "afigf-2012", "2012-10-02", "2012-10-04", "EG"),
        ("arab-igf", "arab-igf-2012", "2012-10-09", "2012-10-11", "KW"),
        ("aprigf", "aprigf-2010", "2010-06-14", "2010-06-16", "HK"),
    ],
)
def test_first_regional_meetings(
    repo_store: EmbeddedStore, nri: str, meeting: str, start: str, end: str, country: str
) -> None:
    assert rows(
        repo_store,
        f"""SELECT ?m ?s ?e ?iso WHERE {{ ?m gg:meetingOf gid:{nri} ; gg:editionNumber 1 ; gg:startDate ?s ;
            gg:endDate ?e ; gg:country/gg:iso3166Code ?iso }}""",
    ) == [{"m": meeting, "s": start, "e": end, "iso": country}]


def test_afigf_and_arab_igf_founders(repo_store: EmbeddedStore) -> None:
    assert values(repo_store, "SELECT ?x WHERE { gid:afigf gg:proposedBy ?x }") == {
        "uneca",
        "african-union-commission",
    }
    assert values(repo_store, "SELECT ?x WHERE { gid:arab-igf gg:organizedBy ?x }") == {
        "escwa",
        "league-of-arab-states",
    }


def test_founding_years_of_regional_igfs(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?n ?f WHERE { VALUES ?n { gid:afigf gid:arab-igf gid:aprigf gid:lusophone-igf gid:eurodig gid:lacigf }
           ?n gg:founded ?f }""",
    )
    assert {r["n"]: r["f"] for r in found} == {
        "afigf": "2011-09-30",
        "arab-igf": "2012-02",
        "aprigf": "2010",
        "lusophone-igf": "2023",
        "eurodig": "2008-10-20",
        "lacigf": "2008",
    }


#################################################################
# Spot checks: WSIS (facts.md section 2)
#################################################################


def test_tunis_agenda_symbol_and_date(repo_store: EmbeddedStore) -> None:
    assert rows(repo_store, "SELECT ?s ?d WHERE { gid:tunis-agenda gg:documentSymbol ?s ; gg:adoptedOn ?d }") == [
        {"s": "WSIS-05/TUNIS/DOC/6(Rev.1)", "d": "2005-11-18"}
    ]


def test_a_res_70_125_adopted_16_december_2015_by_the_general_assembly(repo_store: EmbeddedStore) -> None:
    assert rows(
        repo_store,
        """SELECT ?d ?by WHERE { ?doc gg:documentSymbol "A/RES/70/125" ; gg:adoptedOn ?d ; gg:adoptedBy ?by }""",
    ) == [{"d": "2015-12-16", "by": "un-general-assembly"}]


def test_wsis_plus_20_co_facilitators(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?name ?start WHERE { ?r gg:roleIn gid:wsis-plus-20 ; org:role gid:role-co-facilitator ;
           gg:startDate ?start ; org:member/rdfs:label ?name FILTER (LANG(?name) = "en") }""",
    )
    assert sorted((r["name"], r["start"]) for r in found) == [
        ("Ekitela Lokaale", "2025-04"),
        ("Suela Janina", "2025-04"),
    ]


def test_wsis_plus_10_co_facilitators_include_both_uae_claims(repo_store: EmbeddedStore) -> None:
    assert values(
        repo_store,
        "SELECT ?x WHERE { ?r gg:roleIn gid:wsis-plus-10 ; org:role gid:role-co-facilitator ; org:member ?x }",
    ) == {"janis-mazeiks", "lana-nusseibeh", "obaid-salem-al-zaabi"}


def test_wsis_plus_20_outcome_makes_igf_permanent(repo_store: EmbeddedStore) -> None:
    assert rows(
        repo_store, "SELECT ?s ?d WHERE { gid:wsis-plus-20-outcome gg:documentSymbol ?s ; gg:adoptedOn ?d }"
    ) == [{"s": "A/RES/80/173", "d": "2025-12-17"}]
    # the draft symbol stays findable, beside the adopted resolution's
    assert "A/80/L.41 (draft resolution)" in values(
        repo_store, 'SELECT ?x WHERE { gid:wsis-plus-20-outcome skos:altLabel ?x FILTER (LANG(?x) = "en") }'
    )
    assert store_asks(
        repo_store, "gid:wsis-plus-20-outcome dct:source <https://www.itu.int/net4/wsis/ungis/Articles/View/1213>"
    )
    assert store_asks(repo_store, "gid:igf gg:mandatedBy gid:wsis-plus-20-outcome")


def test_wsis_geneva_phase_hosted_by_switzerland(repo_store: EmbeddedStore) -> None:
    assert rows(repo_store, "SELECT ?h ?e WHERE { gid:wsis-2003-geneva gg:hostedBy ?h ; gg:endDate ?e }") == [
        {"h": "government-ch", "e": "2003-12-12"}
    ]


def test_cstd_is_focal_point_by_ecosoc_resolution_2006_46(repo_store: EmbeddedStore) -> None:
    assert values(repo_store, "SELECT ?x WHERE { gid:cstd gg:mandatedBy ?x }") == {"ecosoc-res-2006-46"}
    assert one(repo_store, "SELECT ?x WHERE { gid:ecosoc-res-2006-46 gg:adoptedOn ?x }") == "2006-07-28"


#################################################################
# Spot checks: GDC and ODET (facts.md section 3)
#################################################################


def test_gdc_co_facilitator_countries_are_sweden_and_zambia(repo_store: EmbeddedStore) -> None:
    assert values(
        repo_store,
        """SELECT ?x WHERE { ?r gg:roleIn gid:gdc-negotiation ; org:role gid:role-co-facilitator ;
           org:member/gg:governmentOf/gg:iso3166Code ?x }""",
    ) == {"SE", "ZM"}


def test_gdc_co_facilitator_ambassadors(repo_store: EmbeddedStore) -> None:
    assert values(
        repo_store,
        """SELECT ?x WHERE { ?r gg:roleIn gid:gdc-negotiation ; org:role gid:role-co-facilitator ;
           org:member ?p . ?p a gg:Person ; rdfs:label ?x FILTER (LANG(?x) = "en") }""",
    ) == {"Anna Karin Eneström", "Chola Milambo"}


def test_gdc_is_annexed_outcome_of_the_summit_of_the_future(repo_store: EmbeddedStore) -> None:
    assert values(repo_store, "SELECT ?x WHERE { gid:gdc gg:outcomeOf ?x }") == {
        "gdc-negotiation",
        "summit-of-the-future",
    }
    assert rows(repo_store, "SELECT ?s ?e WHERE { gid:summit-of-the-future gg:startDate ?s ; gg:endDate ?e }") == [
        {"s": "2024-09-22", "e": "2024-09-23"}
    ]
    assert one(repo_store, "SELECT ?x WHERE { gid:pact-for-the-future gg:documentSymbol ?x }") == "A/RES/79/1"


def test_odet_succeeds_the_office_of_the_tech_envoy(repo_store: EmbeddedStore) -> None:
    assert values(repo_store, "SELECT ?x WHERE { gid:odet gg:succeeds ?x }") == {"office-of-the-tech-envoy"}
    assert values(repo_store, "SELECT ?x WHERE { gid:office-of-the-tech-envoy gg:succeededBy ?x }") == {"odet"}
    assert one(repo_store, "SELECT ?x WHERE { gid:odet gg:founded ?x }") == "2025-01-01"


def test_tech_envoy_from_july_2022_until_the_office_became_odet(repo_store: EmbeddedStore) -> None:
    assert rows(
        repo_store,
        """SELECT ?who ?s ?e WHERE { ?r org:organization gid:office-of-the-tech-envoy ; org:member ?who ;
           gg:startDate ?s ; gg:endDate ?e }""",
    ) == [{"who": "amandeep-singh-gill", "s": "2022-07", "e": "2024-12-31"}]
    # the office's membership ends the day before ODET's establishment, so nobody is a member of it today
    assert values(repo_store, "SELECT ?x WHERE { ?x org:memberOf gid:office-of-the-tech-envoy }") == set()


#################################################################
# Spot checks: technical community (facts.md section 4)
#################################################################


def test_pti_performs_the_iana_functions_since_october_2016(repo_store: EmbeddedStore) -> None:
    found = rows(
        repo_store,
        """SELECT ?res ?start WHERE { ?r a gg:Stewardship ; gg:steward gid:pti ; gg:resource ?res ; gg:startDate ?start
           FILTER NOT EXISTS { ?r gg:endDate ?e } }""",
    )
    assert {(r["res"], r["start"]) for r in found} == {
        (res, "2016-10") for res in ("dns-root-zone", "ip-address-space", "as-numbers", "protocol-parameters")
    }
    assert store_asks(repo_store, "gid:pti gg:stewards gid:dns-root-zone ; org:subOrganizationOf gid:icann")


def test_ntia_stewardship_ended_1_october_2016(repo_store: EmbeddedStore) -> None:
    ends = rows(repo_store, "SELECT ?r ?e WHERE { ?r a gg:Stewardship ; gg:steward gid:ntia ; gg:endDate ?e }")
    assert len(ends) == 4 and {r["e"] for r in ends} == {"2016-10-01"}
    assert not store_asks(repo_store, "gid:ntia gg:stewards ?anything")


def test_lacnic_serves_latin_america_and_the_caribbean(repo_store: EmbeddedStore) -> None:
    assert values(
        repo_store,
        """SELECT ?x WHERE { ?x gg:region gid:region-latin-america-caribbean .
           ?m a org:Membership ; org:member ?x ; org:organization gid:nro }""",
    ) == {"lacnic"}


@pytest.mark.parametrize(
    ("letter", "operator"),
    [("a", "verisign"), ("j", "verisign"), ("k", "ripe-ncc"), ("l", "icann"), ("m", "wide-project"), ("i", "netnod")],
)
def test_root_server_operator(repo_store: EmbeddedStore, letter: str, operator: str) -> None:
    assert values(repo_store, f"SELECT ?x WHERE {{ ?x gg:stewards gid:root-server-{letter} }}") == {operator}


@pytest.mark.parametrize(
    ("org", "founded"),
    [("isoc", "1992"), ("icann", "1998-09-30"), ("w3c", "1994-10"), ("nro", "2003")],
)
def test_founding_dates(repo_store: EmbeddedStore, org: str, founded: str) -> None:
    assert values(repo_store, f"SELECT ?x WHERE {{ gid:{org} gg:founded ?x }}") == {founded}


def test_isoc_founding_discrepancy_is_noted(repo_store: EmbeddedStore) -> None:
    notes = values(repo_store, 'SELECT ?x WHERE { gid:isoc skos:note ?x FILTER (LANG(?x) = "en") }')
    assert any("Kobe" in n and "December 11, 1992" in n for n in notes), notes


def test_netmundial_dates_and_place(repo_store: EmbeddedStore) -> None:
    assert rows(
        repo_store,
        "SELECT ?s ?e ?c WHERE { gid:netmundial gg:startDate ?s ; gg:endDate ?e ; gg:location ?c }",
    ) == [{"s": "2014-04-23", "e": "2014-04-24", "c": "city-sao-paulo"}]
