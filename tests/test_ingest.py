"""Tests for pipeline.ingest: bytes → text in every encoding notices come in, pages → article text.

Groups: ROUND_TRIPS (real text encoded and decoded back exactly), web pages (the 015 page of the
dev corpus and small synthetic pages), and BAD_INPUTS (each named error, with a user-readable
message). Word files: test_ingest_docx.py; PDFs: test_ingest_pdf.py; whole hostile batches:
test_hostile.py. Fixtures are in tests/cases/ingest (see its README); larger files are made in tmp_path.
"""
from __future__ import annotations

import codecs
import random
import time
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.errors import (DecodeError, EmptyInput, IngestError, TooLarge, UnsupportedFormat,
                             ZhenggaiError)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "seed.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"  # the paths conftest.py uses
CASES = Path(__file__).parent / "cases" / "ingest"
SIMPLIFIED = SEED.read_text(encoding="utf-8")
TRADITIONAL = (CASES / "traditional.txt").read_text(encoding="utf-8")
SAMPLES = {
    "seed": SIMPLIFIED,
    "seed-200": SIMPLIFIED[3000:3200],  # a 200-character slice from the middle of a paragraph
    "015-fw": (CASES / "015.fw.txt").read_text(encoding="utf-8"),
    "traditional": TRADITIONAL,
    "traditional-200": TRADITIONAL[400:600],
}
# (name as written, Python codec, byte-order mark to put in front, RawDoc.encoding expected)
ENCODINGS = [
    ("utf-8", "utf_8", b"", "utf_8"),
    ("utf-8-sig", "utf_8", codecs.BOM_UTF8, "utf_8_sig"),
    ("gb18030", "gb18030", b"", "gb18030"),
    ("gbk", "gbk", b"", "gb18030"),
    ("gb2312", "gb2312", b"", "gb18030"),
    ("big5", "big5", b"", "big5"),
    ("utf-16-le-bom", "utf_16_le", codecs.BOM_UTF16_LE, "utf_16_le"),
    ("utf-16-be-bom", "utf_16_be", codecs.BOM_UTF16_BE, "utf_16_be"),
    ("utf-16-le", "utf_16_le", b"", "utf_16_le"),
    ("utf-16-be", "utf_16_be", b"", "utf_16_be"),
]


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


ROUND_TRIPS = [pytest.param(sample, enc, id=f"{name}-{enc[0]}")
               for name, sample in SAMPLES.items() for enc in ENCODINGS if _encodable(sample, enc[1])]


@pytest.mark.parametrize("sample, encoding", ROUND_TRIPS)
def test_txt_round_trips_exactly(sample, encoding):
    _, codec, bom, expected = encoding
    doc = ingest.load_bytes(bom + sample.encode(codec), source_path="x.txt", suffix=".txt")
    assert doc.text == sample
    assert doc.encoding == expected
    assert doc.format == "txt" and doc.metadata == {}


def test_round_trips_cover_big5_and_gbk():
    ids = {p.id for p in ROUND_TRIPS}
    assert {"traditional-big5", "traditional-200-big5", "seed-gbk", "seed-200-gb2312"} <= ids


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/dev is not beside the repo")
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
@pytest.mark.parametrize("codec", ["gb18030", "utf_16_le"])
def test_dev_corpus_round_trips(path, codec):
    """Every dev-corpus text, whole and as a 200-character slice, in GB18030 and BOM-less UTF-16."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    for sample in (text, text[len(text) // 3:len(text) // 3 + 200]):
        doc = ingest.load_bytes(sample.encode(codec), source_path=path.name, suffix="txt")
        assert (doc.text, doc.encoding) == (sample, codec)


@pytest.mark.parametrize("raw, text", [
    (b"\xe4\xb8\x80\xe3\x80\x81\r\n(\xe4\xb8\x80)\r\n", "一、\n(一)\n"),
    (b"a\rb\r\nc\n", "a\nb\nc\n"),
    ("（一）　ＡＢＣ１．\n信息索引号：001\n".encode("gb18030"), "（一）　ＡＢＣ１．\n信息索引号：001\n"),
])
def test_txt_normalises_newlines_only(raw, text):
    assert ingest.load_bytes(raw, source_path="x.txt", suffix=".txt").text == text


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0b", "\x0c", "\x85"],
                         ids=["line-separator", "paragraph-separator", "vertical-tab", "form-feed", "nel"])
def test_rarer_line_breaks_are_newlines(separator):
    """QA M7: copies out of Word (VT), layout tools (U+2029) and JSON (U+2028) keep their lines, so their
    headings are found."""
    text = SEED.read_text(encoding="utf-8").replace("\n", separator)
    doc = ingest.load_bytes(text.encode("utf_8"), source_path="x.txt", suffix=".txt")
    assert doc.text == SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("sample, codec", [(SIMPLIFIED, "utf_8"), (SIMPLIFIED, "gb18030"),
                                           (TRADITIONAL, "big5")], ids=["utf-8", "gb18030", "big5"])
@pytest.mark.parametrize("damage", ["cut-mid-character", "stray-byte"])
def test_damaged_txt_keeps_its_encoding_with_a_replacement_character(sample, codec, damage):
    data = (sample.rstrip() + "整改").encode(codec)  # ends with a multibyte character
    data = data[:-1] if damage == "cut-mid-character" else data[:1001] + b"\x80" + data[1001:]
    doc = ingest.load_bytes(data, source_path="x.txt", suffix=".txt")
    assert doc.encoding == codec
    assert doc.text.count("\ufffd") == 1
    assert doc.text.replace("\ufffd", "") in (sample.rstrip() + "整改").replace("\r\n", "\n")


def test_load_reads_a_file(tmp_path):
    path = tmp_path / "notice.TXT"
    path.write_bytes(SIMPLIFIED.encode("gbk"))
    doc = ingest.load(path)
    assert (doc.text, doc.encoding, doc.source_path) == (SIMPLIFIED, "gb18030", str(path))


# --- web pages ----------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def test_web_page_gives_article_and_metadata():
    doc = ingest.load(CASES / "015.web.html")
    assert _lines(doc.text) == _lines((CASES / "015.fw.txt").read_text(encoding="utf-8"))
    assert doc.metadata == {"published": "2025-12-29", "source": "博兴县纪委监委",
                            "title": "博兴县纪委监委网站"}
    assert (doc.format, doc.encoding) == ("html", "gb18030")
    assert "发布时间：2025-05-12" in doc.text  # in the article: stays in the body as published
    for furniture in ("网站首页", "首页 >>", "字体", "打印本页", "关闭窗口", "上一篇", "主办", "doZoom"):
        assert furniture not in doc.text


GOV_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>关于巡察整改情况的通报_婺城区人民政府</title>
<meta name="PubDate" content="2023-05-06 09:00"><script>var x = "脚本里的中文";</script></head>
<body><div class="nav"><a href="/">首页</a><a href="/">政务公开</a><a href="/">互动交流</a></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/">通知公告</a></div>
<table class="xxgk"><tr><td>信息索引号：</td><td>113307020501239658/2023-46395</td>
<td>发布机构：</td><td>婺城区文旅体局</td></tr><tr><td>成文日期：</td><td>2023-05-04</td></tr></table>
<div class="main"><h1>中共金华市婺城区文化和旅游体育局党组关于巡察整改情况的通报</h1>
<div class="info">日期：2023-05-04 08:46:31 来源：区文旅体局 浏览量：<span>12</span></div>
<div class="TRS_Editor"><p>　　根据区委统一部署，区委第二巡察组对区文旅体局党组进行了巡察。</p>
<p>　　一、整改<strong>工作</strong>开展<span>情况</span></p>
<p>第一行<br>第二行<br/>
   接着写的
   同一行 and
   English</p>
<table><tr><td>序号</td><td>问题</td></tr><tr><td>1</td><td>理论学习不深入</td></tr></table>
<div class="bdsharebuttonbox"><a href="#">微信</a><a href="#">微博</a></div>
<p style="display: none">隐藏的文字</p><p>【打印本页】　【关闭窗口】</p>
<p>上一篇：<a href="/1.html">关于某某的通知</a></p></div></div>
<ul class="list"><li><a href="/2.html">其他新闻标题一</a></li><li><a href="/3.html">其他新闻标题二</a></li></ul>
<div id="footer">版权所有：金华市婺城区人民政府办公室</div></body></html>"""


def test_government_page_furniture_goes_to_metadata():
    doc = ingest.load_bytes(GOV_PAGE.encode("utf-8"), source_path="p.html", suffix=".html")
    assert doc.text.split("\n") == [
        "中共金华市婺城区文化和旅游体育局党组关于巡察整改情况的通报",  # the article's title, above its container
        "　　根据区委统一部署，区委第二巡察组对区文旅体局党组进行了巡察。",
        "　　一、整改工作开展情况",
        "第一行",
        "第二行",
        "接着写的同一行 and English",
        "序号\t问题",
        "1\t理论学习不深入",
    ]
    assert doc.metadata == {
        "published": "2023-05-04", "source": "区文旅体局", "publisher": "婺城区文旅体局",
        "index_no": "113307020501239658/2023-46395",
        "title": "中共金华市婺城区文化和旅游体育局党组关于巡察整改情况的通报",
    }


def test_page_without_known_container_uses_densest_block():
    page = ("<html><body><div class='top'><a href='/'>首页</a> | <a href='/'>新闻中心</a> | "
            "<a href='/'>巡察工作</a> | <a href='/'>联系我们</a></div><div class='x1'><div class='x2'>"
            "<p>根据市委统一部署，市委第一巡察组对市卫健委党组开展了巡察。</p>"
            "<p>一、整改工作开展情况</p><p>（一）强化组织领导，制定整改方案。</p></div>"
            "<div class='x3'><a href='/a'>相关新闻一则</a><a href='/b'>相关新闻二则</a></div></div>"
            "<div class='bottom'>地址：某市某路一号</div></body></html>")
    doc = ingest.load_bytes(page.encode("gb18030"), source_path="p.htm", suffix="htm")
    assert doc.text.split("\n") == ["根据市委统一部署，市委第一巡察组对市卫健委党组开展了巡察。",
                                    "一、整改工作开展情况", "（一）强化组织领导，制定整改方案。"]
    assert doc.encoding == "gb18030"


@pytest.mark.parametrize("data, encoding", [
    ('<meta charset="big5"><p>根據中央統一部署，巡視組反饋了意見。</p>'.encode("big5"), "big5"),
    ('<meta charset="gb2312"><p>根据统一部署，巡察组反馈了意见。</p>'.encode("utf-8"), "utf_8"),  # mis-declared
    ('<?xml version="1.0" encoding="gbk"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
     '<p>整改情况</p></body></html>'.encode("gb18030"), "gb18030"),
    (codecs.BOM_UTF16_LE + "<p>整改情况</p>".encode("utf_16_le"), "utf_16_le"),
])
def test_page_charset(data, encoding):
    doc = ingest.load_bytes(data, source_path="p.html", suffix=".html")
    assert doc.encoding == encoding
    assert doc.text in ("根據中央統一部署，巡視組反饋了意見。", "根据统一部署，巡察组反馈了意见。", "整改情况")


def test_entity_bomb_returns_quickly_and_bounded():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    page = (f'<?xml version="1.0"?><!DOCTYPE html [{entities}]>'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>正文&lol9;</p></body></html>')
    start = time.perf_counter()
    try:
        doc = ingest.load_bytes(page.encode(), source_path="bomb.xhtml", suffix=".xhtml")
    except IngestError:
        doc = None
    assert time.perf_counter() - start < 2
    assert doc is None or (len(doc.text) < 1000 and "lollol" not in doc.text)


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    page = (f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            "<html><body><p>整改情况&xxe;</p></body></html>")
    doc = ingest.load_bytes(page.encode(), source_path="x.html", suffix=".html")
    assert "SECRET" not in doc.text and "整改情况" in doc.text


# --- bad inputs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF16_LE, "utf_16_le")],
                         ids=["utf-8-bom", "utf-16-bom"])
@pytest.mark.parametrize("damage", ["cut-mid-character", "stray-byte"])
def test_damaged_txt_with_a_byte_order_mark_is_read_as_without_one(bom, codec, damage):
    """QA H1: the damage a file without a BOM survives (one stray byte, a cut last character) does not lose
    one with a BOM."""
    body = (SIMPLIFIED.rstrip() + "整改").encode(codec.removesuffix("_sig"))
    if damage == "cut-mid-character":
        body = body[:-1]
    else:
        at = 1001 if codec == "utf_8_sig" else 1000  # between two characters
        body = body[:at] + (b"\x80" if codec == "utf_8_sig" else b"\x00\xd8") + body[at:]  # (a lone surrogate)
    doc = ingest.load_bytes(bom + body, source_path="x.txt", suffix=".txt")
    assert doc.encoding == codec
    assert doc.text.count("\ufffd") == 1
    assert doc.text.replace("\ufffd", "") in (SIMPLIFIED.rstrip() + "整改").replace("\r\n", "\n")


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["no-bom", "bom"])
def test_valid_utf8_holding_many_replacement_characters_is_text(bom):
    """QA M1: a copy that lost 3% of its characters (saved as U+FFFD) is read either way; cleaning flags it."""
    text = "".join("\ufffd" if i % 33 == 0 else c for i, c in enumerate(SIMPLIFIED * 3))
    doc = ingest.load_bytes(bom + text.encode("utf_8"), source_path="x.txt", suffix=".txt")
    assert doc.text.count("\ufffd") == text.count("\ufffd") > 0.02 * len(text)


BAD_INPUTS = [
    pytest.param(b"", ".txt", EmptyInput, id="empty"),
    pytest.param(b" \r\n\t \n", ".txt", EmptyInput, id="whitespace"),
    pytest.param("　\n\n　".encode("gb18030"), ".txt", EmptyInput, id="ideographic-spaces"),
    pytest.param(codecs.BOM_UTF16_LE + " \n".encode("utf_16_le"), ".txt", EmptyInput, id="utf16-blank"),
    pytest.param(b"<html><head><style>p{color:red}</style><script>var s='\xe4\xb8\xad';</script></head>"
                 b"<body><script>go()</script><iframe src='x'></iframe><noscript></noscript></body></html>",
                 ".html", EmptyInput, id="scripts-only-page"),
    pytest.param(b"   ", ".html", EmptyInput, id="blank-page"),
    pytest.param(b"\x00" * 4096, ".txt", DecodeError, id="nul-bytes"),
    pytest.param(random.Random(7).randbytes(8192), ".txt", DecodeError, id="random-bytes"),
    pytest.param(bytes(range(256)) * 8, ".txt", DecodeError, id="all-bytes"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ".txt", UnsupportedFormat, id="pdf-named-txt"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00", ".txt", UnsupportedFormat, id="docx-named-txt"),
    pytest.param("整改".encode(), ".pdf", UnsupportedFormat, id="text-named-pdf"),
    pytest.param("整改".encode(), ".docx", UnsupportedFormat, id="text-named-docx"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), ".docx", UnsupportedFormat, id="doc-named-docx"),
    pytest.param(b"PK\x03\x04" + bytes(100), ".docx", IngestError, id="broken-zip-docx"),
    pytest.param(codecs.BOM_UTF8 + b"\xff\xfe\xfd", ".txt", DecodeError, id="broken-after-bom"),
    pytest.param(codecs.BOM_UTF8 + "\ufffd".encode() * 40 + "整改".encode(), ".txt", DecodeError, id="lost-after-bom"),
    pytest.param(("<div>" * 300 + "<p>正文</p>").encode(), ".html", IngestError, id="nested-300-deep"),
]


@pytest.mark.parametrize("data, suffix, error", BAD_INPUTS)
def test_bad_input_raises_named_error(data, suffix, error):
    with pytest.raises(error) as info:
        ingest.load_bytes(data, source_path="bad" + suffix, suffix=suffix)
    assert str(info.value).startswith("bad" + suffix + ": ")


def test_too_large_is_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes("整改".encode() * 20)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("read a file over the limit"))
    with pytest.raises(TooLarge, match="over the limit of 100 bytes"):
        ingest.load(path, max_bytes=100)


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d / "folder.txt", "is a folder"),
])
def test_unreadable_file_is_an_ingest_error(tmp_path, make, message):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(IngestError, match=message):
        ingest.load(make(tmp_path))


def test_permission_denied_is_an_ingest_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("整改", encoding="utf-8")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(IngestError, match="permission denied"):
        ingest.load(path)


def test_unsupported_suffix_names_the_supported_ones(tmp_path):
    with pytest.raises(UnsupportedFormat, match=r"'\.doc' files are not supported; zhenggai reads .*\.docx.*\.pdf"):
        ingest.load(tmp_path / "notice.doc")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_pipes_and_devices_are_refused_unread(tmp_path, kind):
    import os

    path = tmp_path / "notice.txt"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would block until a writer comes: never
    else:
        path.symlink_to("/dev/zero")  # endless
    with pytest.raises(IngestError, match="not a regular file"):
        ingest.load(path)


def test_every_error_is_a_zhenggai_error():
    assert all(issubclass(p.values[2], ZhenggaiError) for p in BAD_INPUTS)
    assert {".txt", ".html", ".htm", ".docx", ".pdf"} <= ingest.SUPPORTED_SUFFIXES


def test_an_article_title_outside_its_container_opens_the_text_and_its_info_line_stays_out():
    page = ("<html><body><div class='article'><h2 class='art-title'>中共某镇委员会关于巡察整改情况的通报</h2>"
            "<div class='art-info'><span>来源：县委巡察办</span><span>发布时间：2019-05-10 09:32</span>"
            "<span>阅读：<em>867</em>次</span></div><div class='art-content' id='artContent'>"
            "<p>根据县委统一部署，县委第二巡察组对某镇党委进行了巡察，反馈问题21个。</p>"
            "<p>一、整改工作的组织开展情况</p><p>镇党委把巡察整改作为一项重大政治任务，整改完成18个。</p>"
            + "<p>镇纪委对整改工作实行周调度、月通报，先后开展督查5轮，下发督办单12份，确保整改到位。</p>" * 8
            + "</div></div></body></html>")
    doc = ingest.load_bytes(page.encode("utf-8"), source_path="p.html", suffix=".html")
    assert doc.text.split("\n")[:2] == ["中共某镇委员会关于巡察整改情况的通报",
                                        "根据县委统一部署，县委第二巡察组对某镇党委进行了巡察，反馈问题21个。"]
    assert "867" not in doc.text and doc.metadata["published"] == "2019-05-10"


def test_a_site_logo_is_no_notice_title():
    page = ("<html><body><h1 class='logo'>某县巡察工作网</h1><div class='article-content'>"
            + "<p>根据县委统一部署，县委第二巡察组对某局党组开展了常规巡察，反馈问题21个，已整改18个。</p>" * 6
            + "</div></body></html>")
    doc = ingest.load_bytes(page.encode("utf-8"), source_path="p.html", suffix=".html")
    assert not doc.text.startswith("某县巡察工作网")
