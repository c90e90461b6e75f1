"""Heading markers: kinds, ordinals, titles, and look-alikes that are not headings."""
from __future__ import annotations

import pytest

from pipeline.headings import find_headings

CASES = [
    # (text, [(kind, ordinal, title)])
    ("一、整改工作基本情况", [("cn_dun", 1, "整改工作基本情况")]),
    ("二十八、其他", [("cn_dun", 28, "其他")]),
    ("九十九、最后", [("cn_dun", 99, "最后")]),
    ("(一)关于政治敏锐性不强问题", [("cn_paren", 1, "关于政治敏锐性不强问题")]),
    ("（二）关于执行工作问题", [("cn_paren", 2, "关于执行工作问题")]),
    ("㈢关于组织建设", [("cn_paren", 3, "关于组织建设")]),
    ("1.重业务轻党建思想仍未转变", [("arabic_dot", 1, "重业务轻党建思想仍未转变")]),
    ("1．重业务轻党建", [("arabic_dot", 1, "重业务轻党建")]),
    ("１２．全角数字", [("arabic_dot", 12, "全角数字")]),
    ("3、案件超审限", [("arabic_dot", 3, "案件超审限")]),
    ("1. 为民服务意识不强。对基层", [("arabic_dot", 1, "为民服务意识不强")]),
    ("(1)调整组成人员。2020年1月印发了通知", [("arabic_paren", 1, "调整组成人员")]),
    ("（12）全角括号：正文", [("arabic_paren", 12, "全角括号")]),
    ("⑶老式括号数字", [("arabic_paren", 3, "老式括号数字")]),
    ("①建立台账；②明确责任。", [("circled", 1, "建立台账"), ("circled", 2, "明确责任")]),
    ("现将情况报告如下。一是统一思想认识。二是加强领导；三是明确责任。",
     [("cn_shi", 1, "统一思想认识"), ("cn_shi", 2, "加强领导"), ("cn_shi", 3, "明确责任")]),
    ("（一）医院党委落实整改情况。一是强化组织领导，成立专班巡察",
     [("cn_paren", 1, "医院党委落实整改情况"), ("cn_shi", 1, "强化组织领导，成立专班巡察")]),
    ("第一，加强学习。第二、严格管理。", [("cn_di", 1, "加强学习"), ("cn_di", 2, "严格管理")]),
    ("十一是健全机制", [("cn_shi", 11, "健全机制")]),
    ("1。党组会议研究党建工作不经常。整改情况", [("arabic_dot", 1, "党组会议研究党建工作不经常")]),
    ("1. 2023年开展专项检查。", [("arabic_dot", 1, "2023年开展专项检查")]),
    # spaces inside markers, left by damaged copies
    ("一 、整改工作总体情况", [("cn_dun", 1, "整改工作总体情况")]),
    ("（ 二 ）完善工作机制", [("cn_paren", 2, "完善工作机制")]),
    ("( 3 )规范油卡使用", [("arabic_paren", 3, "规范油卡使用")]),
    ("2 . 关于师德师风建设的问题", [("arabic_dot", 2, "关于师德师风建设的问题")]),
    # a marker alone on its line (PDF copies): the title is the next line, unless that is a heading
    ("二、\n主要整改成效\n（一）\n问题整改扎实推进。截至6月底",
     [("cn_dun", 2, "主要整改成效"), ("cn_paren", 1, "问题整改扎实推进")]),
    ("一、\n（一）加强领导", [("cn_dun", 1, ""), ("cn_paren", 1, "加强领导")]),
    # 一是 after a comma, when its paragraph holds the next or previous one
    ("局党组扛起主体责任，一是强化组织领导；二是细化整改措施。",
     [("cn_shi", 1, "强化组织领导"), ("cn_shi", 2, "细化整改措施")]),
    ("开展专项排查，一是摸清底数，二是分类处置，三是建章立制。",
     [("cn_shi", 1, "摸清底数"), ("cn_shi", 2, "分类处置"), ("cn_shi", 3, "建章立制")]),
    # 是以 ("therefore") opens a title only inside a series: 三是以…… after 二是
    ("一是推进整改;二是巩固成果,建立机制;三是以巡察整改为契机,提升质效。",
     [("cn_shi", 1, "推进整改"), ("cn_shi", 2, "巩固成果,建立机制"), ("cn_shi", 3, "以巡察整改为契机,提升质效")]),
    ("一是加强学习。二是以案促改。", [("cn_shi", 1, "加强学习"), ("cn_shi", 2, "以案促改")]),
    # a page run together on one line: 1. glued to the title before it, and two (二) on the line
    ("二、巡察反馈问题整改落实情况（一）关于落实上级决策部署不到位的问题1.耕地保护责任落实不够有力。整改情况：已完成。"
     "2.不动产登记“一窗受理”推进缓慢。整改情况：已完成整改并建立制度，压缩办理时限，窗口日均办件量提高到120件以上。"
     "（二）关于全面从严治党“两个责任”落实不到位的问题1.廉政风险防控存在薄弱环节。整改情况：已排查。"
     "2.财务管理不规范。整改情况：已整改完成，制定财务管理办法，规范票据报销流程，清理往来款项，健全内控制度，"
     "对2019年以来的会计凭证开展全面自查，整改不规范票据46张，追回违规报销资金3.2万元。",
     [("cn_dun", 2, "巡察反馈问题整改落实情况"), ("cn_paren", 1, "关于落实上级决策部署不到位的问题"),
      ("arabic_dot", 1, "耕地保护责任落实不够有力"), ("arabic_dot", 2, "不动产登记“一窗受理”推进缓慢"),
      ("cn_paren", 2, "关于全面从严治党“两个责任”落实不到位的问题"), ("arabic_dot", 1, "廉政风险防控存在薄弱环节"),
      ("arabic_dot", 2, "财务管理不规范")]),
    # a quote a damaged copy left open (“…" ) does not hide the headings after it
    ('践行“两个维护"，整改工作有序推进。一、整改工作开展情况。二、下一步工作打算',
     [("cn_dun", 1, "整改工作开展情况"), ("cn_dun", 2, "下一步工作打算")]),
    # a series an official lists in a quote, after the opening quote mark
    ("负责同志说，“一是建立问题清单；二是强化督导；三是严格问责。”",
     [("cn_shi", 1, "建立问题清单"), ("cn_shi", 2, "强化督导"), ("cn_shi", 3, "严格问责")]),
    ("重点抓了三件事，“第一，清单化管理；第二，项目化推进。”",
     [("cn_di", 1, "清单化管理"), ("cn_di", 2, "项目化推进")]),
    # a decoration before the marker (copies of WeChat articles): the marker opens the heading
    ("【一、整改工作开展情况】\n◆（一）坚持高位推动\n▲二、聚焦问题导向\n● 1.加强学习",
     [("cn_dun", 1, "整改工作开展情况"), ("cn_paren", 1, "坚持高位推动"), ("cn_dun", 2, "聚焦问题导向"),
      ("arabic_dot", 1, "加强学习")]),
]

NOT_HEADINGS = [
    "【巩固拓展脱贫攻坚成果】",
    "▲图为整改推进会现场",
    "投入资金1.5亿元,同比增长3.2%。",
    "清查发放进度已完成97.57%",
    "见通知第(1)项和(2)项的要求",
    "反馈指出存在以下问题:一、思想不重视,二、措施不力。",
    "统一是前提",
    "坚持“第一责任人”职责",
    "2020年1月印发了通知",
    "12368语音热线系统",
    "1.5万元已追缴",
    "一、二级医院改造项目完成投资",
    "三、四季度开工项目",
    "2、3月份开工的项目",
    "整改完成。第二、三季度分别开展述职评议1次。",
    "1。5万元",
    "(2023)12号",
    "1 .5万元",
    "这项工作，一是前提。",  # a lone 一是 after a comma is no series
    "原因如下。一是以往工作不足。",  # 是以 with no neighbour in its paragraph
    "统一是以人民为中心的发展思想。",
    "一是否可行。二是非分明。",  # 是否 / 是非 never open a title
    # parenthesised numbers inside a paragraph that are no list items
    "依据《巡视工作条例》(2021)修订本执行。",
    "按照〔2023〕12号文件，对（2）班学生开展教育。",
    "落实第（3）项要求；（2）班已完成。",
    "具体见第（1）条、第（2）条的规定。",
    "根据本办法：（1）（2）项所列情形处理。",
    "整改情况：（1）已完成全部整改。",  # a lone (1) in its paragraph is no series
    "情况如下：（一）已完成全部整改。",
    "整改措施：（1）建立台账。另见附件（3）。",  # (1) and (3): no neighbours
]


# (1) and (一) inside a paragraph: after a sentence boundary, in a series of neighbours
INLINE_PAREN = [
    ("1．耕地保护不到位。整改措施：（1）开展专项整治，拆除违建27处；（2）建立网格化监管机制；（3）对6名干部进行约谈。",
     [("arabic_dot", 1, "耕地保护不到位"), ("arabic_paren", 1, "开展专项整治，拆除违建27处"),
      ("arabic_paren", 2, "建立网格化监管机制"), ("arabic_paren", 3, "对6名干部进行约谈")]),
    ("整改措施:(1)修订《议事规则》;(2)2023年第四季度以来,召开会议14次。",
     [("arabic_paren", 1, "修订《议事规则》"), ("arabic_paren", 2, "2023年第四季度以来,召开会议14次")]),
    ("主要做法：（一）强化政治担当；（二）健全工作机制。",
     [("cn_paren", 1, "强化政治担当"), ("cn_paren", 2, "健全工作机制")]),
    # a series that opens its line: the line-start (1) is the neighbour of the inline (2)
    ("（1）建立台账；（2）明确责任。", [("arabic_paren", 1, "建立台账"), ("arabic_paren", 2, "明确责任")]),
    # neighbours must share the paragraph
    ("整改措施：（1）建立台账。\n另外：（2）明确责任。", []),
]


@pytest.mark.parametrize("text, expected", INLINE_PAREN, ids=[c[0][:12] for c in INLINE_PAREN])
def test_inline_paren_series(text, expected):
    assert [(h.kind, h.ordinal, h.title) for h in find_headings(text)] == expected


def test_inline_paren_is_not_line_start():
    hs = find_headings("1.问题。措施：（1）建立台账；（2）明确责任。")
    assert [h.line_start for h in hs] == [True, False, False]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:12] for c in CASES])
def test_heading_kinds_ordinals_titles(text, expected):
    assert [(h.kind, h.ordinal, h.title) for h in find_headings(text)] == expected


@pytest.mark.parametrize("text", NOT_HEADINGS)
def test_look_alikes_are_not_headings(text):
    assert find_headings(text) == []


def test_marker_as_published_is_kept():
    (h,) = find_headings("（一）关于问题")
    assert h.marker == "（一）" and h.start == 0 and h.line_start


def test_inline_shi_is_not_line_start():
    hs = find_headings("(一)关于问题。一是建立制度")
    assert [h.line_start for h in hs] == [True, False]


INLINE_DUN = [
    # 一、 and 1. / 1、 run into a paragraph after a full stop, as part of a series
    ("现将整改情况予以公布。一、整改工作基本情况 院党组高度重视。二、下一步工作打算：继续巩固。",
     [("cn_dun", 1, "整改工作基本情况 院党组高度重视"), ("cn_dun", 2, "下一步工作打算")]),
    ("（一）关于执行的问题。1.执行难问题仍较突出。整改情况：已整改。2.涉企案件审理效率不高。整改情况：已整改。",
     [("cn_paren", 1, "关于执行的问题"), ("arabic_dot", 1, "执行难问题仍较突出"),
      ("arabic_dot", 2, "涉企案件审理效率不高")]),
    ("存在问题。1、加强领导！2、压实责任？", [("arabic_dot", 1, "加强领导"), ("arabic_dot", 2, "压实责任")]),
    # a (一) run into the title of an inline 二、 opens the next level when its (二) follows
    ("情况如下。一、总体情况。二、整改落实情况（一）关于服务保障的问题。（二）关于队伍建设的问题。",
     [("cn_dun", 1, "总体情况"), ("cn_dun", 2, "整改落实情况"), ("cn_paren", 1, "关于服务保障的问题"),
      ("cn_paren", 2, "关于队伍建设的问题")]),
]


@pytest.mark.parametrize("text, expected", INLINE_DUN, ids=[c[0][:12] for c in INLINE_DUN])
def test_inline_dun_series(text, expected):
    assert [(h.kind, h.ordinal, h.title) for h in find_headings(text)] == expected


@pytest.mark.parametrize("text", [
    "共有问题。一、二级指标未达标；二、三级指标也未达标。",  # range words
    "开展检查。开展第二、三季度检查。",
    "完成投资。1.5亿元已到位。2.3亿元待拨付。",  # decimals
    "完成投资。1.2亿元。",
    "开展检查。2、3月份开展检查。3、4月份复查。",  # lists of months
    "见文件〔2023〕1号。2号文件另发。",
    "整改要求：1.加强领导，2.压实责任。",  # after ：and ，: a list, not headings
    "存在问题。1.加强领导。",  # no neighbour in the paragraph
    "一、见第（一）项规定。（二）其他",  # 第（一）项: a reference
])
def test_inline_dun_look_alikes(text):
    assert [h for h in find_headings(text) if h.kind in ("arabic_dot", "cn_paren") or not h.line_start] == []


@pytest.mark.parametrize("text, expected", [
    ("1、5个部门无预算、超预算支出。", [("arabic_dot", 1, "5个部门无预算、超预算支出")]),
    ("2、3个部门公务用车管理不规范", [("arabic_dot", 2, "3个部门公务用车管理不规范")]),
    ("1、2023年以来开展检查", [("arabic_dot", 1, "2023年以来开展检查")]),
])
def test_a_title_may_open_on_a_number_after_dun(text, expected):
    assert [(h.kind, h.ordinal, h.title) for h in find_headings(text)] == expected


@pytest.mark.parametrize("text", ["2、3月份开展检查", "1、2号文件", "3、4季度完成", "1、2、3项问题", "1.5亿元"])
def test_a_list_of_numbers_after_dun_is_no_heading(text):
    assert find_headings(text) == []


def test_a_title_never_runs_over_the_next_heading():
    from pipeline.headings import scan_headings

    text = "一、整改情况\n我局高度重视，一是加强组织领导，二是完善工作机制，三是以巡察整改为契机推动发展。\n"
    titles = [(marker, title) for _, marker, _, _, title, _, _ in scan_headings(text)]
    assert titles == [("一、", "整改情况"), ("一是", "加强组织领导"), ("二是", "完善工作机制"),
                      ("三是", "以巡察整改为契机推动发展")]
    for start, marker, _, _, title, title_end, _ in scan_headings(text):
        assert text[title_end - len(title):title_end] == title


@pytest.mark.parametrize("text, title", [
    ("1.红星村:村集体鱼塘承包费5年未收取。已收回", "红星村:村集体鱼塘承包费5年未收取"),  # a place, then its problem
    ("1.问题:“三重一大”事项决策程序不规范,2021年", "问题:“三重一大”事项决策程序不规范,2021年"),  # a field name
    ("（一）整改目标:2022年6月底前完成", "整改目标"),  # four characters or more: the title ends at the colon
    ("（一）干部梯队建设滞后：对照要求", "干部梯队建设滞后"),
    ("1.问题：\n已整改", "问题"),  # nothing after the colon on its line
    # a body's name, then its figures (holdout38); a field name of the same length still ends the title
    ("1．县水利局：问题23个，已整改19个。", "县水利局：问题23个，已整改19个"),
    ("6．县委宣传部：问题3个。", "县委宣传部：问题3个"),
    ("4．县住房和城乡建设局：问题19个。", "县住房和城乡建设局：问题19个"),
    ("（二）工作目标：全部完成", "工作目标"),
    # a field, however it ends, is no body's name (review): 问题交办, 优化产业布局, 建设美丽乡村
    ("（一）问题交办：对反馈问题建立清单", "问题交办"),
    ("（二）优化产业布局：推进园区建设", "优化产业布局"),
    ("（三）建设美丽乡村：完成改厕", "建设美丽乡村"),
])
def test_a_colon_after_a_short_name_does_not_end_the_title(text, title):
    assert find_headings(text)[0].title == title


def test_a_paren_one_run_into_a_title_opens_the_next_level():
    """holdout43: a page run together with spaces: (1) after a (一) title with no mark between them."""
    from pipeline.headings import scan_headings

    text = ("二、具体问题整改情况 (一)关于贯彻落实上级决策部署不力的问题 (1)城镇老旧小区改造推进迟缓。①调整计划;"
            "③8月下旬起每周通报。(2)保障性住房分配管理不规范。①对全部。(二)关于作风的问题 (1)建筑工地安全。(2)农民工工资。")
    assert [(marker, title) for _, marker, _, _, title, _, _ in scan_headings(text) if marker[0] in "(二"] == [
        ("二、", "具体问题整改情况"), ("(一)", "关于贯彻落实上级决策部署不力的问题"), ("(1)", "城镇老旧小区改造推进迟缓"),
        ("(2)", "保障性住房分配管理不规范"), ("(二)", "关于作风的问题"), ("(1)", "建筑工地安全"), ("(2)", "农民工工资")]


@pytest.mark.parametrize("text, expected", [
    # 一是 run into a heading's title, in a series (holdout43)
    ("三、下一步工作打算一是对尚未整改到位的问题继续挂账，二是建立健全长效机制。",
     [("三、", "下一步工作打算"), ("一是", "对尚未整改到位的问题继续挂账"), ("二是", "建立健全长效机制")]),
    ("整改到位。二、整改成效显著。三、下一步工作打算一是继续挂账督办。二是建立长效机制。",
     [("二、", "整改成效显著"), ("三、", "下一步工作打算"), ("一是", "继续挂账督办"), ("二是", "建立长效机制")]),
    # …not without its series, nor right after the marker
    ("三、下一步工作打算统一是否合格\n", [("三、", "下一步工作打算统一是否合格")]),
])
def test_a_shi_series_run_into_a_title(text, expected):
    from pipeline.headings import scan_headings

    assert [(marker, title) for _, marker, _, _, title, _, _ in scan_headings(text)] == expected


def test_a_heading_whose_title_opens_with_a_date():
    """holdout44: 1．2023年10月，…… and 2.7月,…… are headings; 1.5万元 at a line start is a decimal."""
    from pipeline.headings import scan_headings

    text = "二、措施\n1．2023年10月，召开专题会议。\n2．11月，完成扩容。\n4.7月,修订制度。\n1.5万元已退还。\n38.1%。\n"
    assert [(marker, title) for _, marker, _, _, title, _, _ in scan_headings(text)] == [
        ("二、", "措施"), ("1．", "2023年10月，召开专题会议"), ("2．", "11月，完成扩容"), ("4.", "7月,修订制度")]


@pytest.mark.parametrize("text, title", [
    ("一是对??名违反规定人员给予处分。二是加强监督。", "对??名违反规定人员给予处分"),  # lost characters (holdout49)
    ("（一）对?名干部给予处分\n", "对?名干部给予处分"),
    ("（一）整改进展如何?我们认为\n", "整改进展如何"),  # a question ends the title
])
def test_lost_characters_do_not_end_a_title(text, title):
    from pipeline.headings import scan_headings

    assert scan_headings(text)[0][4] == title


@pytest.mark.parametrize("text, expected", [
    # 1. may open a series right after a colon (holdout57)
    ("问题\n整改情况：1．优化支部设置。调整党支部。2．加强青年干警培养。建立导师制。",
     [("1．", "优化支部设置"), ("2．", "加强青年干警培养")]),
    # …but 一、 after a colon lists things, and a lone 1. after a colon is no series
    ("包括：一、二、三季度数据。", []), ("会议时长：1.5小时。", []),
    # (一) after a comma opens a series with its (二) after a sentence mark
    ("学院将以此为契机，（一）持续推进未完成事项整改；（二）强化审计结果运用。",
     [("（一）", "持续推进未完成事项整改"), ("（二）", "强化审计结果运用")]),
    # a paragraph broken mid-sentence by the copy: the series goes on over the break
    ("坚决整改。（一）强化组织领导。成立领导小组，认领问题\n24个。（二）细化整改任务。针对问题。",
     [("（一）", "强化组织领导"), ("（二）", "细化整改任务")]),
    ("2.违规收费问题整改不彻底。(1)对照价格规范，对全院收费项目开展\n自查；(2)退回医保基金23.7万元。",
     [("2.", "违规收费问题整改不彻底"), ("(1)", "对照价格规范，对全院收费项目开展"), ("(2)", "退回医保基金23.7万元")]),
    # a line broken right after 二是: its title is the next line
    ("坚持问题导向，一是持续抓好整改；二是\n深化以案促改，用好案例；三是健全长效机制。",
     [("一是", "持续抓好整改"), ("二是", "深化以案促改，用好案例"), ("三是", "健全长效机制")]),
    # 二是为 in a series is a heading (是为 alone reads "is for")
    ("一是精简文件会议。发文减少；严格控制会议时长。二是为基层减负。清理考核事项。三是畅通诉求渠道。",
     [("一是", "精简文件会议"), ("二是", "为基层减负"), ("三是", "畅通诉求渠道")]),
    # an inline 3． whose title opens with a span of years is no decimal 3.2017 (holdout64)
    ("2．合同管理不严，已整改。3．2017—2019年度结转的12个项目中，有5个滞后。",
     [("2．", "合同管理不严，已整改"), ("3．", "2017—2019年度结转的12个项目中，有5个滞后")]),
])
def test_series_after_a_colon_a_comma_or_a_broken_line(text, expected):
    from pipeline.headings import scan_headings

    assert [(marker, title) for _, marker, _, _, title, _, _ in scan_headings(text)] == expected


@pytest.mark.parametrize("text", [
    "要坚持自我革命①\n以党的自我革命引领社会革命。",  # a footnote's ① at a line end takes no title from the next
    "附件：1.巡察反馈问题整改台账；2.整改责任清单",  # attachments and sources listed after a colon
    "依据：1．《中国共产党纪律处分条例》；2．《监察法》。",
    "第五条，（一）款规定的情形；（二）款规定的情形除外。",  # clauses of a rule
    "会议时间9:30，3:1、4:2的比例。",
])
def test_no_series_from_footnotes_attachments_or_clauses(text):
    from pipeline.headings import scan_headings

    assert scan_headings(text) == []


def test_a_page_run_together_on_one_line_finds_its_line_starts_by_bisect():
    """Once a line is long, its start comes from the line breaks listed once (bisect), not a search back
    to it for every marker: the same headings, and the same line starts, as the search gives."""
    import pipeline.headings as headings

    unit = "（一）关于党建问题。整改情况：1．优化设置。调整支部。2．加强培养。（1）建立制度；（2）明确责任。一是持续抓好，二是深化改革。"
    rows = [len(headings.scan_headings(unit * n)) for n in (50, 200)]
    assert rows[1] - 1 == 4 * (rows[0] - 1)  # the first (一) opens the text's first line
    text = unit * 200
    starts = [headings._line_start(text, pos) for pos in range(0, len(text), 997)]
    assert starts == [0] * len(starts)
    assert headings._line_start("甲\n" + text, 5000) == 2
