"""Structural balance of a signed network (Heider): which triangles are balanced, which
ties the theory predicts, and how far the whole network is from balance.

A graph is a networkx Graph whose edges carry ``sign`` in {-1, 0, +1}. Only signed ties
(+1 friendly, -1 hostile) take part: a 0 tie (talks, mediation, contact) says nothing
about friend or foe, so balance theory has nothing to say about it.

A triangle is balanced when the product of its three signs is positive: "the friend of
my friend is my friend" (+ + +) and "the enemy of my enemy is my friend" (+ - -). It is
unbalanced when two are hostile to a third yet hostile to each other (- - -), or two are
friends of a third yet hostile to each other (+ + -).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

# Blocks up to this many actors get their frustration index by trying every split into two
# camps (2^(n-1) of them, vectorised): about a tenth of a second at 20.
EXACT_LIMIT = 20
RESTARTS = 8  # local searches from different starting splits, for blocks above EXACT_LIMIT

# A predicted tie names at most this many of the actors implying it ("... and 30 more").
REASONS_LISTED = 6
_SIGNED_ONLY = "signed_part"  # a graph attribute marking a graph signed_part made
TRIAD_COLUMNS = ["a", "b", "c", "sign_ab", "sign_bc", "sign_ca", "pattern", "balanced"]


def signed_part(graph: nx.Graph) -> nx.Graph:
    """The friendly and hostile ties of graph (sign +1 or -1), as a simple undirected graph."""
    if graph.graph.get(_SIGNED_ONLY):
        return graph  # already the signed part (the functions below call each other)
    signed = nx.Graph(**{_SIGNED_ONLY: True})
    signed.add_nodes_from(graph)
    signed.add_edges_from(
        (u, v, {"sign": int(d["sign"])})
        for u, v, d in graph.edges(data=True)
        if d.get("sign") in (1, -1) and u != v
    )
    return signed


def _matrix(nodes: Iterable, ties: Iterable[tuple]) -> tuple[list, np.ndarray]:
    """The nodes sorted by their text, and the ties ((u, v, sign), each +1 or -1, in
    order: a pair given twice keeps its last sign, as a graph's edge would) as a matrix."""
    nodes = sorted(nodes, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    matrix = np.zeros((len(nodes), len(nodes)), dtype=np.int8)
    for u, v, sign in ties:
        matrix[index[u], index[v]] = matrix[index[v], index[u]] = sign
    return nodes, matrix


def _signed_matrix(signed: nx.Graph) -> tuple[list, np.ndarray]:
    """The nodes of a signed part sorted by their text, and its signs as a matrix."""
    return _matrix(signed.nodes, ((u, v, d["sign"]) for u, v, d in signed.edges(data=True)))


def signed_matrix_of(signs: Mapping[tuple, int]) -> tuple[list, np.ndarray]:
    """_signed_matrix of the signed part of the ties signs ({(u, v): sign}), without
    making a graph: the balance series scores a network of 600 ties on each of a dozen
    dates, and networkx took a third of that time to build them."""
    return _matrix(
        {node for pair in signs for node in pair},
        ((u, v, sign) for (u, v), sign in signs.items() if sign in (1, -1) and u != v),
    )


def signed_triads(graph: nx.Graph) -> pd.DataFrame:
    """Every triangle of signed ties, one row each, with its signs and whether it is balanced.

    Rows run in the order of the nodes' text (a < b < c); found on arrays, a tie at a time:
    its two ends' common later neighbours close its triangles.
    """
    signed = signed_part(graph)
    nodes, matrix = _signed_matrix(signed)
    linked = matrix != 0
    first, second = np.nonzero(np.triu(linked, 1))  # row-major: sorted by a, then b
    if not len(first):
        return pd.DataFrame(columns=TRIAD_COLUMNS).astype({"balanced": bool})
    later = np.arange(len(nodes))[None, :] > second[:, None]
    tie, third = np.nonzero(linked[first] & linked[second] & later)
    a, b, c = first[tie], second[tie], third
    s_ab, s_bc, s_ca = matrix[a, b], matrix[b, c], matrix[c, a]
    friendly = (s_ab > 0).astype(int) + (s_bc > 0) + (s_ca > 0)
    labels = np.empty(len(nodes), dtype=object)
    labels[:] = nodes
    return pd.DataFrame(
        {
            "a": labels[a],
            "b": labels[b],
            "c": labels[c],
            "sign_ab": s_ab.astype(int),
            "sign_bc": s_bc.astype(int),
            "sign_ca": s_ca.astype(int),
            "pattern": np.array(["---", "+--", "++-", "+++"])[friendly],
            "balanced": (s_ab.astype(int) * s_bc * s_ca) > 0,  # bool already: no copy
        },
        columns=TRIAD_COLUMNS,
    )


def triangle_counts(graph: nx.Graph) -> tuple[int, int]:
    """How many triangles of signed ties graph has, and how many are balanced."""
    return _matrix_triangle_counts(_signed_matrix(signed_part(graph))[1])


def _matrix_triangle_counts(matrix: np.ndarray) -> tuple[int, int]:
    """triangle_counts of a signed matrix, from the traces of the cubed matrices: each
    triangle counts six times; floats, for BLAS, are exact far beyond any count here."""
    signs = matrix.astype(np.float64)
    links = np.abs(signs)
    triangles = round(float(np.einsum("ij,ji->", links @ links, links))) // 6
    surplus = round(float(np.einsum("ij,ji->", signs @ signs, signs))) // 6  # balanced - not
    return triangles, (triangles + surplus) // 2


def _dense_rank(texts: list[str]) -> np.ndarray:
    """Each text's place among the distinct texts in order (equal texts share one)."""
    return np.unique(np.array(texts, dtype=object), return_inverse=True)[1].reshape(-1)


def _name(names: Mapping[str, str], node) -> str:
    return names.get(node, str(node))


def _hub_rank(graph: nx.Graph) -> dict:
    signed = signed_part(graph)
    return {n: signed.degree(n) for n in signed.nodes}


def _statements(triads: pd.DataFrame, names: Mapping[str, str], rank: Mapping) -> np.ndarray:
    """Each triangle in plain words, naming what makes it balanced or not.

    "Iran and the United States are both hostile to ISIL, yet hostile to each other."
    The shared third party is the one whose two ties are alike; when all three are alike
    it is the most connected actor (rank: its ties), which is usually the one readers
    expect, and of those the last by its text. Written for every triangle at once: a
    sentence at a time took 14 ms for the 3,000 unbalanced triangles of a 40-actor cut.
    """
    ends = [triads[end].to_numpy(dtype=object) for end in "abc"]
    nodes = list(dict.fromkeys(np.concatenate(ends).tolist()))
    code = {node: i for i, node in enumerate(nodes)}
    a, b, c = (np.array([code[n] for n in end], dtype=np.int64) for end in ends)
    s_ab, s_bc, s_ca = (triads[column].to_numpy() for column in ("sign_ab", "sign_bc", "sign_ca"))
    # Each choice of third party: (third, x, y, sign third-x, sign third-y, sign x-y).
    options = [
        (a, b, c, s_ab, s_ca, s_bc),
        (b, a, c, s_ab, s_bc, s_ca),
        (c, a, b, s_ca, s_bc, s_ab),
    ]
    hub = np.empty(len(nodes), dtype=np.int64)  # each node's place by (ties, text)
    hub[sorted(range(len(nodes)), key=lambda i: (rank.get(nodes[i], 0), str(nodes[i])))] = (
        np.arange(len(nodes))
    )
    choice = np.column_stack(
        [np.where(to_x == to_y, hub[third], -1) for third, _x, _y, to_x, to_y, _b in options]
    ).argmax(axis=1)
    third, x, y, to_third, _same, between = (
        np.choose(choice, parts) for parts in zip(*options, strict=True)
    )
    label = np.array([_name(names, node) for node in nodes], dtype=object)
    folded = _dense_rank([text.casefold() for text in label])
    swap = folded[x] > folded[y]  # the two named first in order of their names
    x, y = np.where(swap, y, x), np.where(swap, x, y)
    relation = np.where(to_third < 0, " are both hostile to ", " are both friendly with ")
    # The product of the signs is `between`.
    ending = np.where(
        between < 0, ", yet hostile to each other.", ", and friendly with each other."
    )
    return (
        label[x]
        + " and "
        + label[y]
        + relation.astype(object)
        + label[third]
        + ending.astype(object)
    )


def unbalanced_triads(
    graph: nx.Graph, names: Mapping[str, str], *, triads: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The unbalanced triangles, each with a sentence saying why (see _statements);
    triads: signed_triads(graph), if already at hand."""
    triads = signed_triads(graph) if triads is None else triads
    triads = triads[~triads["balanced"]].reset_index(drop=True)
    triads["statement"] = _statements(triads, names, _hub_rank(graph)) if len(triads) else ""
    return triads


# -- predicted ties ------------------------------------------------------------------------

PREDICTED_COLUMNS = [
    "a",
    "b",
    "now",
    "predicted",
    "triangles_for",
    "triangles_against",
    "because",
]


def predicted_ties(graph: nx.Graph, names: Mapping[str, str]) -> pd.DataFrame:
    """The ties balance theory implies, each with the triangles that imply it.

    For every pair of actors with a common signed neighbour w, w implies the sign
    sign(u, w) * sign(v, w) between them. A pair with no signed tie (nothing, or only
    talks) gets the sign most of its triangles imply ("undecided" on a tie). A pair whose
    existing sign most of its triangles contradict is listed too: the theory says that tie
    is under pressure to turn (the article's own question about Iran and the United States).

    Counted for every pair at once from the signed adjacency matrix (friends of both plus
    enemies of both imply friends; the rest, enemies), not triangle by triangle in Python:
    a network of 40 actors has some 100,000 of them.
    """
    nodes = list(graph.nodes)
    at = {node: i for i, node in enumerate(nodes)}
    sign = np.zeros((len(nodes), len(nodes)), dtype=np.int64)
    talks = np.zeros((len(nodes), len(nodes)), dtype=bool)  # ties of sign 0
    for u, v, data in graph.edges(data=True):  # its signed part, without making it
        if data.get("sign") in (1, -1) and u != v:
            sign[at[u], at[v]] = sign[at[v], at[u]] = int(data["sign"])
        elif data.get("sign") == 0:
            talks[at[u], at[v]] = talks[at[v], at[u]] = True
    friendly, hostile = (sign > 0).astype(np.int64), (sign < 0).astype(np.int64)
    positive = friendly @ friendly.T + hostile @ hostile.T
    negative = friendly @ hostile.T + hostile @ friendly.T
    first, second = np.nonzero(np.triu(positive + negative, 1))  # pairs with a third
    existing = sign[first, second]
    plus, minus = positive[first, second], negative[first, second]
    # A tie is listed only when more of its triangles would turn it than keep it.
    turning = np.where(existing < 0, plus > minus, minus > plus)
    listed = (existing == 0) | turning
    first, second, existing, plus, minus = (
        a[listed] for a in (first, second, existing, plus, minus)
    )
    predicted = np.where(existing != 0, -existing, np.sign(plus - minus))
    agree = np.where(existing == 0, np.maximum(plus, minus), np.where(existing < 0, plus, minus))
    disagree = np.where(existing == 0, np.minimum(plus, minus), np.where(existing < 0, minus, plus))
    # Each pair's reasons: the thirds implying its predicted sign (any sign, undecided),
    # by name; the first REASONS_LISTED of them are written out.
    by_name = sorted(range(len(nodes)), key=lambda k: _name(names, nodes[k]))
    sign_by_name = sign[:, by_name]
    implied = sign_by_name[first] * sign_by_name[second]
    reasons = np.where(predicted[:, None] == 0, implied != 0, implied == predicted[:, None])
    counts = reasons.sum(axis=1)
    shown = np.argsort(~reasons, axis=1, kind="stable")[:, :REASONS_LISTED]
    # Each pair as (u, v) in the text order of their ids, as the order of two actors of
    # one name has always been; every pair's words are written at once (a sentence at a
    # time took 10 ms for the 700 pairs of a 40-actor cut).
    text_rank = _dense_rank([str(node) for node in nodes])
    swap = text_rank[second] < text_rank[first]
    u, v = np.where(swap, second, first), np.where(swap, first, second)
    label = np.array([_name(names, node) for node in nodes], dtype=object)
    # Each pair's first REASONS_LISTED thirds, one row each (numbered even with no actor).
    thirds = np.array(by_name, dtype=np.int64)[shown]
    to_u, to_v = sign[u[:, None], thirds], sign[v[:, None], thirds]
    u_friend = to_u > 0  # when the two differ: u is the third's friend and v its foe
    friend = np.where(u_friend, u[:, None], v[:, None])
    foe = np.where(u_friend, v[:, None], u[:, None])
    both = np.where(to_u < 0, "both hostile to ", "both friendly with ").astype(object)
    reason = np.where(
        to_u == to_v,
        both + label[thirds],
        label[thirds] + " is friendly with " + label[friend] + " but hostile to " + label[foe],
    )
    because = [
        "; ".join(words[: min(count, REASONS_LISTED)])
        + (f"; and {count - REASONS_LISTED} more" if count > REASONS_LISTED else "")
        for words, count in zip(reason.tolist(), counts.tolist(), strict=True)
    ]
    now = np.select(
        [existing > 0, existing < 0, talks[u, v]], ["friendly", "hostile", "talks only"], "no tie"
    )
    name_rank = _dense_rank([text.casefold() for text in label])
    named_first = ~(name_rank[v] < name_rank[u])  # two of one name keep the order above
    frame = pd.DataFrame(
        {
            "a": np.array(nodes, dtype=object)[np.where(named_first, u, v)],
            "b": np.array(nodes, dtype=object)[np.where(named_first, v, u)],
            "now": now,
            "predicted": np.array(["enemies", "undecided", "friends"])[predicted + 1],
            "triangles_for": agree,
            "triangles_against": disagree,
            "because": because,
        },
        columns=PREDICTED_COLUMNS,
    )
    frame["_strength"] = frame["triangles_for"] - frame["triangles_against"]
    frame["_turn"] = frame["now"].isin(["friendly", "hostile"])
    frame = frame.sort_values(
        ["_turn", "_strength", "triangles_for", "a", "b"],
        ascending=[False, False, False, True, True],
    )
    return frame.drop(columns=["_strength", "_turn"]).reset_index(drop=True)


# -- frustration index ---------------------------------------------------------------------


@dataclass(frozen=True)
class Frustration:
    """The fewest sign changes that would balance the graph, and the two camps they leave."""

    index: int  # number of ties to flip (or delete) for balance
    exact: bool  # False: an upper bound from local search (blocks above EXACT_LIMIT actors)
    camps: Mapping = field(default_factory=dict)  # node -> 0 or 1 (per connected component)
    frustrated: tuple = ()  # the ties (u, v) that break balance in that split

    @property
    def text(self) -> str:
        """The index as a reader should see it ("3", or "at most 41 (approximate)")."""
        return str(self.index) if self.exact else f"at most {self.index} (approximate)"


def _block_exact(sign: np.ndarray) -> tuple[int, np.ndarray]:
    """Exhaustive search over every split of a block (its signed matrix: +1 friendly, -1
    hostile, 0 no tie) into two camps (node 0 fixed): the fewest frustrated ties, and the
    camps of the first split (as an integer whose bit i is node i's camp, the least) that
    has so few.

    With x_i each actor's camp (0 or 1) and s = +1 for a friendly tie, -1 for a hostile
    one, a tie (u, v) is frustrated by s * (x_u + x_v - 2 x_u x_v), plus 1 if hostile. The
    free actors are split in two halves, "low" and "high": the cost of every split is then
    its low half's part, plus its high half's, plus the ties between the halves, the last
    for every pair of halves at once as one product of matrices. Scoring each tie over
    every split in turn took 64 ms for a block of 20 actors and 83 ties, this 7; the
    relationships page scores a network on each of a dozen dates.
    """
    n = len(sign)
    low = np.arange(1, 1 + (n - 1) // 2)  # the actors of a split's low bits
    high = np.arange(1 + len(low), n)
    sign = sign.astype(np.int64)
    hostile = int((np.triu(sign, 1) < 0).sum())
    each = sign.sum(axis=1)

    def half_costs(actors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every split of actors (one row each, in order), and their own part of the cost."""
        bits = (np.arange(1 << len(actors))[:, None] >> np.arange(len(actors))) & 1
        within = np.triu(sign[np.ix_(actors, actors)], 1)
        return bits, bits @ each[actors] - 2 * ((bits @ within) * bits).sum(axis=1)

    low_bits, low_cost = half_costs(low)
    high_bits, high_cost = half_costs(high)
    between = (high_bits @ sign[np.ix_(high, low)]) @ low_bits.T
    # Rows are the high halves, columns the low ones: read row by row, splits ascend.
    cost = hostile + high_cost[:, None] + low_cost[None, :] - 2 * between
    best = int(cost.argmin())
    high_half, low_half = divmod(best, len(low_bits))
    code = (low_half << 1) | (high_half << (len(low) + 1))
    return int(cost.flat[best]), (code >> np.arange(n)) & 1


def _leading_vector(matrix: np.ndarray, *, rounds: int = 300) -> np.ndarray:
    """The eigenvector of the largest eigenvalue of a symmetric matrix, by power iteration
    on the matrix shifted to be positive definite (matrix-vector products only: LAPACK's
    eigh is threaded, and costs milliseconds on a busy two-core machine at any size)."""
    shift = np.abs(matrix).sum(axis=1).max() + 1.0  # above every eigenvalue's magnitude
    shifted = matrix + shift * np.eye(len(matrix))
    x = np.linspace(1.0, 2.0, len(matrix))  # seeded: no eigenvector is orthogonal to it
    signs = x >= 0
    for done in range(1, rounds + 1):
        x = shifted @ x
        x /= np.linalg.norm(x)
        if done % 20 == 0:  # only the signs are used: stop when they settle
            if np.array_equal(signs, x >= 0):
                break
            signs = x >= 0
    return x


def _block_local_search(sign: np.ndarray, *, seed: int) -> tuple[int, np.ndarray]:
    """An upper bound on a block's frustration (its signed matrix), and the camps that
    reach it: single-actor moves from a spectral and several random splits."""
    matrix = sign.astype(np.float64)
    n = len(matrix)
    rng = np.random.default_rng(seed)
    starts = []
    if n <= 2000:
        starts.append(np.where(_leading_vector(matrix) >= 0, 1.0, -1.0))
    starts += [rng.choice([-1.0, 1.0], size=n) for _ in range(RESTARTS)]
    # Every start at once, a column each: each moves its worst actor until none gains,
    # exactly as one at a time would (the columns never interact).
    x = np.column_stack(starts)
    field_ = matrix @ x
    columns = np.arange(x.shape[1])
    while True:
        # x_i * field_i is (satisfied - frustrated) ties of i: move the worst actor.
        gain = x * field_
        worst = gain.argmin(axis=0)
        moving = gain[worst, columns] < 0
        if not moving.any():
            break
        rows, cols = worst[moving], columns[moving]
        x[rows, cols] = -x[rows, cols]
        field_[:, cols] += 2 * x[rows, cols] * matrix[:, rows]
    costs = np.rint((np.abs(matrix).sum() - np.einsum("ik,ij,jk->k", x, matrix, x)) / 4)
    best = int(costs.argmin())  # the first of the cheapest, as one at a time would keep
    return int(costs[best]), (x[:, best] < 0).astype(int)


def _block_splits(
    matrix: np.ndarray, *, exact_limit: int, seed: int
) -> tuple[int, bool, list[tuple[np.ndarray, np.ndarray]]]:
    """The frustration index of a signed matrix, whether it is exact, and the rows of
    each biconnected block with a cycle in it (more than one tie: a bridge can always be
    satisfied) with that block's best split into two camps.

    Every cycle lies inside one block, so the index is the sum over blocks. The blocks are
    found on the rows' numbers, which keep the actors' text order: the matrix of a block is
    then the rows' own (a tie between two actors of a block is in that block).
    """
    first, second = np.nonzero(np.triu(matrix, 1))
    linked = nx.Graph()
    linked.add_edges_from(zip(first.tolist(), second.tolist(), strict=True))
    total, exact, splits = 0, True, []
    for ties in nx.biconnected_component_edges(linked):
        if len(ties) < 2:
            continue
        rows = np.unique(np.array(ties))
        block = matrix[np.ix_(rows, rows)]
        if len(rows) <= exact_limit:
            cost, camps = _block_exact(block)
        else:
            cost, camps = _block_local_search(block, seed=seed)
            exact = False
        total += cost
        splits.append((rows, camps))
    return total, exact, splits


def frustration_index(
    graph: nx.Graph, *, exact_limit: int = EXACT_LIMIT, seed: int = 0
) -> Frustration:
    """The frustration index: the fewest signed ties whose change would balance the graph.

    Every cycle lies inside one biconnected block, so the index is the sum over blocks,
    and a tie outside any cycle never counts. Each block is solved exactly by trying every
    split into two camps when it has at most exact_limit actors; above that a seeded local
    search gives an upper bound and the result says it is approximate.
    """
    signed = signed_part(graph)
    nodes, matrix = _signed_matrix(signed)
    total, exact, splits = _block_splits(matrix, exact_limit=exact_limit, seed=seed)
    camp_of_block = [
        dict(zip((nodes[row] for row in rows.tolist()), camps.tolist(), strict=True))
        for rows, camps in splits
    ]
    camps = _joined_camps(signed, camp_of_block)
    frustrated = tuple(
        (u, v) for u, v, d in signed.edges(data=True) if (camps[u] == camps[v]) != (d["sign"] > 0)
    )
    return Frustration(total, exact, camps, frustrated)


def _joined_camps(signed: nx.Graph, block_camps: list[dict]) -> dict:
    """One split of the whole graph: block splits glued at their shared actors, and every
    tie outside a cycle placed to be satisfied."""
    camps: dict = {}
    block_of: dict = {}
    for i, block in enumerate(block_camps):
        for node in block:
            block_of.setdefault(node, []).append(i)
    done_blocks: set[int] = set()
    for component in sorted(nx.connected_components(signed), key=lambda c: -len(c)):
        root = min(component, key=str)
        camps[root] = 0
        # Walk the component outward: a block is flipped to agree with the actor through
        # which it is reached; a bridge puts its far end where its sign says.
        queue = [root]
        while queue:
            node = queue.pop()
            for i in block_of.get(node, []):
                if i in done_blocks:
                    continue
                done_blocks.add(i)
                flip = block_camps[i][node] != camps[node]
                for other, camp in block_camps[i].items():
                    if other not in camps:
                        camps[other] = camp ^ int(flip)
                        queue.append(other)
            for other in signed.adj[node]:
                if other not in camps:
                    same = signed.edges[node, other]["sign"] > 0
                    camps[other] = camps[node] if same else 1 - camps[node]
                    queue.append(other)
    return camps


# -- scores ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BalanceScore:
    """How balanced one network is: its triangles and its frustration index."""

    triangles: int
    balanced: int
    signed_ties: int
    frustration: Frustration

    @property
    def share(self) -> float | None:
        """Share of balanced triangles (None when there is no triangle)."""
        return self.balanced / self.triangles if self.triangles else None


def balance_score(graph: nx.Graph, *, triads: pd.DataFrame | None = None) -> BalanceScore:
    """Triangles, balanced triangles, signed ties and the frustration index of graph."""
    signed = signed_part(graph)
    if triads is None:
        triangles, balanced = triangle_counts(signed)
    else:
        triangles, balanced = len(triads), int(triads["balanced"].sum())
    return BalanceScore(
        triangles=triangles,
        balanced=balanced,
        signed_ties=signed.number_of_edges(),
        frustration=frustration_index(signed),
    )


def balance_counts(signs: Mapping[tuple, int]) -> BalanceScore:
    """balance_score of the network whose ties are signs ({(u, v): sign}), for a series of
    scores: its frustration index comes without the camps and the ties they frustrate,
    which only a drawn network shows, and no graph is made."""
    _nodes, matrix = signed_matrix_of(signs)
    triangles, balanced = _matrix_triangle_counts(matrix)
    index, exact, _splits = _block_splits(matrix, exact_limit=EXACT_LIMIT, seed=0)
    return BalanceScore(
        triangles=triangles,
        balanced=balanced,
        signed_ties=int(np.count_nonzero(np.triu(matrix, 1))),
        frustration=Frustration(index, exact),
    )


BALANCE_COLUMNS = [
    "date",
    "signed_ties",
    "triangles",
    "balanced",
    "share_balanced",
    "frustration",
    "exact",
]


def score_row(when, score: BalanceScore) -> dict:
    """One row of balance_over_time: score on the date when."""
    return {
        "date": pd.Timestamp(when),
        "signed_ties": score.signed_ties,
        "triangles": score.triangles,
        "balanced": score.balanced,
        "share_balanced": score.share,
        "frustration": score.frustration.index,
        "exact": score.frustration.exact,
    }


def balance_over_time(snapshots: Iterable[tuple]) -> pd.DataFrame:
    """One row per (date, graph): triangles, share balanced, frustration index."""
    rows = [score_row(when, balance_score(graph)) for when, graph in snapshots]
    return pd.DataFrame(rows, columns=BALANCE_COLUMNS)
