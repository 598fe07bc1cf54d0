"""How alike two sets of texts are, and which pairs of them to take one to one: TF-IDF
vectors over word counts (the tokens come from the caller, jieba in practice), their cosine,
and the assignment of the most similar pairs above a threshold. Plan comparison
(``graph.comparison``) and progress reports (``graph.progress_matching``) both match with these.

The assignment is near-linear, for plans of thousands of tasks: the similarities come from one
sparse product of the two TF-IDF matrices (only texts that share a word get one), the pairs
above the threshold make a sparse graph, and each connected part of it is assigned on its own
with the Hungarian algorithm (scipy's ``linear_sum_assignment``) — where every pair compared
by hand and a general matching (networkx's blossom) was far too slow (docs/performance.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

__all__ = [
    "Vectors",
    "assignment",
    "cosine",
    "pair_similarity",
    "tfidf_vectors",
    "word_counts",
]

_WORD = re.compile(r"\w")


def word_counts(text: str, tokenize: Callable[[str], Iterable[str]]) -> Counter[str]:
    """How often each token of ``text`` that holds a letter or digit occurs in it."""
    return Counter(t for t in tokenize(text) if _WORD.search(t))


def tfidf_vectors(
    old: Sequence[Counter[str]], new: Sequence[Counter[str]]
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Unit TF-IDF vectors of two sets of word counts (the tasks of two plans, a report's
    rows and a plan's tasks); document frequencies over both."""
    frequency: Counter[str] = Counter()
    for words in (*old, *new):
        frequency.update(words.keys())
    total = len(old) + len(new)

    def vector(words: Counter[str]) -> dict[str, float]:
        weights = {w: n * (1 + math.log(total / frequency[w])) for w, n in words.items()}
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        return {w: x / norm for w, x in weights.items()}

    return [vector(w) for w in old], [vector(w) for w in new]


Vectors = Sequence[dict[str, float]]


def assignment(
    old: Vectors, new: Vectors, threshold: float, titles: tuple[Vectors, Vectors] | None = None
) -> list[tuple[int, int]]:
    """(old, new) pairs of tasks, one to one, whose similarity is at least ``threshold``,
    with the greatest total similarity; with ``titles`` (the vectors of the tasks' titles),
    a pair's similarity is the higher of its texts' and its titles'.

    >>> a, b, c = {"x": 1.0}, {"y": 1.0}, {"x": 0.6, "y": 0.8}
    >>> assignment([a, b], [c, a], 0.5)
    [(0, 1), (1, 0)]
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    if not old or not new:
        return []
    vocabulary: dict[str, int] = {}

    def matrix(vectors: Sequence[dict[str, float]]) -> Any:
        """The vectors as the rows of a sparse matrix, a column per word."""
        rows, columns, values = [], [], []
        for row, vector in enumerate(vectors):
            for word, weight in vector.items():
                rows.append(row)
                columns.append(vocabulary.setdefault(word, len(vocabulary)))
                values.append(weight)
        return rows, columns, values

    def product(left: Vectors, right: Vectors) -> Any:
        """The cosines of every pair of vectors that share a word (a sparse matrix)."""
        entries = matrix(left), matrix(right)
        left_matrix, right_matrix = (
            csr_matrix((values, (rows, columns)), shape=(len(vectors), len(vocabulary)))
            for (rows, columns, values), vectors in zip(entries, (left, right), strict=True)
        )
        return left_matrix @ right_matrix.T

    similar = product(old, new)
    if titles is not None:
        similar = similar.maximum(product(*titles))
    similar = similar.tocoo()
    # A hair below the threshold: the pairs are checked again by cosine, as they always were.
    keep = similar.data >= threshold - 1e-9
    i, j = similar.row[keep], similar.col[keep]
    weights = similar.data[keep]
    # Old tasks are nodes 0…n-1, new ones n…n+m-1: each connected part is assigned alone.
    size = len(old) + len(new)
    graph = csr_matrix((np.ones(len(i)), (i, j + len(old))), shape=(size, size))
    _, part = connected_components(graph, directed=False)
    pairs: list[tuple[int, int]] = []
    for label in np.unique(part[i]):
        inside = part[i] == label
        rows, row_index = np.unique(i[inside], return_inverse=True)
        columns, column_index = np.unique(j[inside], return_inverse=True)
        cost = np.zeros((len(rows), len(columns)))
        cost[row_index, column_index] = weights[inside]
        for a, b in zip(*linear_sum_assignment(cost, maximize=True), strict=True):
            i_old, j_new = int(rows[a]), int(columns[b])
            if cost[a, b] > 0 and pair_similarity((old, new), titles, i_old, j_new) >= threshold:
                pairs.append((i_old, j_new))
    return sorted(pairs)


def pair_similarity(
    texts: tuple[Vectors, Vectors], titles: tuple[Vectors, Vectors] | None, i: int, j: int
) -> float:
    """How alike old task ``i`` and new task ``j`` are: their texts' cosine, or their
    titles' where that is higher."""
    found = cosine(texts[0][i], texts[1][j])
    return found if titles is None else max(found, cosine(titles[0][i], titles[1][j]))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The similarity of two unit vectors (0 to 1)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())
