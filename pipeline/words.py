"""words: text → words → TF-IDF keywords, the word-level work under the themes and keywords stages.

The tokenizer is jieba's, loaded once with ``lexicon/domain_dict.txt`` and the keywords of
``lexicon/themes.yaml`` so that 三会一课, 一案双查, 执行款 stay single words; ``segmenter()`` cuts
with it as jieba does, about twice as fast once built (``pipeline.segmenter``); ``cutter`` picks
one of the two by the size of the job.

Keywords are jieba's TF-IDF (``jieba.analyse.TFIDF.extract_tags``) taken apart so that a notice is
cut once, not once per use: ``count_terms`` keeps the words that can be keywords with their counts
in order of first use, as ``extract_tags`` counts them, and ``top_terms`` weighs them against an
IDF table as it does, ties in the same order. ``count_notices`` also counts in how many notices each
word is, and ``batch_idf`` builds a batch's IDF table from that.

>>> vocabulary = {}
>>> terms = count_terms(["整改", "的", "整改", "落实", "，", "a"], frozenset({"的"}), vocabulary)
>>> terms.words, list(terms.counts)
(('整改', '落实'), [2, 1])
>>> top_terms(terms, {"整改": 1.0, "落实": 6.0}, 3.0, 5)
[('落实', 2.0), ('整改', 0.6666666666666666)]
"""
from __future__ import annotations

import logging
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

from .resources import load_lines, load_yaml

__all__ = ["NoticeTerms", "NoticeText", "TermCounts", "batch_idf", "count_notices",
           "count_notices_in_parallel", "count_terms", "cutter", "jieba_idf", "load_taxonomy", "segmenter", "stop_words",
           "theme_words", "tokenizer", "top_terms", "words_in_spans", "worth_a_segmenter"]


@lru_cache(maxsize=None)
def load_taxonomy() -> dict:
    """``lexicon/themes.yaml``: fields, min_score, unclassified, themes [{name, group, keywords}], stopwords."""
    return load_yaml("themes.yaml")


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba tokenizer with the domain dictionary and every theme keyword as single words (built once)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cutter = jieba.Tokenizer()
    for line in load_lines("domain_dict.txt"):
        word, *rest = line.split()
        cutter.add_word(word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None)
    for theme in load_taxonomy()["themes"]:
        for word in theme["keywords"]:
            if len(word) > 1:
                cutter.add_word(word, 2000)
    return cutter


@lru_cache(maxsize=1)
def segmenter():
    """``tokenizer()``'s segmentation, faster (built once; ``pipeline.segmenter``)."""
    from .segmenter import Segmenter

    return Segmenter(tokenizer())


#: below this many characters to cut, jieba's own loop is cheaper than building the segmenter's
#: automaton (~0.7 s; the segmenter saves ~1 µs a character, measured on the benchmark's notices)
SEGMENTER_MIN_CHARS = 650_000


def worth_a_segmenter(characters: int) -> bool:
    """Whether a job of about ``characters`` characters is cut faster by building ``segmenter()``."""
    return characters >= SEGMENTER_MIN_CHARS


def cutter(characters: int) -> Callable[[str], list[str]]:
    """``lcut`` for a job of about ``characters`` characters: the segmenter's, or for a small job the
    tokenizer's own (the same words either way)."""
    return (segmenter() if worth_a_segmenter(characters) else tokenizer()).lcut


@lru_cache(maxsize=1)
def jieba_idf() -> tuple[dict[str, float], float]:
    """jieba's general-language IDF table and its median, for batches too small to have their own."""
    from jieba.analyse import TFIDF

    extractor = TFIDF()
    return extractor.idf_freq, extractor.median_idf


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """jieba's keyword stop words and those of ``lexicon/themes.yaml``."""
    from jieba.analyse import TFIDF

    return frozenset(TFIDF.STOP_WORDS) | frozenset(load_taxonomy()["stopwords"])


@dataclass(frozen=True)
class TermCounts:
    """The words of a document that can be keywords, in order of first use, and their counts."""

    words: tuple[str, ...]
    counts: array  # of "l", one per word


def count_terms(words: Iterable[str], stop: frozenset[str], vocabulary: dict[str, str]) -> TermCounts:
    """Count the words that can be keywords: two characters or more once stripped, no stop word.

    ``vocabulary`` shares one string per distinct word between documents, so a batch's counts
    hold each word once.
    """
    counted = Counter(word for word in words if len(word.strip()) >= 2 and word.lower() not in stop)
    return TermCounts(tuple(vocabulary.setdefault(word, word) for word in counted), array("l", counted.values()))


def top_terms(terms: TermCounts, idf: dict[str, float], median_idf: float, limit: int | None) -> list[tuple[str, float]]:
    """(word, weight) best first: count × IDF / the document's count of keyword-able words.

    A word the table lacks takes its median; equal weights keep the order of first use.
    """
    total = float(sum(terms.counts))
    weights = [(word, count * (idf.get(word, median_idf) / total)) for word, count in zip(terms.words, terms.counts)]
    return sorted(weights, key=itemgetter(1), reverse=True)[:limit]


def words_in_spans(words: list[str], spans: Iterable[tuple[int, int]]) -> list[list[str]]:
    """For each (start, end), the words of ``words`` (the cut of a whole text) inside ``text[start:end]``.

    A word that crosses a span's edge belongs to neither side.

    >>> words_in_spans(["整改", "落实", "到位", "。"], [(2, 6), (1, 5)])
    [['落实', '到位'], ['落实']]
    """
    offsets = list(accumulate(map(len, words), initial=0))
    return [words[bisect_left(offsets, start):bisect_right(offsets, end) - 1] for start, end in spans]


@dataclass(frozen=True)
class NoticeText:
    """A notice to count the words of: its text and the (problem_id, start, end) spans of its problems."""

    notice_id: str
    text: str
    traditional: bool  # published in Traditional script: read in Simplified
    spans: list[tuple[str, int, int]]


@dataclass(frozen=True)
class NoticeTerms:
    notice_id: str
    terms: TermCounts
    problems: list[tuple[str, TermCounts]]  # (problem_id, its terms), in the order of NoticeText.spans
    themed: list[Counter]  # each problem's theme words (``theme_words``) and their counts, in that order


def count_notices(notices: list[NoticeText], fast: bool) -> tuple[list[NoticeTerms], Counter]:
    """Each notice cut once: its countable words, its problems' and their theme words; and in how
    many notices each word is.

    ``fast`` cuts with ``segmenter()``, else with ``tokenizer()`` (the same words).
    """
    cut, stop, themed, vocabulary = (segmenter() if fast else tokenizer()).lcut, stop_words(), theme_words(), {}
    counted, document_frequency = [], Counter()
    for notice in notices:
        if notice.traditional:  # Simplified script may change the length: cut each problem's text on its own
            from .clean_repairs import to_simplified

            words = cut(to_simplified(notice.text))
            inside = [cut(to_simplified(notice.text[start:end])) for _, start, end in notice.spans]
        else:
            words = cut(notice.text)
            inside = words_in_spans(words, [(start, end) for _, start, end in notice.spans])
        document_frequency.update(set(words))
        counted.append(NoticeTerms(notice.notice_id, count_terms(words, stop, vocabulary),
                                   [(span[0], count_terms(part, stop, vocabulary)) for span, part in zip(notice.spans, inside)],
                                   [Counter(word for word in part if word in themed) for part in inside]))
    return counted, document_frequency


@lru_cache(maxsize=1)
def theme_words() -> frozenset[str]:
    """Every keyword of every theme of ``lexicon/themes.yaml``: the only words the themes stage counts."""
    return frozenset(word for theme in load_taxonomy()["themes"] for word in theme["keywords"])


def count_notices_in_parallel(notices: list[NoticeText], fast: bool, workers: int) -> tuple[list[NoticeTerms], Counter]:
    """``count_notices`` over up to ``workers`` processes forked from this one, which share its
    dictionary and automaton (built here first); the results in the notices' order, their words
    stored once. Where processes are not forked (not Linux), one process counts: each worker would
    load jieba anew."""
    from .forking import FORKS, forked_pool

    size = max(_MIN_CHUNK, min(_MAX_CHUNK, -(-len(notices) // (4 * max(workers, 1)))))  # ~4 chunks a worker
    chunks = [notices[i:i + size] for i in range(0, len(notices), size)]
    if workers <= 1 or len(chunks) < 2 or not FORKS:
        return count_notices(notices, fast)
    (segmenter() if fast else tokenizer()), stop_words(), theme_words()  # built once, before forking
    if any(notice.traditional for notice in notices):
        from .clean_repairs import to_simplified

        to_simplified("臺")  # the converter too
    counted, document_frequency, vocabulary = [], Counter(), {}
    with forked_pool(min(workers, len(chunks))) as pool:
        for part, frequency in pool.map(count_notices, chunks, [fast] * len(chunks)):
            document_frequency.update(frequency)
            counted += [_share_words(notice, vocabulary) for notice in part]
    return counted, document_frequency


_MIN_CHUNK, _MAX_CHUNK = 16, 64  # notices a worker counts at a time


def _share_words(notice: NoticeTerms, vocabulary: dict[str, str]) -> NoticeTerms:
    """The same counts, each word one string shared with every other notice's (a worker's come apart)."""
    def share(terms: TermCounts) -> TermCounts:
        return TermCounts(tuple(map(vocabulary.setdefault, terms.words, terms.words)), terms.counts)

    return NoticeTerms(notice.notice_id, share(notice.terms), [(p, share(t)) for p, t in notice.problems],
                       notice.themed)


def batch_idf(document_frequency: Counter, documents: int) -> tuple[dict[str, float], float]:
    """Smoothed inverse document frequency of every word counted, and its median."""
    idf = {word: math.log((1 + documents) / (1 + df)) + 1 for word, df in document_frequency.items()}
    values = sorted(idf.values())
    return idf, values[len(values) // 2] if values else 1.0
