"""The SPARQL each projection reads, over the union graph (inferred triples included).

Time-bound records follow the as_of rule of queries/README.md; `?as_of` is bound by a VALUES block.
"""

from __future__ import annotations

# The dates of the record bound to ?record, and the rule of queries/README.md that keeps it when it holds on
# ?as_of. The rule goes in the outer group, where the VALUES block binds ?as_of; a branch without dates passes.
RECORD_DATES = """
    OPTIONAL { ?record gg:startDate ?from } OPTIONAL { ?record gg:endDate ?until }
    OPTIONAL { ?record gg:attestedOn ?attested }"""
# IF, not `!BOUND(?x) || …`: Virtuoso evaluates both sides of || and fails on the unbound one.
HOLDS_ON_AS_OF = """
  FILTER (IF(BOUND(?from), STR(?from) <= STR(?as_of), true)
       && IF(BOUND(?until), STR(?until) >= SUBSTR(STR(?as_of), 1, STRLEN(STR(?until))), true)
       && IF(!BOUND(?attested) || BOUND(?until), true,
             IF(BOUND(?from), SUBSTR(STR(?as_of), 1, 4) <= SUBSTR(STR(?attested), 1, 4), false)
             || SUBSTR(STR(?attested), 1, 4) = SUBSTR(STR(?as_of), 1, 4)))"""

# Who takes part in which process, as queries/participants-by-stakeholder-group.rq defines it, plus the
# hosts and organizers of its meetings (from the meeting's start on: `?from`). A direct relation that a record
# also gives (an open secretariat or membership) is left to the record, which says when it held.
PARTICIPATION = f"""
SELECT DISTINCT ?source ?relation ?target ?via WHERE {{
  {{
    VALUES ?relation {{ gg:convenes gg:organizes gg:hosts gg:secretariatOf gg:participatesIn org:memberOf }}
    ?source ?relation ?target .
    MINUS {{ ?source gg:hosts ?target . BIND (gg:organizes AS ?relation) }}
    MINUS {{
      ?record a org:Membership ; org:member ?source ; org:role gid:role-secretariat ;
        gg:roleIn|org:organization ?target .
      BIND (gg:secretariatOf AS ?relation)
    }}
    MINUS {{
      ?record a org:Membership ; org:member ?source ; org:organization ?target . BIND (org:memberOf AS ?relation)
    }}
  }} UNION {{
    ?source gg:organizes ?via . ?via a gg:Meeting ; gg:meetingOf ?target .
    OPTIONAL {{ ?via gg:startDate ?from }}
    BIND (IF(EXISTS {{ ?source gg:hosts ?via }}, gg:hosts, gg:organizes) AS ?relation)
  }} UNION {{
    # each branch names its own membership patterns: a join after a UNION is not pushed into its branches
    {{ ?record gg:roleIn ?target ; a org:Membership ; org:member ?source ; org:role ?relation }}
    UNION {{ ?record org:organization ?target ; a org:Membership ; org:member ?source ; org:role ?relation }}
    UNION {{
      ?via gg:bodyOf ?target .
      ?record org:organization ?via ; a org:Membership ; org:member ?source ; org:role ?relation .
    }}
    {RECORD_DATES}
  }}
  ?source a gg:Stakeholder .
  ?target a gg:GovernanceProcess .
  {HOLDS_ON_AS_OF}
}}"""

# Who stewards which Internet resource: records open on as_of, and direct statements no record qualifies.
STEWARDSHIP = f"""
SELECT DISTINCT ?source ?relation ?target ?via ?function WHERE {{
  {{
    ?record a gg:Stewardship ; gg:steward ?source ; gg:resource ?target .
    OPTIONAL {{ ?record gg:stewardshipFunction ?function }}
    BIND (?record AS ?via)
    {RECORD_DATES}
  }} UNION {{
    ?source gg:stewards ?target .
    MINUS {{ ?other a gg:Stewardship ; gg:steward ?source ; gg:resource ?target }}
  }}
  BIND (gg:stewards AS ?relation)
  {HOLDS_ON_AS_OF}
}}"""

# How processes come out of each other, each edge read from the earlier to the later: a parent has a
# sub-process, a process is reviewed by a review, an organization or process is succeeded by another,
# and a process or organization mandates another through a document it produced (`via`; the one that
# adopted the document when it is no process's outcome). Lineage is history: an edge counts from its
# date (a sub-process's founding, a mandate's start, a document's adoption) on, and never ends.
LINEAGE = """
SELECT DISTINCT ?source ?relation ?target ?via WHERE {
  {
    ?target gg:subProcessOf ?source .
    BIND (gg:hasSubProcess AS ?relation)
    OPTIONAL { ?target gg:founded ?since }
  } UNION {
    ?target gg:reviews ?source .
    BIND (gg:reviewedBy AS ?relation)
  } UNION {
    ?target gg:succeeds ?source .
    BIND (gg:succeededBy AS ?relation)
    OPTIONAL { ?target gg:founded ?since }
  } UNION {
    {
      ?mandate a gg:Mandate ; gg:mandatedEntity ?target ; gg:mandatingDocument ?via .
      OPTIONAL { ?mandate gg:startDate ?since }
    } UNION {
      ?target gg:mandatedBy ?via .
      MINUS { ?any a gg:Mandate ; gg:mandatedEntity ?target ; gg:mandatingDocument ?via }
      OPTIONAL { ?via gg:adoptedOn ?since }
    }
    OPTIONAL {
      ?via gg:outcomeOf ?outcome .
      { ?outcome gg:meetingOf ?origin } UNION { ?outcome a gg:GovernanceProcess BIND (?outcome AS ?origin) }
    }
    OPTIONAL { ?via gg:adoptedBy ?adopter }
    BIND (COALESCE(?origin, ?adopter, ?via) AS ?source)
    BIND (gg:mandates AS ?relation)
  }
  FILTER (!BOUND(?since) || STR(?since) <= STR(?as_of))
  FILTER (?source != ?target)
}"""

# Labels (every language), govgraph classes, and stakeholder groups with their labels, of the nodes listed
# in the VALUES block that replaces `#NODES#`.
NODE_DETAILS = """
SELECT ?s ?key ?value WHERE {
  VALUES ?s { #NODES# }
  {
    ?s rdfs:label ?value BIND ("label" AS ?key)
  } UNION {
    ?s a ?value FILTER (STRSTARTS(STR(?value), STR(gg:)))
    BIND ("class" AS ?key)
  } UNION {
    ?s gg:stakeholderGroup ?value BIND ("group" AS ?key)
  } UNION {
    ?s gg:stakeholderGroup ?key . ?key rdfs:label ?value
  }
}"""
