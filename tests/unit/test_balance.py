"""Structural balance on small signed graphs whose answers are known by hand."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from dashboard.analysis.balance import (
    balance_counts,
    balance_over_time,
    balance_score,
    frustration_index,
    predicted_ties,
    signed_triads,
    unbalanced_triads,
)

NAMES = {"iran": "Iran", "usa": "the United States", "isil": "ISIL", "iraq": "Iraq"}


def signed(*edges: tuple[str, str, int]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_edges_from((u, v, {"sign": s}) for u, v, s in edges)
    return graph


def brute_force_frustration(graph: nx.Graph) -> int:
    """The definition itself: the fewest frustrated signed ties over every split."""
    nodes = sorted(graph.nodes)
    edges = [(u, v, d["sign"]) for u, v, d in graph.edges(data=True) if d["sign"]]
    best = len(edges)
    for bits in itertools.product((0, 1), repeat=len(nodes)):
        camp = dict(zip(nodes, bits, strict=True))
        best = min(best, sum((camp[u] == camp[v]) != (s > 0) for u, v, s in edges))
    return best


@pytest.mark.parametrize(
    ("signs", "pattern", "balanced"),
    [
        ((1, 1, 1), "+++", True),  # the friend of my friend is my friend
        ((1, -1, -1), "+--", True),  # the enemy of my enemy is my friend
        ((1, 1, -1), "++-", False),
        ((-1, -1, -1), "---", False),
    ],
)
def test_triads_are_classified_by_the_product_of_their_signs(signs, pattern, balanced):
    graph = signed(("a", "b", signs[0]), ("b", "c", signs[1]), ("c", "a", signs[2]))
    triads = signed_triads(graph)
    assert len(triads) == 1
    assert triads.loc[0, "pattern"] == pattern
    assert bool(triads.loc[0, "balanced"]) is balanced


def test_neutral_ties_form_no_triangle():
    graph = signed(("a", "b", -1), ("b", "c", -1), ("c", "a", 0))
    assert signed_triads(graph).empty


def test_unbalanced_triangle_in_plain_words_names_the_common_enemy():
    # ISIL has the most ties, so it is the third party readers expect.
    graph = signed(("iran", "usa", -1), ("iran", "isil", -1), ("usa", "isil", -1))
    graph.add_edge("isil", "iraq", sign=-1)
    statements = unbalanced_triads(graph, NAMES)["statement"].tolist()
    assert statements == [
        "Iran and the United States are both hostile to ISIL, yet hostile to each other."
    ]


def test_friend_of_a_friend_who_is_an_enemy_is_named_the_other_way_round():
    graph = signed(("iran", "usa", -1), ("iran", "iraq", 1), ("usa", "iraq", 1))
    (statement,) = unbalanced_triads(graph, NAMES)["statement"]
    assert statement == (
        "Iran and the United States are both friendly with Iraq, yet hostile to each other."
    )


def test_every_unbalanced_triangle_is_written_as_its_definition_says():
    """On a random network with names that differ only in case: the third party is the
    one whose two ties are alike (of several, the most tied, then the last by its text),
    and the other two are named in order of their names."""
    graph = random_signed(14, 60, 5)
    names = {n: ("iraq" if n % 3 == 0 else "Iraq" if n % 3 == 1 else f"Actor {n}") for n in graph}
    degree = dict(graph.degree)

    def written(a, b, c) -> str:
        sign = {frozenset(p): graph.edges[p]["sign"] for p in ((a, b), (b, c), (c, a))}
        thirds = [
            (t, x, y)
            for t, x, y in ((a, b, c), (b, a, c), (c, a, b))
            if sign[frozenset((t, x))] == sign[frozenset((t, y))]
        ]
        third, x, y = max(thirds, key=lambda o: (degree[o[0]], str(o[0])))
        x, y = sorted((x, y), key=lambda n: names[n].casefold())
        to_third, between = sign[frozenset((third, x))], sign[frozenset((x, y))]
        relation = "hostile to" if to_third < 0 else "friendly with"
        ending = "yet hostile to each other" if between < 0 else "and friendly with each other"
        return f"{names[x]} and {names[y]} are both {relation} {names[third]}, {ending}."

    unbalanced = unbalanced_triads(graph, names)
    assert len(unbalanced) > 20
    expected = [written(a, b, c) for a, b, c in unbalanced[["a", "b", "c"]].itertuples(index=False)]
    assert unbalanced["statement"].tolist() == expected


@pytest.mark.parametrize(
    "graph",
    [nx.Graph(), signed(("iran", "usa", 1)), signed(("iran", "usa", 0), ("usa", "isil", 0))],
)
def test_a_network_without_a_triangle_to_be_predicts_no_tie(graph):
    """No actors, a lone tie, or talks only: nothing is implied, and the table is empty
    with its columns (the relationships page shows it so)."""
    predicted = predicted_ties(graph, NAMES)
    assert predicted.empty
    assert list(predicted.columns) == [
        "a", "b", "now", "predicted", "triangles_for", "triangles_against", "because",
    ]  # fmt: skip


def test_enemy_of_my_enemy_is_predicted_a_friend():
    graph = signed(("iran", "isil", -1), ("usa", "isil", -1))
    predicted = predicted_ties(graph, NAMES)
    assert len(predicted) == 1
    row = predicted.iloc[0]
    assert (row["a"], row["b"], row["now"], row["predicted"]) == (
        "iran",
        "usa",
        "no tie",
        "friends",
    )
    assert row["triangles_for"] == 1 and row["triangles_against"] == 0
    assert row["because"] == "both hostile to ISIL"


def test_friend_of_my_enemy_is_predicted_an_enemy_and_talks_are_not_a_tie():
    graph = signed(("iran", "iraq", 1), ("iraq", "isil", -1), ("iran", "isil", 0))
    row = predicted_ties(graph, NAMES).iloc[0]
    assert (row["a"], row["b"]) == ("iran", "isil")
    assert row["now"] == "talks only"
    assert row["predicted"] == "enemies"
    assert row["because"] == "Iraq is friendly with Iran but hostile to ISIL"


def test_an_existing_tie_the_triangles_contradict_is_under_pressure_to_turn():
    graph = signed(
        ("iran", "usa", -1),
        ("iran", "isil", -1),
        ("usa", "isil", -1),
        ("iran", "iraq", 1),
        ("usa", "iraq", 1),
        ("iraq", "kurds", 1),
        ("usa", "kurds", 1),
    )
    predicted = predicted_ties(graph, NAMES)
    first = predicted.iloc[0]
    assert (first["a"], first["b"], first["now"], first["predicted"]) == (
        "iran", "usa", "hostile", "friends",
    )  # fmt: skip
    assert first["triangles_for"] == 2
    # Each tie of the all-hostile triangle is under pressure ("ISIL and Iran share an enemy")...
    iran_isil = predicted[(predicted["a"] == "iran") & (predicted["b"] == "isil")]
    assert iran_isil["predicted"].tolist() == ["friends"]
    # ...but a tie that only sits in balanced triangles is not listed.
    assert not ((predicted["a"] == "iraq") & (predicted["b"] == "kurds")).any()


def test_tied_votes_leave_a_pair_undecided():
    graph = signed(("a", "x", -1), ("b", "x", -1), ("a", "y", 1), ("b", "y", -1))
    row = predicted_ties(graph, {}).set_index(["a", "b"]).loc[("a", "b")]
    assert row["predicted"] == "undecided"
    assert (row["triangles_for"], row["triangles_against"]) == (1, 1)


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ([("a", "b", 1), ("b", "c", -1), ("c", "a", -1)], 0),  # balanced triangle
        ([("a", "b", -1), ("b", "c", -1), ("c", "a", -1)], 1),
        ([("a", "b", 1), ("b", "c", 1), ("c", "a", -1)], 1),
        ([(u, v, -1) for u, v in itertools.combinations("abcd", 2)], 2),  # all-hostile K4
        # Two unbalanced triangles joined by a bridge: 1 + 1, the bridge never counts.
        (
            [
                ("a", "b", -1),
                ("b", "c", -1),
                ("c", "a", -1),
                ("c", "d", 1),
                ("d", "e", -1),
                ("e", "f", -1),
                ("f", "d", -1),
            ],
            2,
        ),
        ([("a", "b", -1), ("b", "c", 1)], 0),  # a tree is always balanced
    ],
)
def test_frustration_index_of_small_graphs(edges, expected):
    result = frustration_index(signed(*edges))
    assert result.exact
    assert result.index == expected
    assert len(result.frustrated) == expected
    # The camps returned leave exactly the frustrated ties unsatisfied.
    graph = signed(*edges)
    for u, v, data in graph.edges(data=True):
        satisfied = (result.camps[u] == result.camps[v]) == (data["sign"] > 0)
        assert satisfied != ((u, v) in result.frustrated or (v, u) in result.frustrated)


def random_signed(nodes: int, edges: int, seed: int) -> nx.Graph:
    graph = nx.gnm_random_graph(nodes, edges, seed=seed)
    rng = __import__("random").Random(seed)
    for u, v in graph.edges:
        graph.edges[u, v]["sign"] = rng.choice((-1, 1))
    return graph


@pytest.mark.parametrize(
    ("nodes", "edges", "seed"),
    [(10, 22, 1), (10, 22, 2), (10, 22, 3), (3, 3, 4), (4, 6, 5), (7, 15, 6), (11, 40, 7)],
)
def test_exact_frustration_matches_the_definition(nodes, edges, seed):
    graph = random_signed(nodes, edges, seed)
    found = frustration_index(graph)
    assert found.exact
    assert found.index == brute_force_frustration(graph)
    # the split it gives frustrates exactly that many ties
    assert len(found.frustrated) == found.index


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_approximate_frustration_says_so_and_never_undercuts_the_exact_value(seed):
    graph = random_signed(12, 30, seed)
    approximate = frustration_index(graph, exact_limit=3)
    assert not approximate.exact
    assert approximate.text.startswith("at most")
    assert approximate.index >= frustration_index(graph).index


def test_a_large_graph_is_analysed_and_flagged_approximate():
    graph = random_signed(200, 2000, 7)
    score = balance_score(graph)
    assert score.signed_ties == 2000
    assert score.triangles > 0
    assert not score.frustration.exact
    assert 0 < score.frustration.index <= 1000  # a split always satisfies half the ties


@pytest.mark.parametrize(("nodes", "edges", "seed"), [(9, 20, 1), (30, 120, 2), (60, 400, 3)])
def test_a_series_score_of_ties_is_the_score_of_their_graph(nodes, edges, seed):
    """balance_counts, which the balance series uses on each date without making a graph,
    counts as balance_score on the graph of the same ties does: talks (0) and a tie to
    itself are left out, and a pair given twice keeps its later sign."""
    graph = random_signed(nodes, edges, seed)
    signs = {(u, v): d["sign"] for u, v, d in graph.edges(data=True)}
    first = next(iter(signs))
    signs |= {("n0", "n0"): -1, ("n1", "n2"): 0, (first[1], first[0]): -signs[first]}
    later = signed(*((u, v, s) for (u, v), s in signs.items()))
    expected, found = balance_score(later), balance_counts(signs)
    assert (found.triangles, found.balanced, found.signed_ties) == (
        expected.triangles,
        expected.balanced,
        expected.signed_ties,
    )
    assert (found.frustration.index, found.frustration.exact) == (
        expected.frustration.index,
        expected.frustration.exact,
    )
    assert expected.signed_ties == edges  # the changed pair still counts once


def test_balance_over_time_scores_each_snapshot():
    before = signed(("iran", "usa", -1), ("iran", "isil", -1), ("usa", "isil", -1))
    after = signed(("iran", "usa", 1), ("iran", "isil", -1), ("usa", "isil", -1))
    series = balance_over_time([("2014-01-31", before), ("2015-07-14", after)])
    assert series["triangles"].tolist() == [1, 1]
    assert series["share_balanced"].tolist() == [0.0, 1.0]
    assert series["frustration"].tolist() == [1, 0]
