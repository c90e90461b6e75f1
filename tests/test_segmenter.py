"""pipeline.segmenter against jieba itself: the same words, on real text and on generated text."""
from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segmenter import Segmenter
from pipeline.words import segmenter, tokenizer

from conftest import ROOT, corpus_files, needs_corpus

CASES = ROOT / "tests" / "cases"


@pytest.fixture(scope="module")
def plain():
    """jieba's own dictionary, and a segmenter over it."""
    jieba.setLogLevel(60)
    cutter = jieba.Tokenizer()
    cutter.initialize()
    return cutter, Segmenter(cutter)


@pytest.fixture(scope="module")
def domain():
    """The keywords stage's tokenizer (domain dictionary and theme words added), and a segmenter over it."""
    return tokenizer(), segmenter()


def texts() -> list[Path]:
    return sorted(CASES.glob("*/*.txt")) + [ROOT / "data" / "raw" / "seed.txt"]


@pytest.mark.parametrize("which", ["plain", "domain"])
def test_same_words_as_jieba_on_every_case(which, request):
    cutter, segmenter = request.getfixturevalue(which)
    differ = [path.name for path in texts()
              if segmenter.lcut(path.read_text(encoding="utf-8")) != cutter.lcut(path.read_text(encoding="utf-8"))]
    assert differ == []


@needs_corpus
def test_same_words_as_jieba_on_the_corpus(domain):
    cutter, segmenter = domain
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        assert segmenter.lcut(text) == cutter.lcut(text), path.name


@pytest.mark.parametrize("text", [
    "",
    "整改",
    "2020年1月印发了《关于进一步加强执行工作的实施办法》",
    "诉讼收案同比减少27.7%，执行到位率97.57%。",
    "深圳市南山区人民法院 关于巡察整改情况的通报\r\n\r\n一、基本情况",
    "三会一课一案双查执行款",  # domain words
    "龘龘龘齉齉",  # characters in no dictionary: the HMM's
    "ABC-123_x.y%z#&+",  # one block of jieba's, letters and symbols
    "　　（一）全角　空格",
])
def test_same_words_as_jieba_on_edge_cases(domain, text):
    cutter, segmenter = domain
    assert segmenter.lcut(text) == cutter.lcut(text)


_ALPHABET = "整改工作落实问题巡察组反馈意见人民法院执行案件制度建设党员干部年月日一二三四五六七八九十百千万亿" \
            "的了在是和对及与等中上下前后龘齉0123456789.%-_+#&abcXYZ，。、；：（）《》“”\n \t\r　" \
            "\xa0\x85\u2028\u3400\u4db5\U00020000\uf900\u9fd6\uff10\uff21\U0001f600\u200d"  # rare, astral, odd spaces


@pytest.mark.parametrize("which", ["plain", "domain"])
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=80))
def test_same_words_as_jieba_on_generated_text(which, request, text):
    cutter, segmenter = request.getfixturevalue(which)
    words = segmenter.lcut(text)
    assert words == cutter.lcut(text)
    assert "".join(words) == text


def test_the_segmenter_is_a_snapshot_of_the_dictionary():
    """Words added to the tokenizer after the segmenter is built are not seen (documented)."""
    cutter = jieba.Tokenizer()
    cutter.initialize()
    built = Segmenter(cutter)
    before = built.lcut("龘齉整改")
    cutter.add_word("龘齉", 5)
    assert built.lcut("龘齉整改") == before != cutter.lcut("龘齉整改")
