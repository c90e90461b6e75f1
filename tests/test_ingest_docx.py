"""Tests for pipeline.ingest_docx: Word files → text, with Word's automatic numbering rendered.

Groups: NUMBERING cases (one small list definition each, the lines Word shows), the seed notice
round trip (every 一、/(一)/1./(1) marker of data/raw/seed.txt turned into Word list numbering and
rendered back), content (tables, content controls, tracked changes, fields, breaks) and bad input
(not a zip, old .doc, damaged archive, zip bomb, missing extra). The .docx files are built in code
by tests/hostile/make_hostile.py (``docx_bytes``); none is checked in.
"""
from __future__ import annotations

import importlib.util
import io
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.errors import EmptyInput, IngestError, TooLarge, UnsupportedFormat
from pipeline.headings import find_headings

pytest.importorskip("docx", reason="the docx extra (python-docx) is not installed")

_SPEC = importlib.util.spec_from_file_location("make_hostile", Path(__file__).parent / "hostile" / "make_hostile.py")
mh = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(mh)
P = mh.docx_paragraph
SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "seed.txt"


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def _abstract(aid: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def _num(num_id: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


GOV_LIST = _abstract(0, _lvl(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>'),
                     _lvl(1, "chineseCounting", "（%2）", extra='<w:suff w:val="nothing"/>'),
                     _lvl(2, "decimal", "%3.", extra='<w:suff w:val="nothing"/>'),
                     _lvl(3, "decimal", "(%4)", extra='<w:suff w:val="nothing"/>'))


def _text(body: str, numbering: str = "", styles: str = "") -> str:
    return ingest.load_bytes(mh.docx_bytes(body, numbering, styles), source_path="n.docx", suffix=".docx").text


def _restart(ilvl: int, start: int = 1) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


NUMBERING = [
    pytest.param(GOV_LIST + _num(1, 0),
                 P("整改情况", 1, 0) + P("加强领导", 1, 1) + P("成立小组", 1, 2) + P("细化", 1, 3) + P("再细化", 1, 3)
                 + P("制定方案", 1, 2) + P("压实责任", 1, 1) + P("明确分工", 1, 2) + P("存在问题", 1, 0) + P("第一类", 1, 1),
                 ["一、整改情况", "（一）加强领导", "1.成立小组", "(1)细化", "(2)再细化", "2.制定方案",
                  "（二）压实责任", "1.明确分工", "二、存在问题", "（一）第一类"], id="gov-four-levels-restart-below"),
    pytest.param(GOV_LIST + _num(1, 0) + _num(2, 0),
                 P("甲", 1, 2) + P("乙", 2, 2) + P("丙", 1, 2),
                 ["1.甲", "2.乙", "3.丙"], id="two-nums-one-abstract-continue"),
    pytest.param(GOV_LIST + _num(1, 0) + _num(2, 0, _restart(2)),
                 P("甲", 1, 2) + P("乙", 1, 2) + P("丙", 2, 2) + P("丁", 2, 2),
                 ["1.甲", "2.乙", "1.丙", "2.丁"], id="startOverride-restarts-its-own-list"),
    pytest.param(GOV_LIST + _num(1, 0, _restart(0, 3)),
                 P("第三部分", 1, 0), ["三、第三部分"], id="startOverride-value"),
    pytest.param(_abstract(0, _lvl(0, "decimal", "%1."), _lvl(1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="0"/>'))
                 + _num(1, 0), P("a", 1, 0) + P("b", 1, 1) + P("c", 1, 0) + P("d", 1, 1),
                 ["1.a", "1.1 b", "2.c", "2.2 d"], id="lvlRestart-0-never-restarts"),
    pytest.param(_abstract(0, _lvl(0, "chineseCounting", "第%1章"), _lvl(1, "chineseCounting", "第%2条",
                                                                       extra="<w:isLgl/>"))
                 + _num(1, 0), P("总则", 1, 0) + P("目的", 1, 1), ["第一章 总则", "第1条 目的"], id="isLgl-decimal-and-space-after-tab"),
    pytest.param(_abstract(0, _lvl(0, "decimal", "%1", start=9, extra='<w:suff w:val="space"/>')) + _num(1, 0),
                 P("九", 1, 0) + P("十", 1, 0) + P("十一", 1, 0), ["9 九", "10 十", "11 十一"], id="start-9-space"),
    pytest.param(_abstract(0, _lvl(0, "bullet", "\uf0b7")) + _num(1, 0),
                 P("圆点项", 1, 0), ["圆点项"], id="bullets-are-not-markers"),
    pytest.param(_abstract(0, _lvl(0, "decimalEnclosedCircle", "%1")) + _num(1, 0),
                 P("第一点", 1, 0) + P("第二点", 1, 0), ["① 第一点", "② 第二点"], id="circled"),
    pytest.param(GOV_LIST + _num(1, 0), P("未编号"), ["未编号"], id="no-numPr"),
    pytest.param(GOV_LIST + _num(1, 0), P("缺失", 7, 0) + P("零号", 0, 0), ["缺失", "零号"], id="unknown-numId-and-numId-0"),
    pytest.param(GOV_LIST + _num(1, 0), P("", 1, 0) + P("二号", 1, 0), ["一、", "二、二号"], id="empty-numbered-paragraph-counts"),
]


@pytest.mark.parametrize("numbering, body, lines", NUMBERING)
def test_word_numbering_is_rendered(numbering, body, lines):
    assert _text(body, numbering).split("\n") == lines


STYLES = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>'
          '<w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="Normal"/>'
          '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="H1Red"><w:basedOn w:val="H1"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="H2"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/>'
          '</w:numPr></w:pPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="H3"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>')


def test_numbering_from_styles_and_their_base_styles():
    numbering = GOV_LIST.replace('<w:lvl w:ilvl="2">', '<w:lvl w:ilvl="2"><w:pStyle w:val="H3"/>') + _num(1, 0)
    body = (P("整改情况", style="H1") + P("加强领导", style="H2") + P("成立小组", style="H3")
            + P("存在问题", style="H1Red") + P("层级覆盖", style="H1", num_id=None) + P("取消编号", 0, style="H1")
            + P("循环样式", style="Loop1"))
    body = body.replace('<w:pStyle w:val="H1"/></w:pPr><w:r><w:t xml:space="preserve">层级覆盖',
                        '<w:pStyle w:val="H1"/><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr><w:r>'
                        '<w:t xml:space="preserve">层级覆盖')
    assert _text(body, numbering, STYLES).split("\n") == [
        "一、整改情况", "（一）加强领导", "1.成立小组", "二、存在问题", "（一）层级覆盖", "取消编号", "循环样式"]


def _seed_as_word(text: str) -> tuple[str, list[str]]:
    """The seed notice as a .docx body: its 一、/(一)/1./(1) markers become list numbering."""
    levels = {"cn_dun": 0, "cn_paren": 1, "arabic_dot": 2, "arabic_paren": 3}
    body, expected = [], []
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        heads = [h for h in find_headings(line) if h.start == 0 and h.kind in levels]
        if heads:
            rest = line[len(heads[0].marker):]
            body.append(P(rest, 1, levels[heads[0].kind]))
        else:
            body.append(P(line))
        expected.append(line)
    return "".join(body), expected


def test_seed_notice_numbered_by_word_renders_its_markers():
    seed = SEED.read_text(encoding="utf-8")
    body, expected = _seed_as_word(seed)
    gov = GOV_LIST.replace("（%2）", "(%2)")  # the seed writes half-width brackets
    assert sum(1 for b in body.split("<w:p>") if "numPr" in b) == 128  # markers that Word now supplies
    assert _text(body, gov + _num(1, 0)).split("\n") == expected


def test_seed_notice_from_word_has_the_same_outline():
    from pipeline import analyse, process_text
    from pipeline.tabulate import notice_rows

    body, _ = _seed_as_word(SEED.read_text(encoding="utf-8"))
    raw = ingest.load_bytes(mh.docx_bytes(body, GOV_LIST + _num(1, 0)), source_path="seed.docx", suffix="docx")
    nodes = lambda rows: [(n["node_id"], n["role"], n["ordinal"]) for n in rows["nodes"]]  # noqa: E731
    from_word = nodes(notice_rows(analyse(raw)))
    assert from_word == nodes(process_text(SEED.read_text(encoding="utf-8")))
    assert raw.format == "docx" and len(from_word) > 100


# --- content -------------------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _cell(*paragraphs: str) -> str:
    return "<w:tc>" + "".join(P(p) for p in paragraphs) + "</w:tc>"


def test_tables_give_a_line_per_row_with_tab_separated_cells():
    table = ("<w:tbl><w:tr>" + _cell("序号") + _cell("问题") + _cell("整改措施") + "</w:tr>"
             "<w:tr>" + _cell("1") + _cell("学习不深入") + _cell("建立制度。", "定期督查。") + "</w:tr>"
             "<w:tr>" + _cell() + _cell() + _cell() + "</w:tr></w:tbl>")
    assert _text(P("台账如下：") + table + P("特此通报。")).split("\n") == [
        "台账如下：", "序号\t问题\t整改措施", "1\t学习不深入\t建立制度。 定期督查。", "特此通报。"]


def test_one_cell_layout_table_and_nested_table():
    nested = "<w:tbl><w:tr>" + _cell("内1") + _cell("内2") + "</w:tr></w:tbl>"
    layout = ("<w:tbl><w:tr><w:tc>" + P("一、整改情况") + P("（一）加强领导") + nested + "</w:tc></w:tr></w:tbl>")
    assert _text(layout).split("\n") == ["一、整改情况", "（一）加强领导", "内1\t内2"]


def test_runs_breaks_fields_tracked_changes_and_content_controls():
    para = ('<w:p><w:r><w:t>根据</w:t></w:r><w:hyperlink><w:r><w:t>区委</w:t></w:r></w:hyperlink>'
            '<w:ins><w:r><w:t>统一</w:t></w:r></w:ins><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>MERGEFIELD x</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>部署</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:br/><w:t>第二行</w:t><w:tab/><w:t>制表</w:t></w:r></w:p>')
    sdt = "<w:sdt><w:sdtPr/><w:sdtContent>" + P("控件里的段落") + "</w:sdtContent></w:sdt>"
    assert _text(para + sdt + P("   ")).split("\n") == ["根据区委统一部署", "第二行\t制表", "控件里的段落"]


def test_python_docx_documents_with_its_default_list_styles():
    import docx

    document = docx.Document()
    for text, style in [("第一项", "List Number"), ("第二项", "List Number"), ("圆点", "List Bullet"),
                        ("第三项", "List Number")]:
        document.add_paragraph(text, style=style)
    buf = io.BytesIO()
    document.save(buf)
    doc = ingest.load_bytes(buf.getvalue(), source_path="n.docx", suffix=".docx")
    assert doc.text.split("\n") == ["1.第一项", "2.第二项", "圆点", "3.第三项"]
    assert (doc.format, doc.encoding, doc.metadata) == ("docx", "utf_8", {})


def test_load_reads_a_docx_file(tmp_path):
    path = tmp_path / "通报.DOCX"
    path.write_bytes(mh.docx_bytes(P("整改情况", 1, 0), GOV_LIST + _num(1, 0)))
    assert ingest.load(path).text == "一、整改情况"


# --- bad input -----------------------------------------------------------------------------------


def test_empty_document_is_empty_input():
    with pytest.raises(EmptyInput, match="n.docx: the Word document holds no text"):
        _text(P("") + "<w:tbl><w:tr>" + _cell() + _cell() + "</w:tr></w:tbl>")


def test_zip_bomb_is_refused_before_unpacking():
    bomb = mh.docx_bomb_bytes(gib=1.0)
    assert len(bomb) < 3_000_000
    start = time.perf_counter()
    with pytest.raises(TooLarge, match=r"would unpack to 1,07\d,\d{3},\d{3} bytes.*zip bomb"):
        ingest.load_bytes(bomb, source_path="bomb.docx", suffix=".docx")
    assert time.perf_counter() - start < 10  # a hang guard, not a benchmark


def test_high_ratio_member_is_refused_even_under_the_size_limit():
    bomb = mh.docx_bomb_bytes(gib=1 / 64)  # 16 MiB of blanks in a few KB
    with pytest.raises(TooLarge, match=r"word/document.xml is compressed [\d,]+:1"):
        ingest.load_bytes(bomb, source_path="bomb.docx", suffix=".docx")


def test_lying_sizes_are_never_unpacked_past_what_they_declare():
    data = bytearray(mh.docx_bomb_bytes(gib=1 / 64))
    cd = data.rfind(b"PK\x01\x02")  # the bomb member's central-directory entry is the last one
    data[cd + 24:cd + 28] = (2000).to_bytes(4, "little")  # the central directory now says 2,000 bytes
    with pytest.raises(IngestError, match="not a readable Word .docx file|damaged"):
        ingest.load_bytes(bytes(data), source_path="liar.docx", suffix=".docx")


def test_too_many_members_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(10_001):
            z.writestr(f"x/{i}", b"")
    with pytest.raises(IngestError, match="over 10,000 parts"):
        ingest.load_bytes(buf.getvalue(), source_path="many.docx", suffix=".docx")


def test_xml_entities_in_the_document_are_not_expanded():
    lol = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10 if i else "lol"}">' for i in range(10))
    data = mh.docx_bytes(P("正文&l9;"))
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in src.namelist():
            part = src.read(name)
            if name == "word/document.xml":
                part = part.replace(b"?>", f"?><!DOCTYPE w:document [{lol}]>".encode(), 1)
            z.writestr(name, part)
    start = time.perf_counter()
    try:
        text = ingest.load_bytes(buf.getvalue(), source_path="lol.docx", suffix=".docx").text
    except IngestError:
        text = ""
    assert "lollol" not in text and time.perf_counter() - start < 5


def test_missing_extra_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(UnsupportedFormat, match=r"install zhenggai\[docx\] to read Word .docx files"):
        _text(P("整改"))


def test_damaged_document_xml_is_an_ingest_error():
    src = zipfile.ZipFile(io.BytesIO(mh.docx_bytes(P("整改"))))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in src.namelist():
            z.writestr(name, src.read(name)[:-20] if name == "word/document.xml" else src.read(name))
    with pytest.raises(IngestError, match="broken.docx: not a readable Word .docx file"):
        ingest.load_bytes(buf.getvalue(), source_path="broken.docx", suffix=".docx")
