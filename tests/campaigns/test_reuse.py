"""The reuse engine on generated fictional corpora: precision and recall of reuse pairs and of
campaign membership at Jaccard >= 0.5, no cluster mixing two campaigns, lifted passages found."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest
from bench.campaigns_corpus import Corpus, generate
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.reuse import ReuseDetector, ReuseParams
from docket.reuse.campaign import build_clusters, likely_original
from docket.reuse.minhash import OnePermutationHasher, choose_bands
from docket.reuse.passage import excerpt, shared_passage
from docket.reuse.text import Ragged, batch_words, jaccard_words, shingle_hashes, words


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return generate(3000, seed=11)


@pytest.fixture(scope="module")
def found(corpus: Corpus):  # type: ignore[no-untyped-def]
    detector = ReuseDetector(ReuseParams(threshold=0.5))
    texts = [d.text for d in corpus.docs]
    for start in range(0, len(texts), 700):
        detector.add_texts(texts[start : start + 700])
    return detector.finish()


def _truth(corpus: Corpus) -> set[tuple[int, int]]:
    """Every pair of planted copies whose exact Jaccard (on the words) is >= 0.5."""
    tokens = [words(d.text) for d in corpus.docs]
    members: dict[int, list[int]] = {}
    for n, d in enumerate(corpus.docs):
        if d.campaign is not None:
            members.setdefault(d.campaign, []).append(n)
    return {
        (a, b)
        for group in members.values()
        for a, b in itertools.combinations(sorted(group), 2)
        if jaccard_words(tokens[a], tokens[b], 5) >= 0.5
    }


def test_reuse_pairs_precision_and_recall_at_half(corpus: Corpus, found) -> None:  # type: ignore[no-untyped-def]
    truth = _truth(corpus)
    pairs = {(int(a), int(b)) for a, b in found.pairs.tolist()}
    assert len(truth) > 500
    recall = len(pairs & truth) / len(truth)
    assert recall >= 0.98, recall
    # precision: every reported pair really has Jaccard >= 0.5 on the words themselves
    tokens = {n: words(corpus.docs[n].text) for pair in pairs for n in pair}
    wrong = [p for p in pairs if jaccard_words(tokens[p[0]], tokens[p[1]], 5) < 0.5]
    assert wrong == []
    assert np.all(found.scores >= 0.5)


def test_campaign_membership_and_no_mixed_cluster(corpus: Corpus, found) -> None:  # type: ignore[no-untyped-def]
    sites = [d.site for d in corpus.docs]
    codes = {s: n for n, s in enumerate(sorted(set(sites)))}
    clusters = build_clusters(
        [codes[s] for s in sites], found.pairs, found.scores, threshold=0.5, min_sites=2
    )
    planted = Counter(d.campaign for d in corpus.docs if d.campaign is not None)
    assert len(clusters) >= len(planted) * 0.95
    found_members = 0
    for cluster in clusters:
        labels = {corpus.docs[m].campaign for m in cluster.members}
        assert len(labels) == 1 and None not in labels, labels  # one campaign, nothing else
        found_members += len(cluster.members)
    # recall of membership: planted copies that landed in their campaign's cluster
    assert found_members / sum(planted.values()) >= 0.98
    # one cluster per campaign (a campaign split in two would show here)
    assert len({corpus.docs[c.members[0]].campaign for c in clusters}) == len(clusters)


def test_lifted_paragraphs_found_with_the_shared_passage(corpus: Corpus, found) -> None:  # type: ignore[no-untyped-def]
    lifts = {n for n, d in enumerate(corpus.docs) if d.lifted_from is not None}
    hit = set()
    for p in found.partial:
        for lifted, source in ((p.a, p.b), (p.b, p.a)):
            if corpus.docs[lifted].lifted_from == corpus.docs[source].campaign is not None:
                span = p.span_a if lifted == p.a else p.span_b
                passage = excerpt(corpus.docs[lifted].text, *span)
                shared = shared_passage(passage, corpus.docs[source].text)
                assert shared.words >= 10  # the copies are edited: runs are shorter
                hit.add(lifted)
    assert lifts and len(hit) / len(lifts) >= 0.95


def test_bands_meet_the_recall_asked_for() -> None:
    for threshold in (0.3, 0.5, 0.7, 0.9):
        bands = choose_bands(threshold, 0.995)
        assert bands.probability(threshold) >= 0.995
        assert bands.size <= 256


def test_signature_agreement_estimates_jaccard() -> None:
    rng = np.random.default_rng(3)
    base = rng.integers(0, 2**63, size=600, dtype=np.uint64)
    hasher = OnePermutationHasher(256)
    for keep in (0.3, 0.6, 0.9):
        other = np.concatenate([base[: int(600 * keep)], rng.integers(0, 2**63, 200, np.uint64)])
        a, b = np.unique(base), np.unique(other)
        exact = np.intersect1d(a, b).size / np.union1d(a, b).size
        sets = Ragged(np.concatenate([a, b]), np.array([0, len(a), len(a) + len(b)]))
        sig = hasher.signatures(sets)
        assert abs(float(np.mean(sig[0] == sig[1])) - exact) < 0.08


def test_short_texts_get_full_signatures() -> None:
    hasher = OnePermutationHasher(120)
    sets = Ragged(np.array([5, 7], dtype=np.uint64), np.array([0, 1, 2, 2]))
    sig = hasher.signatures(sets)
    assert np.all(sig[0] == sig[0][0]) and np.all(sig[2] == 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_batch_words_are_the_words(texts: list[str]) -> None:
    batch = batch_words(texts)
    for n, text in enumerate(texts):
        assert batch.offsets[n + 1] - batch.offsets[n] == len(words(text))
        assert sum(batch.lines[n]) == len(words(text))
    # the same word hashes the same wherever it is
    joined = batch_words([" ".join(words(t)) for t in texts])
    assert np.array_equal(joined.hashes, batch.hashes)


def test_reposts_with_other_punctuation_and_case_are_the_same_text() -> None:
    a = "The lawyer «Erlan» was accused — again — of treason; the court agreed. " * 8
    b = a.upper().replace("«", '"').replace("»", '"').replace("—", "-")
    hashes = [batch_words([t]).hashes for t in (a, b)]
    assert np.array_equal(shingle_hashes(hashes[0], 5), shingle_hashes(hashes[1], 5))


def test_likely_original_is_the_earliest_then_the_hub() -> None:
    from datetime import date

    edges = [(1, 2, 0.9), (1, 3, 0.9), (2, 3, 0.8)]
    first, why = likely_original([1, 2, 3], {1: date(2021, 5, 2), 2: date(2021, 5, 1)}, edges)
    assert first == 2 and "earliest" in why
    hub, why = likely_original([1, 2, 3], {}, [(1, 2, 0.9), (1, 3, 0.9)])
    assert hub == 1 and "no publication dates" in why
