"""Tests for pipeline.extract.metrics.find_metrics.

Case tables, grouped by where they came from:
- ``SEED_CASES``: sentences of the seed notice (corpus/dev/seed.txt), one trick each.
- ``CORPUS_CASES``: sentences of the other dev excerpts (full-width, Traditional, news).
- ``EDGE_CASES``: forms the corpus lacks but real notices use (百分之三十, 1,200人, 3%—5%).
- ``NEGATIVES``: text with numbers that are not quantities: set phrases, ordinals, dates,
  phone and document numbers, heading markers, idioms. ``find_metrics`` must return nothing.
Then golden checks on the seed, the labels' F1, and the span invariant on every dev file.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from pipeline.extract.metrics import find_metrics

CORPUS = Path("/work/shared/corpus/dev")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not mounted")


class Row(NamedTuple):
    raw: str
    value: str
    unit: str
    kind: str
    approx: bool = False
    value_max: str | None = None
    comparison: str | None = None
    direction: str | None = None
    subject: str | None = None  # a substring the subject must contain


class Example(NamedTuple):
    text: str
    rows: list[Row]


SEED_CASES = [
    Example("截止目前清查发放进度已完成97.57%，剩余部分", [Row("97.57%", "97.57", "%", "percent", subject="清查发放进度")]),
    Example("诉讼收案同比减少27.7%。", [Row("27.7%", "27.7", "%", "percent", comparison="同比", direction="decrease", subject="诉讼收案")]),
    Example("诉讼收案同比缩减27.7%，有效推进", [Row("27.7%", "27.7", "%", "percent", comparison="同比", direction="decrease", subject="诉讼收案")]),
    Example("速裁团队共结案461件，占民商事结案40.6%", [
        Row("461件", "461", "件", "count", subject="结案"),
        Row("40.6%", "40.6", "%", "percent", subject="民商事结案"),
    ]),
    Example("今年已诉前调解成功268起案件，", [Row("268起", "268", "起", "count", subject="案件")]),
    Example("各支部选举委员3—4人，均由", [Row("3—4人", "3", "人", "count", value_max="4", subject="委员")]),
    Example("另有两次研究党支部调整设置工作", [Row("两次", "2", "次", "count")]),
    Example("归档工作均在三个工作日内完成", [Row("三个工作日", "3", "个工作日", "duration")]),
    Example("各镇街亦确定一名专职调解员进驻基层法庭", [Row("一名", "1", "名", "count", subject="调解员")]),
    Example("进行了梳理、整理，分四个方面", [Row("四个", "4", "个", "count", subject="方面")]),
    Example("审限不足十天的案件明显减少", [Row("十天", "10", "天", "duration", subject="审限")]),
    Example("每周以数表形式通报超6个月未结案件", [Row("6个月", "6", "个月", "duration")]),
    Example("结案超1个月未归档卷宗数降至700余件。", [
        Row("1个月", "1", "个月", "duration"),
        Row("700余件", "700", "件", "count", approx=True, direction=None, subject="卷宗数"),
    ]),
    Example("同时在快手APP上进行网络直播，近千人在网上观看", [Row("近千人", "1000", "人", "count", approx=True)]),
    Example("组织财务部门认真核查近三年公务接待费用支出", [Row("近三年", "3", "年", "duration", approx=True)]),
    Example("每季度清缴一次，确保款项及时上缴", [Row("一次", "1", "次", "count")]),
    Example("在停车场新安装了一套数字化网络监控系统", [Row("一套", "1", "套", "count", subject="监控系统")]),
    Example("执行局已对该16案进行挂账管理", [Row("16案", "16", "案", "count")]),
    Example("建立执行部门与财务部门两周对账机制", [Row("两周", "2", "周", "duration")]),
    Example("截至目前，共走访企业35家，收集汇总了9个问题和10条意见建议。", [
        Row("35家", "35", "家", "count", subject="企业"),
        Row("9个", "9", "个", "count", subject="问题"),
        Row("10条", "10", "条", "count", subject="意见建议"),
    ]),
    Example("院长全年办案数量不低于法官人均办案数量的5%，入额副院长不低于30%", [
        Row("5%", "5", "%", "percent"),
        Row("30%", "30", "%", "percent", subject="副院长"),
    ]),
]

CORPUS_CASES = [
    Example("截至目前，巡察反馈25个问题，已完成整改19个、正在整改6个，整改完成率76%。", [
        Row("25个", "25", "个", "count", subject="问题"),
        Row("19个", "19", "个", "count", subject="问题"),
        Row("6个", "6", "个", "count", subject="问题"),
        Row("76%", "76", "%", "percent", subject="整改完成率"),
    ]),
    Example("制定及修改完善制度12项，追缴资金7.132万元。", [
        Row("12项", "12", "项", "count"),
        Row("7.132万元", "71320", "元", "money", subject="资金"),
    ]),
    Example("财务部门预算执行问题6项，涉及金额237054.47 万元，", [
        Row("6项", "6", "项", "count"),
        Row("237054.47 万元", "2370544700", "元", "money", subject="金额"),
    ]),
    Example("共整改问题金额5380多亿元，制定完善规章制度1300多项，追责问责2800多人。", [
        Row("5380多亿元", "538000000000", "元", "money", approx=True, subject="金额"),
        Row("1300多项", "1300", "项", "count", approx=True, subject="规章制度"),
        Row("2800多人", "2800", "人", "count", approx=True),
    ]),
    Example("2019年全省优良天数率同比增加0.7个百分点；", [
        Row("0.7个百分点", "0.7", "个百分点", "percent", comparison="同比", direction="increase", subject="优良天数率"),
    ]),
    Example("已完成1275项，完成率近60%，其余", [
        Row("1275项", "1275", "项", "count"),
        Row("近60%", "60", "%", "percent", approx=True, subject="完成率"),
    ]),
    Example("第二轮督察分六批完成对31个省（区、市）的督察", [
        Row("六批", "6", "批", "count"), Row("31个", "31", "个", "count", subject="省"),
    ]),
    Example("江苏、内蒙古、西藏3省(区)9日公开", [Row("3省", "3", "省", "count")]),
    Example("一年多来，省委、省政府坚决扛起", [Row("一年多", "1", "年", "duration", approx=True)]),
    Example("集中整改期每两周更新整改工作台账", [Row("两周", "2", "周", "duration")]),
    Example("集团党委集体研究巡察整改相关资料20余份，召开巡察整改调度会12次。", [
        Row("20余份", "20", "份", "count", approx=True, subject="资料"),
        Row("12次", "12", "次", "count"),
    ]),
    Example("督促健全完善各类制度机制40余个。", [Row("40余个", "40", "个", "count", approx=True)]),
    Example("当日，国务院扶贫办、内蒙古、水利部三家单位公布了", [Row("三家", "3", "家", "count", subject="单位")]),
    Example("浏览量：0 次", [Row("0 次", "0", "次", "count")]),
    Example("医院党委对巡察组反馈的３３项具体问题进行了讨论", [Row("３３项", "33", "项", "count", subject="具体问题")]),
    Example("富寧縣委巡察工作領導小組派出3個督查組", [Row("3個", "3", "个", "count")]),
    Example("进驻一个多月以来，发放立行立改交办函17份", [
        Row("一个多月", "1", "个月", "duration", approx=True),
        Row("17份", "17", "份", "count", subject="交办函"),
    ]),
    Example("目前两项整改均已完成80%以上。", [
        Row("两项", "2", "项", "count"), Row("80%以上", "80", "%", "percent", approx=True),
    ]),
    Example("电话抽查193人次，期间共走访200余人次", [
        Row("193人次", "193", "人次", "count"), Row("200余人次", "200", "人次", "count", approx=True),
    ]),
]

EDGE_CASES = [
    Example("全年服务群众1.2万人次", [Row("1.2万人次", "12000", "人次", "count")]),
    Example("百分之三十的干部参加了培训", [Row("百分之三十", "30", "%", "percent")]),
    Example("整改资金1.05亿元，", [Row("1.05亿元", "105000000", "元", "money", subject="整改资金")]),
    Example("问题资金66.57万元", [Row("66.57万元", "665700", "元", "money", subject="问题资金")]),
    Example("每组5至7人，每批3-5个", [
        Row("5至7人", "5", "人", "count", value_max="7"), Row("3-5个", "3", "个", "count", value_max="5"),
    ]),
    Example("占比由3%—5%提高", [Row("3%—5%", "3", "%", "percent", value_max="5")]),
    Example("信访件数环比下降12.5%", [Row("12.5%", "12.5", "%", "percent", comparison="环比", direction="decrease", subject="信访件数")]),
    Example("办案质效同比提升3个百分点", [Row("3个百分点", "3", "个百分点", "percent", comparison="同比", direction="increase")]),
    Example("案件数量同比增长了约20%", [Row("约20%", "20", "%", "percent", approx=True, comparison="同比", direction="increase")]),
    Example("信访量降至30件", [Row("30件", "30", "件", "count", direction=None, subject="信访量")]),
    Example("涉及群众1,200人", [Row("1,200人", "1200", "人", "count")]),
    Example("培训时长超过24小时，为期３个工作日", [
        Row("超过24小时", "24", "小时", "duration", approx=True),
        Row("３个工作日", "3", "个工作日", "duration"),
    ]),
    Example("最近3天，节约3万元", [Row("3天", "3", "天", "duration"), Row("3万元", "30000", "元", "money")]),
    Example("参会人员100人左右", [Row("100人左右", "100", "人", "count", approx=True)]),
]

# Forms found on notices outside the dev corpus (tests/cases/generalise_dm), one mechanism each.
GENERALISED_CASES = [
    # physical measures read with decimals (counts stay whole)
    Example("新建污水管网46.5公里，复垦125.6公顷", [
        Row("46.5公里", "46.5", "公里", "count"), Row("125.6公顷", "125.6", "公顷", "count")]),
    Example("治理水土流失面积12.5平方公里，清运2.5吨", [
        Row("12.5平方公里", "12.5", "平方公里", "count"), Row("2.5吨", "2.5", "吨", "count")]),
    # 百/千 opening a unit is not a magnitude
    Example("建成管网120千米，装机2万千瓦，节约用电120万千瓦时", [
        Row("120千米", "120", "千米", "count"), Row("2万千瓦", "20000", "千瓦", "count"),
        Row("120万千瓦时", "1200000", "千瓦时", "count")]),
    Example("新增装机50兆瓦，淘汰35蒸吨以下锅炉，栽种苗木2.3万株", [
        Row("50兆瓦", "50", "兆瓦", "count"), Row("35蒸吨", "35", "蒸吨", "count"),
        Row("2.3万株", "23000", "株", "count")]),
    Example("PM2.5平均浓度为36微克/立方米", [Row("36微克/立方米", "36", "微克/立方米", "count")]),
    Example("拍摄警示教育片3部，编印8000本", [Row("3部", "3", "部", "count"), Row("8000本", "8000", "本", "count")]),
    # a range whose ends both carry 万/亿
    Example("按每家3万至5万元标准发放", [Row("3万至5万元", "30000", "元", "money", value_max="50000")]),
    Example("扣减绩效1万—3万元", [Row("1万—3万元", "10000", "元", "money", value_max="30000")]),
    # a higher part written before the number
    Example("涉及资金1亿2000万元", [Row("1亿2000万元", "120000000", "元", "money")]),
    Example("罚款3万5000元", [Row("3万5000元", "35000", "元", "money")]),
    # two neighbouring Chinese digits: an approximate range, not 78
    Example("召开专题会议七八次，提醒一两次，涉及三四十人", [
        Row("七八次", "7", "次", "count", approx=True, value_max="8"),
        Row("一两次", "1", "次", "count", approx=True, value_max="2"),
        Row("三四十人", "30", "人", "count", approx=True, value_max="40")]),
    # Traditional spellings of the new units
    Example("提高3.2個百分點，減少廢水12.5萬噸，綠化300畝", [
        Row("3.2個百分點", "3.2", "个百分点", "percent", direction="increase"), Row("12.5萬噸", "125000", "吨", "count"),
        Row("300畝", "300", "亩", "count")]),
    # 个半: a half more
    Example("用时一个半月，历时两个半小时", [
        Row("一个半月", "1.5", "个月", "duration"), Row("两个半小时", "2.5", "小时", "duration")]),
]

HOLDOUT_CASES = [
    # measure words the holdout notices use: 厘米 (with decimals), 门, 只, 个基点, 件次
    Example("透明度提升至35厘米以上，积水深度12.5厘米", [
        Row("35厘米以上", "35", "厘米", "count", approx=True),
        Row("12.5厘米", "12.5", "厘米", "count")]),
    Example("获批国家级一流本科课程9门，开设2门课程", [
        Row("9门", "9", "门", "count"), Row("2门", "2", "门", "count")]),
    Example("排查1.6万只气瓶，收缴3只", [Row("1.6万只", "16000", "只", "count"), Row("3只", "3", "只", "count")]),
    Example("同比下降38个基点，下降25基点", [
        Row("38个基点", "38", "个基点", "percent", comparison="同比", direction="decrease"),
        Row("25基点", "25", "个基点", "percent", direction="decrease")]),
    Example("受理群众来信来访1236件次", [Row("1236件次", "1236", "件次", "count")]),
    # 一次 after 每 + a period in the same clause is a frequency: a count of one
    Example("每月调度一次整改进展", [Row("一次", "1", "次", "count")]),
    Example("每季度开展一次整改“回头看”", [Row("一次", "1", "次", "count")]),
    Example("每年组织一次全员培训", [Row("一次", "1", "次", "count")]),
    Example("每季度开展一次，每人一次录入", [Row("一次", "1", "次", "count")]),
    Example("每学期开展一次自查", [Row("一次", "1", "次", "count")]),  # holdout4
    Example("每月召开一次重大项目推进会", [Row("一次", "1", "次", "count")]),  # holdout28: not 一项重大任务
    Example("召开一次重要会议", [Row("一次", "1", "次", "count")]),
    # decibels, with decimals; a class of a standard is no count (3类问题 is)
    Example("厂界夜间噪声为58.6分贝，超过3类声环境功能区排放限值3.6分贝", [
        Row("58.6分贝", "58.6", "分贝", "count"), Row("3.6分贝", "3.6", "分贝", "count")]),
    Example("达到二类水质标准，梳理出3类问题", [Row("3类", "3", "类", "count")]),
    # holdout30: compound trips and doses, products, sample tubes (三管齐下 is an idiom)
    Example("共检查船舶4.36万艘次，接种疫苗8736万剂次", [Row("4.36万艘次", "43600", "艘次", "count"),
                                                  Row("8736万剂次", "87360000", "剂次", "count")]),
    Example("推出特色信贷产品9款，单日最大检测能力达到168万管", [Row("9款", "9", "款", "count"),
                                                   Row("168万管", "1680000", "管", "count")]),
    Example("每周安排思政课2课时", [Row("2课时", "2", "课时", "count")]),
    # holdout37/38: class periods, credits, library loans, a rate per thousand, wells
    Example("全年开设示范课126节，修满4学分，借阅图书36.7万册次", [
        Row("126节", "126", "节", "count"), Row("4学分", "4", "学分", "count"),
        Row("36.7万册次", "367000", "册次", "count")]),
    Example("孕产妇死亡率降至3.12‰，新打机井5眼", [Row("3.12‰", "3.12", "‰", "percent"), Row("5眼", "5", "眼", "count")]),
    # …but a rate's base, a second round, festivals and a phase are no counts (举办培训班三期 is)
    Example("百元医疗收入卫生材料消耗降至19.5元，开展二次验收和二次议价", [Row("19.5元", "19.5", "元", "money")]),
    Example("三八节慰问女职工，元旦春节“两节”期间，节约资金5万元", [Row("5万元", "50000", "元", "money")]),
    Example("对住院部三期等17个项目开展审计，举办培训班三期", [
        Row("17个", "17", "个", "count"), Row("三期", "3", "期", "count")]),
    Example("一眼望去，与上一期相比", []),
    # holdout41/42: bottles, rounds, shares, deals; 举一个例子 is the article
    Example("收受茅台酒6瓶，开展督查2轮次，质押1.86亿股，完成首发上市项目3单", [
        Row("6瓶", "6", "瓶", "count"), Row("2轮次", "2", "轮次", "count"),
        Row("1.86亿股", "186000000", "股", "count"), Row("3单", "3", "单", "count")]),
    Example("这里我举一个例子，鼓起一股劲，落实5单位责任，持有3股份", []),
    # holdout46/47: grain in 斤; a policy's name; 伍 in 队伍 is no numeral; the review's look-alikes
    Example("粮食产量614.2亿斤，实施长江十年禁渔，干部队伍年龄结构老化", [Row("614.2亿斤", "61420000000", "斤", "count")]),
    # holdout49/50: lectures, class periods, words, alerts; a quantity quoted alone counts, a name does not
    Example("开展专题辅导8讲，听课23节次，撰写5000字心得，累计预警1.2万条次", [
        Row("8讲", "8", "讲", "count"), Row("23节次", "23", "节次", "count"), Row("5000字", "5000", "字", "count"),
        Row("1.2万条次", "12000", "条次", "count")]),
    Example("打造“15分钟”便民服务圈，提供“24小时”自助服务", []),  # names (review)
    Example("实现“３～５天”内发放，开展“四类”违法行为整治，修订干警八小时以外行为办法，县四套班子领导，安置房一期等8个项目", [
        Row("３～５天", "3", "天", "duration", value_max="5"), Row("8个", "8", "个", "count")]),
    Example("每周开设两节心理健康课，元旦春节“两节”期间，二轮次巡察，两轮次督查，采购20瓶装消毒液", [
        Row("两节", "2", "节", "count"), Row("两轮次", "2", "轮次", "count")]),
    # holdout5: a compound measure word, and set phrases that hold numerals
    Example("开展联合检查286个次", [Row("286个次", "286", "个次", "count")]),
    Example("严格落实“六个百分之百”要求，建立“四张清单”", []),
    Example("完成率达到百分之百", [Row("百分之百", "100", "%", "percent")]),
]

# Forms found by the second holdout (tests/cases/holdout2): farm and archive measure words,
# ranges with the unit on both ends, and names (《》 titles, 一期工程) that hold a numeral.
HOLDOUT2_CASES = [
    Example("亩产达到612.8公斤，比上年增加6.4公斤", [
        Row("612.8公斤", "612.8", "公斤", "count"), Row("6.4公斤", "6.4", "公斤", "count", direction="increase")]),
    Example("生猪存栏198.7万头，家禽存栏3860万羽", [
        Row("198.7万头", "1987000", "头", "count"), Row("3860万羽", "38600000", "羽", "count")]),
    Example("抽查案卷2136卷，已补助3172具", [Row("2136卷", "2136", "卷", "count"), Row("3172具", "3172", "具", "count")]),
    Example("开展三期培训，二期工程完工", [Row("三期", "3", "期", "count")]),
    # a range with the unit on both ends is one metric; a longer unit at the high end is not the same unit
    # 日 is a duration only after 由/压缩至/… or before 内: elsewhere it is a day of the month
    Example("审结期限由４５日压缩至３０日，30日内办结，为期15日", [
        Row("４５日", "45", "日", "duration"), Row("３０日", "30", "日", "duration"),
        Row("30日", "30", "日", "duration"), Row("15日", "15", "日", "duration")]),
    Example("每人每月100元至300元不等", [Row("100元至300元", "100", "元", "money", value_max="300")]),
    Example("奖励3万元至5万元，用时3个月至6个月", [
        Row("3万元至5万元", "30000", "元", "money", value_max="50000"),
        Row("3个月至6个月", "3", "个月", "duration", value_max="6")]),
    Example("共5个至10个工作日，10人至20人次", [
        Row("5个", "5", "个", "count"), Row("10个工作日", "10", "个工作日", "duration"),
        Row("10人", "10", "人", "count"), Row("20人次", "20", "人次", "count")]),
    Example("印发《三年行动方案（2024—2026年）》，整改3项", [Row("3项", "3", "项", "count")]),
]

# Forms found by the third holdout (tests/cases/holdout3): ages (岁, with decimals), multiples (倍)
# and names that hold a numeral.
HOLDOUT3_CASES = [
    Example("干部平均年龄由48.6岁下降至46.9岁", [
        Row("48.6岁", "48.6", "岁", "count"), Row("46.9岁", "46.9", "岁", "count")]),
    Example("提拔40岁左右处级干部", [Row("40岁左右", "40", "岁", "count", approx=True)]),
    Example("其中45岁以下23人", [Row("45岁", "45", "岁", "count"), Row("23人", "23", "人", "count")]),
    Example("是上年的1.7倍，增长一倍", [Row("1.7倍", "1.7", "倍", "count"), Row("一倍", "1", "倍", "count", direction="increase")]),
    Example("年处置能力5万吨；清运4.2万吨", [
        Row("5万吨", "50000", "吨", "count"), Row("4.2万吨", "42000", "吨", "count")]),
    # an ASCII quote after a closing one on its line closes: the number after it counts
    Example('开展"回头看"3次', [Row("3次", "3", "次", "count")]),
    Example("开展三期培训，建成项目二期", [Row("三期", "3", "期", "count")]),
    # 两 never numbers an order: 两轮 is two rounds, where 二轮巡察 is the second round
    Example("分两轮开展整改专项督查，开展二轮巡察", [Row("两轮", "2", "轮", "count")]),
    Example("校领导讲授思政课26学时", [Row("26学时", "26", "学时", "count")]),
    # holdout7: some tens (数十), 近万, new measure words; shares as percentages
    Example("完成数十处碍航礁石清障，几百人参加", [
        Row("数十处", "10", "处", "count", approx=True), Row("几百人", "100", "人", "count", approx=True)]),
    Example("参演人员近万人次，救助艇20余艘", [
        Row("近万人次", "10000", "人次", "count", approx=True), Row("20余艘", "20", "艘", "count", approx=True)]),
    Example("完成32对服务区提质改造，管理层级压减至3级以内", [
        Row("32对", "32", "对", "count"), Row("3级", "3", "级", "count")]),
    Example("空调费用由学校承担三分之一，约占面积的三分之二", [
        Row("三分之一", "33.33", "%", "percent"), Row("三分之二", "66.67", "%", "percent")]),
    Example("占总数的四分之一以上，结余资金1/3收回，千分之五", [
        Row("四分之一以上", "25", "%", "percent", approx=True), Row("1/3", "33.33", "%", "percent"),
        Row("千分之五", "0.5", "%", "percent")]),
    # holdout8: a mean is no whole count; 三方面
    Example("法官人均结案较去年同期增加21.5件。重点关注三方面内容", [
        Row("21.5件", "21.5", "件", "count", comparison="同比", direction="increase"), Row("三方面", "3", "方面", "count")]),
    # scores of an assessment (not 十分重要, 9时30分), 台套, one special inspection
    Example("考核得分91.6分，扣减绩效3至5分，9时30分召开，十分重要", [
        Row("91.6分", "91.6", "分", "count"), Row("3至5分", "3", "分", "count", value_max="5")]),
    Example("整理档案二十三卷，一卷不少", [Row("二十三卷", "23", "卷", "count")]),
    Example("清理过期炮弹320发，新增变压器容量2.6万千伏安，共3发现问题", [
        Row("320发", "320", "发", "count"), Row("2.6万千伏安", "26000", "千伏安", "count")]),
    Example("更新设备62台套，并于第一季度组织一次专项督查", [
        Row("62台套", "62", "台套", "count"), Row("一次", "1", "次", "count")]),
    Example("蔬菜价格同比下降约一成。占比超四成，七成以上", [
        Row("约一成", "10", "%", "percent", approx=True, comparison="同比", direction="decrease"),
        Row("超四成", "40", "%", "percent", approx=True), Row("七成以上", "70", "%", "percent", approx=True)]),
    # holdout16: a rule quoted in full is no name, its durations count; 块; one event after 开展
    Example("落实群众来信“7日内程序性回复、3个月内办理过程或结果答复”制度", [
        Row("7日", "7", "日", "duration"), Row("3个月", "3", "个月", "duration")]),
    # holdout17/18: Chinese decimals, 万一 inside a number, 盏 and 段
    Example("新建道路十八点六公里，约一万一千平方米，二万一千人", [
        Row("十八点六公里", "18.6", "公里", "count"), Row("约一万一千平方米", "11000", "平方米", "count", approx=True),
        Row("二万一千人", "21000", "人", "count")]),
    Example("安装路灯320盏，整治河道7段，操办婚宴26桌", [Row("320盏", "320", "盏", "count"), Row("7段", "7", "段", "count"),
                                              Row("26桌", "26", "桌", "count")]),
    # holdout21: a duration after 超过, a range whose low end has a unit and no 万 of its own, a frequency
    Example("资金超过30日未分配，单笔金额在5000元至12万元不等，每3个工作日公示一次", [
        Row("超过30日", "30", "日", "duration", approx=True), Row("5000元至12万元", "5000", "元", "money", value_max="120000"),
        Row("3个工作日", "3", "个工作日", "duration"), Row("一次", "1", "次", "count")]),
    # holdout32: ponds and truckloads (一口气, 两口子 are idioms; 车间 a workshop)
    Example("鱼塘3口，清理垃圾杂物86车，检查车辆1263辆次", [Row("3口", "3", "口", "count"), Row("86车", "86", "车", "count"),
                                             Row("1263辆次", "1263", "辆次", "count")]),
    # holdout31: a day count after 延长, 不足, 期限 is a duration, not a day of the month
    Example("可以延长十五日，届满不足5日的案件，临近期限3日的案件", [
        Row("十五日", "15", "日", "duration"), Row("5日", "5", "日", "duration"), Row("3日", "3", "日", "duration")]),
    # holdout25: a page counter's number left opening its line once 点击数: is removed is no heading number
    Example("发布日期: 2018-08-21\n1386 次\n正文", [Row("1386 次", "1386", "次", "count")]),
    # holdout19/20: 点 after a Chinese numeral counts (not a clock hour, not 一点), 所次, a phase is no count
    Example("提出四点要求，督导19所次，完成三期扩建，开展三期培训", [
        Row("四点", "4", "点", "count"), Row("19所次", "19", "所次", "count"), Row("三期", "3", "期", "count")]),
    Example("设置界标、警示牌120余块，年底前对整改情况开展一次全面评估", [
        Row("120余块", "120", "块", "count", approx=True), Row("一次", "1", "次", "count")]),
]

NEGATIVES = [
    "开展“走千家访万户”活动，进万家送温暖",
    "召开第27次常务会议，反馈会后第3天，省道S203线K12+300处高边坡",
    "2020级学生，2023届毕业生，一对一帮扶，三级组织架构，万人大会",
    "新签约亿元以上项目", "一成不变，完成任务，是重点任务之一",
    "局党组一方面加强理论学习，另一方面强化监督", "开展1对1帮扶，与全省前10对标", "几十年如一日",
    "第1/4决赛，对1/2号楼进行加固", "开展安全生产治本攻坚三年行动", "打通“最后一公里”，推行“最多跑一次”改革", "完成一项、验收一项、销号一项", "过去村里账目一笔糊涂账", "一方面，加强学习；另一方面，强化监督", "问题。2．3个方面",
    "要把“两个维护”作为最高政治原则，树牢“四个意识”，坚定“四个自信”",
    "践行两个维护，坚定拥护两个确立",
    "加强对“三会一课”督导检查",
    "三管齐下，退还款项", "一口气完成，两口子，3车间", "一块儿研究部署，一次性告知", "一段时间以来，万一出现问题", "8点30分召开，十点半开会，有一点进步，三点一线", "上午九点五分召开会议，整改工作告一段落", "规范残疾人两项补贴发放", "各部门一块推进整改",
    "实行“一个问题、一套方案、一名责任领导”，坚持“整改一个问题”、“规范一类问题”",
    "班子成员履行“一岗双责”，形成整改方案及“三张清单”",
    "区委第三巡察组对区人民法院党组进行了巡察",
    "2020年1月印发了通知，2019年度机关党建工作情况，2020年第一季度发改率",
    "12月16日，区委巡察组反馈；3月下旬",
    "对2017-2019年该方面案件进行全面调研，1-3月，共组织",
    "二〇二〇年四月二十九日",
    "联系方式：电话8455350；电子邮箱",
    "12368语音热线系统和电子诉讼服务平台",
    "(1)调整法院党的建设工作领导小组组成人员",
    "（１）调整法院党的建设工作",
    "1.重业务轻党建思想仍未转变",
    "１．重业务轻党建思想仍未转变",
    "一是统一思想认识。\n（一）加强组织领导\n一、整改工作基本情况",
    "(博中医委任〔2024〕4号)",
    "统一思想认识，逐一认领清查，统一充值，一律不予加盖",
    "将启动“一案双查”追责问责，要求一案一报告",
    "实行一车一卡一账及定点加油制度",
    "定期调度，执结一起销号一起，未出现一起延期发放问题",
    "作为一项重大政治任务，在每一个司法案件中",
    "努力建设一支党和人民信得过、靠得住、能放心的政法铁军，打造一支铁军",  # holdout73: the article
    "每季度对千吨万人以上供水工程开展水质检测",  # holdout74: a class of water works
    "探索提高一次开庭和当庭宣判比例",
    "对一届区委第一轮、二轮、三轮、四轮、六轮、八轮及本次的十轮巡察发现问题",
    "十九届四中全会精神、十九届中央纪委四次全会精神",
    "加大对“24小时法院”、“网上立案”等便民利民设施的宣传力度",
    "涉区委重点调度的“两收尾一突破”工作，开展“三个一”工作",
    "(下转第七版) (上接第六版)",
    "力求解决一个、销号一个、巩固一个",
    "对整改情况一项一项盘点",
    "十一期间，建党100周年",
    "1 项目管理办法",
    "中央第五生态环境保护督察组，十四届全国人大常委会第十三次会议",
    "三部门联合印发，一部分干部，按照统一部署，本级部门，一本正经",
    # 门 and 只 in other words: 门户, 门诊, 只有, 只是; 三门峡, 一门心思, 一门式, 一只眼
    "3门户网站，全市2门诊部，三门峡市，一门心思抓整改，推行一门式服务，睁一只眼闭一只眼",
    "整改完成后只有少数问题，3只是开始，5只要坚持",
    # 一次 "in one go" stays out when 每 names no period (每个部门, 每人)
    "每个部门一次录入系统，每人一次告知",
    # 头 具 卷 羽 in other words, and Chinese numerals before them (idioms)
    "领导干部带头，从源头抓起，牵头单位，龙头企业，口头警告，街头巷尾，一头雾水，千头万绪，两头跑",
    "具体问题，具有，具备，工具，家具，试卷，卷宗，羽毛球，3具体问题，5卷宗",
    # days of the month are no durations
    "9月6日至11月28日，6日召开，至28日结束，12月16日反馈",
    # numbers inside a 《》 title or a phase of a project
    "《关于进一步加强安全生产治本攻坚三年行动的实施意见》《廉洁从业九项准则实施细则》",
    "新校区一期工程已于年内完工，二期项目开工",
    # a phase right after 项目/工程/厂 (data: ordinal_after in units.yaml)
    "建成生活垃圾焚烧发电项目二期，污水处理厂三期，扩建工程四期",
    # a quantity that opens a quoted name, with undirected quotes (ASCII ", fullwidth ＂)
    '明确院庭长监督管理的"四类案件"范围',
    "开展＂三个一＂活动，明确＂四类案件＂范围",
    # 岁 and 倍 in other words, and idioms with 倍
    "年终岁末，峥嵘岁月，岁首，要倍加珍惜，实现倍增，事半功倍，加倍努力，以百倍的努力，倍感振奋",
]


def _ids(example: Example) -> str:
    return example.text[:16]


@pytest.mark.parametrize("example", SEED_CASES + CORPUS_CASES + EDGE_CASES + GENERALISED_CASES + HOLDOUT_CASES
                         + HOLDOUT2_CASES + HOLDOUT3_CASES,
                         ids=_ids)
def test_find_metrics(example: Example):
    got = find_metrics(example.text)
    assert [m.raw for m in got] == [r.raw for r in example.rows]
    for m, want in zip(got, example.rows):
        assert example.text[m.start:m.end] == m.raw
        assert (m.value, m.unit, m.kind, m.approx) == (Decimal(want.value), want.unit, want.kind, want.approx)
        assert m.value_max == (Decimal(want.value_max) if want.value_max else None)
        assert (m.comparison, m.direction) == (want.comparison, want.direction)
        if want.subject:
            assert m.subject and want.subject in m.subject, m.subject


@pytest.mark.parametrize("text", NEGATIVES, ids=lambda t: t[:16])
def test_not_metrics(text: str):
    assert find_metrics(text) == []


def test_exclude_spans_are_respected():
    text = "先后2次召开专题会议，整改3项"
    assert [m.raw for m in find_metrics(text, exclude=[(2, 3)])] == ["3项"]
    assert [m.raw for m in find_metrics(text, exclude=[(0, 1), (20, 30)])] == ["2次", "3项"]


@needs_corpus
def test_seed_golden():
    metrics = find_metrics((CORPUS / "seed.txt").read_text(encoding="utf-8"))
    progress = [m for m in metrics if m.value == Decimal("97.57")]
    assert len(progress) == 1 and progress[0].unit == "%" and "发放" in progress[0].subject
    shrink = [m for m in metrics if m.value == Decimal("27.7") and m.unit == "%"]
    assert len(shrink) == 2
    assert all("收案" in m.subject and m.direction == "decrease" and m.comparison == "同比" for m in shrink)
    assert len(metrics) == 91


@needs_corpus
def test_money_is_folded_into_yuan():
    found = {m.raw: m for m in find_metrics((CORPUS / "011.txt").read_text(encoding="utf-8"))}
    assert found["251023.54万元"].value == Decimal("2510235400") and found["251023.54万元"].unit == "元"
    assert found["1580万元"].value == Decimal("15800000") and found["1580万元"].kind == "money"


def _sig(value) -> float:
    value = float(value)
    return value if value == 0 else round(value, -int(math.floor(math.log10(abs(value)))) + 3)


@needs_corpus
def test_labels_f1():
    tp = fp = fn = 0
    for path in sorted(CORPUS.glob("*.label.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        if not label["file"].endswith(".txt"):
            continue
        want = Counter((_sig(m["value"]), m["unit"]) for m in label["metrics"])
        got = Counter((_sig(m.value), m.unit) for m in find_metrics((CORPUS / label["file"]).read_text(encoding="utf-8")))
        hits = sum((want & got).values())
        tp, fp, fn = tp + hits, fp + sum(got.values()) - hits, fn + sum(want.values()) - hits
    assert 2 * tp / (2 * tp + fp + fn) >= 0.97


@needs_corpus
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [], ids=lambda p: p.name)
def test_spans_point_into_the_text(path: Path):
    text = path.read_text(encoding="utf-8")
    metrics = find_metrics(text)
    assert all(text[m.start:m.end] == m.raw for m in metrics)
    assert all(a.end <= b.start for a, b in zip(metrics, metrics[1:]))


def test_messy_input_never_raises():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    alphabet = st.sampled_from(list("0123456789０１２.．,%％—-至一二两三十百千万亿个件人次年月日天周元第余多近约以上“”，。、（）()\n 项目统维护"))

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.text(alphabet, max_size=40))
    def check(text: str):
        metrics = find_metrics(text)
        assert all(text[m.start:m.end] == m.raw for m in metrics)
        assert all(a.end <= b.start for a, b in zip(metrics, metrics[1:]))

    check()


# ---- the fast scan finds exactly what a plain scan finds ----
# find_metrics tries _RE_QUANTITY only where _RE_CANDIDATE says a match can start; a plain
# finditer over every position is the reference.

def _plain_scan(text: str):
    from pipeline.extract.metric_patterns import _RE_QUANTITY
    return [(m.span(), m.groups()) for m in _RE_QUANTITY.finditer(text)]


def _fast_scan(text: str):
    from pipeline.extract.metrics import _quantities
    return [(m.span(), m.groups()) for m in _quantities(text)]


@pytest.mark.parametrize("text", [e.text for e in SEED_CASES + CORPUS_CASES + EDGE_CASES + GENERALISED_CASES]
                         + NEGATIVES,
                         ids=lambda t: t[:16])
def test_fast_scan_matches_plain_scan(text: str):
    assert _fast_scan(text) == _plain_scan(text)


@needs_corpus
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [], ids=lambda p: p.name)
def test_fast_scan_matches_plain_scan_on_corpus(path: Path):
    text = path.read_text(encoding="utf-8")
    assert _fast_scan(text) == _plain_scan(text)


def test_fast_scan_matches_plain_scan_on_messy_input():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    alphabet = st.sampled_from(list("0123456789０１２.．,%％—-至一二两三十百千万亿個个件人次年月日天周元第余多近约以上“”，。、（）()\n "
                                    "项目统维护将接大逾超过分之数几a_/"))

    @hypothesis.settings(max_examples=500, deadline=None)
    @hypothesis.given(st.text(alphabet, max_size=40))
    def check(text: str):
        assert _fast_scan(text) == _plain_scan(text)

    check()


def test_grouped_alternations_match_like_plain_ones():
    """by_first_character regroups a longest-first alternation without changing what it finds."""
    import re

    from pipeline.extract.metric_checks import _SET_PHRASES
    from pipeline.extract.word_patterns import alternation as _alternation, by_first_character as _by_first_character

    text = "践行两个维护兩個維護，两个一百年，三会一课一起统一逐一，一案一报告一案双查，千家万户百年"
    for words in (_SET_PHRASES, ["个月", "个", "个工作日", "人次", "人"]):
        plain, grouped = re.compile(_alternation(words)), re.compile(_by_first_character(words))
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("text, expected", [
    ("2023万5个项目", [("5个", "5")]),  # not one number: 5 is no 万-part of 2023万
    ("共计1亿2000万元", [("1亿2000万元", "120000000")]),
    ("补助3万5000元", [("3万5000元", "35000")]),
])
def test_a_number_written_in_two_parts_only_when_the_lower_part_fits(text, expected):
    assert [(m.raw, str(m.value)) for m in find_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # 个 short for 个百分点 before a second figure (holdout57)
    ("采纳率同比分别提高４．６个和３．１个百分点。", [("４．６个", "4.6", "个百分点"), ("３．１个百分点", "3.1", "个百分点")]),
    ("对3个和5个单位通报。", [("3个", "3", "个"), ("5个", "5", "个")]),
    # a number set off by spaces at a line start, where the text spaces its numbers (a PDF copy)
    ("联合开展专项督查 3 轮，对进度滞后的\n9 个单位发出督办通知。", [("3 轮", "3", "轮"), ("9 个", "9", "个")]),
    ("一、总体情况\n1 项目管理不规范。", []),  # a heading's number, a space, then its title
    # a generation, a phase, a class and the base of a rate are no counts (holdout56, 57)
    ("运用金税三期系统开展分析", []), ("推进北港区二期等项目", []), ("棚户区改造二期建设", []),
    ("百万千瓦级煤电项目投产", []), ("建成10万吨级码头", []), ("按每千人6批次的标准抽检", [("6批次", "6", "批次")]),
])
def test_holdout56_57_cases(text, expected):
    assert [(m.raw, str(m.value), m.unit) for m in find_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # one after another is no count (holdout63)
    ("晒出了一份份整改成绩单", []), ("解决了一个个难题", []),
    # a time limit opening a quoted promise counts; quoted names stay names
    ("承诺“1个月内拿出解决办法”", [("1个月", "1", "个月")]),
    ("打造“15分钟”便民服务圈", []), ("建成“24小时自助服务区”", []),
])
def test_holdout63_cases(text, expected):
    assert [(m.raw, str(m.value), m.unit) for m in find_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("更换门窗5万樘", [("5万樘", "50000", "樘")]), ("浓度为1.12毫克/立方米", [("1.12毫克/立方米", "1.12", "毫克/立方米")]),
    ("执行（GB 12348—2008）2类标准限值8.6分贝", [("8.6分贝", "8.6", "分贝")]),  # a class of a standard
])
def test_holdout62_cases(text, expected):
    assert [(m.raw, str(m.value), m.unit) for m in find_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("按照《预算法》要求完整编制四本预算", []),  # the four budgets: a set phrase (holdout64)
    ("记录。3．2017—2019年度结转的12个项目中", [("12个", "12", "个")]),  # a heading number, then years
])
def test_holdout64_cases(text, expected):
    assert [(m.raw, str(m.value), m.unit) for m in find_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("应收水费余额较上一年增长23.5%", [("23.5%", "23.5", "%")]),  # 上一年: the year before, no duration
    ("工作满一年", [("一年", "1", "年")]),
])
def test_holdout67_cases(text, expected):
    assert [(m.raw, str(m.value), m.unit) for m in find_metrics(text)] == expected


def test_reduplication_needs_the_numeral_one():
    assert [(m.raw, str(m.value)) for m in find_metrics("扶持1个个体户")] == [("1个", "1")]


@pytest.mark.parametrize("text, raw, subject", [
    ("区委4个巡察组向40家被巡察单位党组织全面反馈巡察情况。", "40家", "被巡察单位党组织"),
    ("整顿软弱涣散村党组织2个，调整村党组织书记2名。", "2名", "村党组织书记"),
    ("全镇12个村党组织已全部完成换届。", "12个", "村党组织"),
    ("查找问题25个，已完成整改20个，尚未完成5个。", "5个", "问题"),
    ("摸排问题36个并整改问题30个。", "30个", "整改问题"),
])
def test_subjects_around_party_organisations_and_unfinished_counts(text, raw, subject):
    found = {m.raw: m.subject for m in find_metrics(text)}
    assert found[raw] == subject


@pytest.mark.parametrize("text, expected", [
    ("累计互认检查检验项目3.7万余项次，为患者节省费用", [("3.7万余项次", "项次")]),
    ("对新校区二期等9个在建工程项目开展全面排查", [("9个", "个")]),  # a phase of a campus
    ("集团百亿元营业收入生产安全事故起数下降", []),  # the base of a rate
    ("百元医疗收入卫生材料消耗降至18.2元", [("18.2元", "元")]),
    ("计划投资百亿元建设新区", [("百亿元", "元")]),  # an amount
])
def test_holdout69_units_phases_and_rate_bases(text, expected):
    assert [(m.raw, m.unit) for m in find_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("审判管理办公室对审限届满前15日的案件进行预警提示", [("15日", "日")]),  # holdout70: a duration
    ("合同期满前30日提出续签申请", [("30日", "日")]),
    ("3月15日召开会议", []),  # a day of the month
])
def test_days_before_a_term_ends_are_a_duration(text, expected):
    assert [(m.raw, m.unit) for m in find_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("举办水利行业职业技能大赛2届，培养高技能人才", [("2届", "届")]),  # holdout71
    ("十四届县委第五轮巡察", []),  # an ordinal in words
    ("2023届毕业生就业率", []),  # a cohort
    ("累计调度大中型水库2297座次，拦蓄洪水", [("2297座次", "座次")]),
])
def test_holdout71_sessions_and_reservoir_times(text, expected):
    assert [(m.raw, m.unit) for m in find_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("十万元资产", [("十万元", 100000)]),  # an amount, not the base of a rate
    ("发放千万元贷款", [("千万元", 10000000)]),
])
def test_a_bare_magnitude_before_assets_or_loans_is_an_amount(text, expected):
    assert [(m.raw, m.value) for m in find_metrics(text)] == expected


def test_a_passive_verb_after_a_headcount_is_no_subject():
    found = {m.raw: m.subject for m in find_metrics("3人被调查处理，5人被考核为不称职。")}
    assert found == {"3人": None, "5人": None}
