"""Ingest stage, narrative claims: the wording of a stated figure (amounts, comparisons, changes, percentages,
reasons) and the subject a figure is about, with its classification when the sentence gives one.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from budgetcheck.ingest.narrative.numbers import ABOUT_AFTER, ABOUT_BEFORE, said_roughly
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.sentences import SENTENCE_END
from budgetcheck.money import Money

_NUMBER = r"-?(?<!\d)(?!0\d)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
MONEY_UNITS = "亿元|万元|元"  # a figure's unit as a sentence prints it (亿元: a large department's, 79.13亿元)
# 万 alone (1000.86万，單位：萬) is 万元 where a separator or the end follows it: never 万人、万次
_WAN = r"万(?=\s*(?:[，,。；;、：:)）]|$))"
AMOUNT = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>{MONEY_UNITS})")
# read in a text of no known template only (generic.py): a known template writes 万元, and its project pages'
# 项目总预算1170.00万 are figures of parts not read
AMOUNT_LOOSE = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>{MONEY_UNITS}|{_WAN})")
_YEAR = r"(?P<{0}>\d{{4}})\s*年度?"
_KIND = r"(?P<kind>预算执行数|预算执行|执行数|决算数|决算|预算数|预算)"
# a PDF page turned into HTML may space its letters (同 比 增 加 27125219.46 元): 增加/减少 are read so too
# 增收/减收 (of revenue), 增支/减支 (of spending) before a figure: its change, as 增加/减少 (…同比增长10.85%，增收2,798万元);
# 增（减）/增减 before a signed figure (比上年增（减）-2.00万元): a rise, a negative one a fall, as statistics columns write it
# no change said in any of its words (同比无增减变化, 比上年无变动, 与上年相比未发生变化): 无变化, as clauses.py reads them
_UNCHANGED = r"无变化|没有变化|未发生变化|未变化|无变动|没有变动|未变动|无增减(?:变化)?|没有增减(?:变化)?|未增减"
# 比上年多0.5万元 / 比上年少1万元 / 较上年同期压减2万元 / 较上年增17.1万元 / 较上年减0.04万元: more, less, cut, up, down,
# right after the year compared (至少, 最多 are bounds)
_AFTER_YEAR = r"(?:(?<=年)|(?<=期)|(?<=算)|(?<=数))\s*(?:多|少|压减|缩减|增|减)"
_DIRECTION = r"(?P<dir>增\s?加|减\s?少|基本持平|持平|" + _UNCHANGED + r"|(?:" + _AFTER_YEAR + r"|增长|上升|下降|降低|增收|减收|增支|减支|增\s*[（(]\s*减\s*[）)]|增减)(?=\s*了?\s*-?\d[\d,]*(?:\.\d+)?\s*万?元))"
# 同口径比2018年减少830万元 (against last year restated on this year's terms): a comparison like any other; the item
# named again before the kind (比2023年收支总预算增加…, 比上年收入预算增加…) is the comparison's, not a claim of its own
COMPARISON = re.compile(
    r"同\s?比(?=\s*(?:增\s?加|减\s?少|增长|下降|上升|降低|持平|[增减](?=\s*\d)|" + _UNCHANGED + r"))|(?:(?:按|以)?(?:同口径|可比口径)\s*)?(?:比|较|与|同比)\s*(?:" + _YEAR.format("by") + r"|上年度?|上一年度?|去年)\s*(?:同期)?\s*(?:[（(][^（）()]{1,8}[）)])?\s*(?:年初|全年|累计|实际)?(?:(?:收支|收入|支出)总?(?=预算|决算|执行))?" + _KIND + r"?(?:支出|收入)?数?(?:的)?"
    r"\s*(?P<base>" + _NUMBER + r")?\s*(?P<baseunit>" + MONEY_UNITS + "|" + _WAN + r")?\s*(?:相比|比较)?"
    r"(?=\s*(?:[，,]|$|增加|减少|持平|基本持平|" + _UNCHANGED + r"|(?:多|少|压减|缩减|增|减)(?=\s*\d)|增长|下降|上升|降低|(?:增\s*[（(]\s*减\s*[）)]|增减|增收|减收|增支|减支)(?=\s*-?\d)))"
)
# 2024年机关运行经费预算50万元,较2023年机关运行经费预算增加5万元: a comparison that names its item again before the kind
# (claims.py takes it only where the item is the claim's before it)
ITEM_COMPARISON = re.compile(
    r"\s*(?:比|较|与|同比)\s*(?:" + _YEAR.format("by") + r"|上年度?|上一年度?|去年)\s*(?:同期)?\s*(?P<item>[^\d\s，,。；;：:（）()%]{2,16}?)"
    + r"(?:" + _KIND + r"|(?=(?:支出|收入)?数?\s*" + _NUMBER + r"\s*(?:" + MONEY_UNITS + ")))"  # 比上年基本支出1197.92万元下降…: no kind, its base said
    + r"(?:支出|收入)?数?(?:的)?\s*(?P<base>" + _NUMBER + r")?\s*(?P<baseunit>" + MONEY_UNITS + "|" + _WAN + r")?\s*(?:相比|比较)?"
    r"(?=\s*(?:增加|减少|持平|基本持平|增长|下降|上升|降低))"
)


def same_item(named: str, subject: str) -> bool:
    """Whether `named`, an item written again in a later clause of the sentence, is `subject` (itself, or part of its
    name: 收入 of 收入总计, “三公”经费 of 某中学2017年“三公”经费财政拨款). A bare 收入 or 支出 is the whole's, never an
    item whose name ends in it (…,其他收入27.95万元；收入较去年增加53.26万元 speaks of all income)."""
    if named in ("收入", "支出"):
        return _KIND_WHOLE.fullmatch(subject.replace(named, "{}", 1)) is not None
    return len(named) >= 2 and named in subject


# 收入 written again of 收入总计, 本年收入合计, 部门收入, 2024年收入预算 ({} marks where the bare kind stands)
_KIND_WHOLE = re.compile(r"(?:本年度?|当年|全年|年度|部门|单位|本部门|本单位)?\{\}(?:总计|合计|总额|总数|总预算|总决算|预算|决算)?数?")


# 较上年下降了0.20万元, 减少了0.5万元: a 了 between the word and the figure; a change said roughly (减少20万元左右, as 减少约20万元)
# is a direction with no figure
CHANGE = re.compile(_DIRECTION + rf"\s*(?:了\s*)?(?:(?P<chg>{_NUMBER})\s*(?P<chgunit>{MONEY_UNITS})(?!\s*{ABOUT_AFTER}))?")
# a percentage said roughly or as a bound (21%左右, 20%以上, 30%多) is no figure to check: it is not read (nor are 约21%,
# 近21%, 超过15%, which no pattern below admits between its word and its number)
ROUGH = r"(?!\s*(?:左右|上下|以上|以下|以内|有余|多))"
# 增长8.55%, 下降了2%, 增幅8.55%, 降幅为2%, 下降幅度为2%, 增长率为5%, 同比增5% (增幅/涨幅/增 read as 增长, 降幅/减幅/减 as
# 下降: put_percent)
PERCENT = re.compile(rf"(?P<pdir>负增长|增长|下降|增加|减少|上升|提高|降低|增幅|涨幅|降幅|减幅|增(?=\s*\d)|(?<!增)减(?=\s*\d))(?:了|幅度|率)?\s*(?:(?:为|是|达)\s*)?(?P<pct>{_NUMBER})\s*%{ROUGH}")
# the percentage of a change in brackets of its own right after it, with no word: 较上年减少1.5万元(42.86%)
BARE_PERCENT = re.compile(rf"^\s*(?P<pct>{_NUMBER})\s*%\s*[）)]")
# 完成年初预算的96.33%, 为调整预算数的100.66%, 是全年预算的98%, 达到预算的101%: a completion names its base; 预算完成率为95%,
# 年初预算执行率98% too; 占年初预算的83.33% (占全年预算的, 占调整预算数的) is one as well, a budget of the year's start, end
# or change being no whole a part is of; 占…预算的 is left to SHARE (占预算的40% may be a part's share of the whole budget).
COMPLETION = re.compile(
    rf"(?:完成|(?:为|是|达到?|相当于)(?=(?:年初|全年|调整)?预算数?(?:\s*{_NUMBER}\s*(?:{MONEY_UNITS}|{_WAN}))?的\s*{_NUMBER}\s*%)"
    rf"|(?<!约)占(?=(?:年初|全年|调整)预算数?(?:\s*{_NUMBER}\s*(?:{MONEY_UNITS}|{_WAN}))?的\s*{_NUMBER}\s*%))"
    rf"(?P<of>年初预算|全年预算|调整预算|预算)数?(?:\s*(?P<plan>{_NUMBER})\s*(?P<planunit>{MONEY_UNITS}|{_WAN}))?的?\s*(?P<pct>{_NUMBER})\s*%{ROUGH}"
    rf"|(?P<of2>年初预算|全年预算|调整预算|预算)(?:完成|执行)率(?:为|是|达到?)?\s*(?P<pct2>{_NUMBER})\s*%{ROUGH}"
)
YEAR_PREFIX = re.compile(r"^\s*" + _YEAR.format("year") + r"(?![0-9]|\s*[0-9]+\s*月)\s*")
LEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|[一二三四五六七八九十]是|\d+\s*(?:[、．]|\.(?![0-9])|\.(?=[0-9]{4}\s*年))\s*|其中|包括|包含|具体(?:是|为|包括)|例如|比如|另外|此外|同时|经(?:比较|汇总|核算|统计|测算|审核|核实)\s*[，,]?|共计|共|(?:对比|相比|相较|各|均)(?=\s*(?:增加|减少|增长|下降|上升|降低))|(?:即|也即|也就是说)(?=\s*[增减比较同为是，,])|加(?=上级|上年|年初|调入|动用|债务|债券|转移支付|返还))\s*")
_ORGANISATION = re.compile(
    r"^(?:本|我)(?:部门|单位)|^[^，。；“”]*?[省市区县委][^，。；“”]*?(?:办公室|委员会|办事处|工作部|局|部门)(?:（部门）|\(部门\))?"
)
_SUBJECT_WINDOW = 120  # a subject is a phrase; a longer run before a figure is layout debris, and the patterns below are quadratic in it
LINK_TAIL = re.compile(r"(?:为|是|达到|达)+$")
_VERB_TAIL = re.compile(r"(?<!总)(?:共计安排|预算安排|安排|共计|预算支出数|预算数|预算)+$")  # 收入总预算 keeps its 预算 (not 收入总)
_MEASURES = ("年初预算数", "全年预算数", "调整预算数", "支出决算数", "年初预算", "全年预算", "调整预算", "支出决算", "决算支出数", "决算数", "决算", "执行数")
# 预算数为10万元,决算支出数为8万元: the 决算数 of the item, as 决算数为 is; 年初预算数为, 支出决算数为: the measures without 数
_MEASURE_NAMES = {"决算支出数": "决算数", "年初预算数": "年初预算", "全年预算数": "全年预算", "调整预算数": "调整预算", "支出决算数": "支出决算"}
# a clause that gives a cause (因车辆无变动, 由于人员未增减) states no item of its own: 因公出国 is an item, 因此 a link
CAUSE = re.compile(r"\s*(?:因(?![公此而])|由于|鉴于)")
# …的主要原因是, and a change word without 的 (下降主要原因是:项目减少。): the cause of the change, no item of its own
REASON = re.compile(r"^\s*(?:[^，；。]{0,20}?的|(?:增减|增加|减少|下降|增长|上升|降低|变化|变动|节约|超支)的?)?(?:主要原因是|主要原因为|主要原因|原因是|主要是|主要为|主要用于|用于|主要包括)[：:]?\s*")
# 100万元以上, 100万元（含）以上: a threshold; 3.5万元/人, 300元/人·天, 2万元每辆: a rate per unit (a unit price): neither is an
# item's figure to add up or compare (spaces split one way only: counts.py says why)
_THRESHOLD = re.compile(r"\s*(?:(?:[（(]含[）)]\s*)?(?:以上|以下|以内)|(?:/|每)\s*(?:人|次|辆|台|天|日|月|年|批|个|件|套|平方米|㎡|公里|人次|人天|人日))")
CODE_BRACKET = re.compile(r"[（(]\s*(?P<code>\d{2,7})\s*(?P<level>类|款|项)\s*[）)]")
_CODE_LEADING = re.compile(r"^(?P<code>\d{3,7})\s+(?P<name>\S.*)$")
_QUOTED_ITEM = re.compile(r"^“(?P<name>[^”]+)”(?:科目)?$")
NAMED_LEVELS = re.compile(r"（类）|（款）|（项）|\(类\)|\(款\)|\(项\)")
KIND_NAMES = {"预算执行数": "执行数", "预算执行": "执行数", "执行数": "执行数", "决算数": "决算数", "决算": "决算数", "预算数": "预算数", "预算": "预算数"}
DIRECTION_NAMES = {
    "基本持平": "持平", "增长": "增加", "上升": "增加", "下降": "减少", "降低": "减少",
    "多": "增加", "少": "减少", "增": "增加", "减": "减少", "压减": "减少", "缩减": "减少", "增收": "增加", "减收": "减少", "增支": "增加", "减支": "减少", "增(减)": "增加", "增（减）": "增加", "增减": "增加",
} | {word: "无变化" for word in ("没有变化", "未发生变化", "未变化", "无变动", "没有变动", "未变动", "无增减", "无增减变化", "没有增减", "没有增减变化", "未增减")}


# a number that is no year, date, ordinal, percentage or count of a list item: 807.95 (合计为807.95，其中…), 807.95千元
_BARE_NUMBER = re.compile(r"(?<![0-9.,（(])[0-9][0-9,]*(?:\.[0-9]+)?(?![0-9]|\s*(?:[年月日号%％、）)]|\.(?![0-9])))")


# words of a comparison (较上年预算负增长37%, one the patterns did not read): before a rate alone they name no item
COMPARED = re.compile(r"\s*(?:较|比|同比)")


def rate_word(change: re.Match, percent: re.Match) -> bool:
    """Whether a change read with no amount is only the word of the percentage after it (较预算数898万元增加114万元,增加13%:
    增加 13%, as 增长13% is): then the clause states a rate, no change."""
    return change.group("chg") is None and change.start() == percent.start()


def unread_whole(before: str) -> bool:
    """Whether the words of a sentence before its 其中 hold a number no claim was read from (its unit unknown or
    unreadable: 合计为807.95，其中…), or name a breakdown by a classification (按支出用途分类,包括…): the whole the list
    belongs to is then that number or unsaid, never a figure of an earlier sentence."""
    return _BARE_NUMBER.search(before) is not None or BREAKDOWN_BEFORE.search(before) is not None


def announces_breakdown(sentence: str) -> bool:
    """Whether a sentence of no figure announces a breakdown (按政府采购项目类型,分为货物类采购、工程类采购和服务类采购三种类型。):
    a 其中 opening the next sentence lists its parts, whose whole it does not state, not parts of an earlier figure."""
    return not any(char.isdigit() for char in sentence) and _ANNOUNCED.search(sentence) is not None


_ANNOUNCED = re.compile(r"按[^，,。；;：:]{1,16}?(?:分类|类别|划分|类型)|分为[^，,。；;]{2,40}?(?:类|种|部分|方面)")


# a breakdown of a whole by a classification of its own: 按支出功能分类科目:…, 按支出项目类别:…, 按经济分类,… (at a clause's
# start); and one named before 包括 whose total the sentence does not state (2.按支出用途分类,包括…: not an earlier figure)
BREAKDOWN = re.compile(r"\s*(?:[0-9]+\s*[.．、]\s*)?按[^，,。；;：:]{1,12}?(?:分类|类别|划分)(?:科目)?\s*[：:，,]")
BREAKDOWN_BEFORE = re.compile(r"按[^，,。；;：:]{1,12}?(?:分类|类别|划分)(?:科目)?\s*[：:，,]?\s*$")


def has_figure(chars: str) -> bool:
    return bool(AMOUNT.search(chars) or COMPARISON.search(chars) or PERCENT.search(chars) or COMPLETION.search(chars))


def names_an_item(text: str) -> bool:
    words = text.strip()
    # 较年初预算数减少4万元: a change against the plan, said of the claim before it, names no item of its own
    return "与" not in words and not words.startswith(("（如", "(如")) and not _AGAINST_PLAN.match(words) and len(words) >= 2


_AGAINST_PLAN = re.compile(r"^(?:比|较|与)\s*(?:年初|全年|调整)?预算")


# an amount given as a bound (超过12万元, 近13万元, 不到13万元, 至少5万元: more, nearly, less than, at least) or said roughly
# (约12万元, 大约12万元, 共约12万元: numbers.said_roughly) is no figure to add up or compare
_BOUND = re.compile(r"(?:近|超过|超出|不到|不足|逾|高于|低于|多于|少于|至少|最多|最少|最高|最低|" + ABOUT_BEFORE + r")\s*$")
# an average per unit named before the amount (…保有量为11辆,平均每辆2.08万元; 人均0.5万元; 生均公用经费1000元) is a rate, no
# figure to add up: read as one, it was a part of the car's 其中 list (a false CLM-SUM-001)
_AVERAGE = re.compile(r"(?:平均|人均|生均|车均|户均|次均)[^\d，,。；;：:、]{0,8}$")


def stated_amount(chars: str, start: int, stop: int, loose: bool = False) -> re.Match | None:
    """The first amount of chars[start:stop] that is an item's figure; none after one said roughly (约761.21万元(含上年结转
    5.01万元): what follows it in the clause is of it, rough_amount)."""
    for match in (AMOUNT_LOOSE if loose else AMOUNT).finditer(chars, start, stop):
        if said_roughly(chars, match.start(), match.end()):
            return None
        if not _refused(chars, match):
            return match
    return None


def rough_amount(chars: str, start: int, stop: int) -> re.Match | None:
    """The first amount of chars[start:stop] that would be an item's figure but is said roughly or as a bound (事业收入约201万元,
    近13万元, 201万元左右): the item is stated and its figure left unread."""
    for match in AMOUNT.finditer(chars, start, stop):
        if _rough(chars, match):
            return match
        if not _refused(chars, match):
            return None
    return None


def rough_subject(text: str) -> str:
    """The words before a rough amount without the word that makes it rough (事业收入约 -> 事业收入)."""
    return _BOUND.sub("", text)


def _rough(chars: str, match: re.Match) -> bool:
    start = match.start()  # _BOUND holds the words said_roughly looks for before a figure
    return _BOUND.search(chars, max(0, start - 4), start) is not None or said_roughly(chars, start, match.end())


def _refused(chars: str, match: re.Match) -> bool:
    start = match.start()
    return _rough(chars, match) or bool(_THRESHOLD.match(chars, match.end()) or _AVERAGE.search(chars, max(0, start - 10), start))


def is_change(chars: str, start: int, amount: re.Match) -> bool:
    change = CHANGE.search(chars, start, amount.end())
    return change is not None and change.group("chg") is not None and change.start("chg") == amount.start("num")


def read_subject(text: str) -> tuple[str, str | None, dict | None]:
    words = LEAD.sub("", text.strip()[-_SUBJECT_WINDOW:], count=1)
    words = YEAR_PREFIX.sub("", words, count=1)
    words = _ORGANISATION.sub("", words, count=1).strip(" ，,、")
    words = YEAR_PREFIX.sub("", words, count=1)
    words = re.sub(r"^的(?=\S)", "", words)  # 2022年的“三公”经费…
    words = LINK_TAIL.sub("", words).strip()
    measure = next((candidate for candidate in _MEASURES if words.endswith(candidate)), None)
    if measure:
        words = words[: -len(measure)].strip()
        measure = _MEASURE_NAMES.get(measure, measure)
        if measure == "支出决算" and words and not words.endswith("费"):
            words += "支出"  # 基本支出决算为…: the item is 基本支出 (公务接待费支出决算: 公务接待费)
    words = _VERB_TAIL.sub("", words).strip()
    words, classification = _classification(words)
    return re.sub(r"\s+", "", words), measure, classification


def _classification(words: str) -> tuple[str, dict | None]:
    brackets = list(CODE_BRACKET.finditer(words))
    if brackets:
        last = brackets[-1]
        start = brackets[-2].end() if len(brackets) > 1 else 0
        name = (words[start : last.start()] + words[last.end() :]).strip()
        names = [words[a.end() if a else 0 : b.start()].strip() for a, b in zip([None, *brackets], brackets)]
        subject = "-".join(part for part in names if part) if len(brackets) > 1 else name
        code = {"code": last.group("code"), "level": last.group("level")}
        return subject, {**code, "name": name} if name else code
    leading = _CODE_LEADING.match(words)
    if leading:
        return leading.group("name"), {"code": leading.group("code"), "name": leading.group("name")}
    quoted = _QUOTED_ITEM.match(words)
    if quoted:
        return quoted.group("name"), {"name": quoted.group("name")}
    if NAMED_LEVELS.search(words):
        return words, {"name": words}
    return words, None


def decimal(text: str) -> Decimal:
    return Decimal(re.sub(r"[\s,]", "", text))


def converted(number: str, printed_unit: str, unit: str) -> str:
    money = Money(decimal(number), printed_unit).to(unit)
    if printed_unit == "亿元":  # 0.032937亿元 is 329.37万元 (not 329.370000), 12.5亿元 125000万元: to its last printed digit
        return str(money.amount.quantize(Decimal(1).scaleb(min(money.precision, 0))))
    return str(money.amount)


def exponent_in(number: str, printed_unit: str, unit: str) -> int:
    """The exponent of the figure's last printed digit, counted in `unit` (839 万元 in 元: 4)."""
    return Money(decimal(number), printed_unit).to(unit).precision


# the whole said again at the end of its list, or an item's amount after its counts (…30批次，300人次，共计支出4.00万元)
RESTATED = re.compile(r"^\s*(?:合计|总计|共计|总额)\s*(?:支出|金额|开支|资金)?\s*(?:为|是|达)?\s*$")
# 比预算节约2万元, 超收1000万元, 非税收入超收500万元, 节支6万元: how a figure came out against its budget, said by a verb
# (words ending in it are searched): no claim of its own (read as one named 节约, two such figures were one item given two
# amounts, a false CLM-DUP-001; 非税收入超收 is not 非税收入's amount)
AGAINST_PLAN_ONLY = re.compile(r"(?:节约|节支|节省|超支|超收|短收)(?:资金)?\s*(?:了)?\s*$")
# 与2016年相比21.79万元, 同比61.72万元, 差额61.72万元, 与去年同期相比…: a difference with no direction word, after the figure it
# is of: no item of its own (summed into a 其中 list it was a false CLM-SUM-001); left unread
DIFFERENCE_ONLY = re.compile(
    r"^\s*(?:(?:与|和|同|较|比)\s*(?:(?:19|20)[0-9]{2}\s*年度?|上年度?|上一年度?|去年|上年同期|去年同期)(?:同期)?\s*(?:相比|对比|比较)?(?:较|相差|差额)?"
    r"|同比|差额|相差|变动|变动额|增减|增减额)\s*(?:为|是|了)?\s*$"
)
PLAN_BEFORE = re.compile(r"完成(?:年初|全年|调整)?预算数?\s*$")  # 完成预算0万元的--%: the budget of the claim before
# 公务接待费支出决算比预算无增减变化, …费较年初预算减少2万元: an item's comparison with its budget, after its name
PLAN_AFTER = re.compile(r"(?:比|较|与)\s*(?:年初|全年|调整后?)?预算数?\s*$")
# last year's figure beside this year's (收入预算9,101.68万元（上年11,491.20万元）, …，2024年预算数为…): no claim of its own
# 上年, 上年为, 上年同期, 上年度支出, 上年决算支出数为, 2024年预算安排数: an earlier year's figure, named by its kind alone
PRIOR = re.compile(
    r"^\s*(?:较|比|同比)?\s*(?:上年|上年度|去年|上一年|(?P<year>\d{4})\s*年度?)\s*(?:同期)?\s*(?:(?:预算安排|预算|决算|执行|实际)\s*)?"
    r"(?:(?:支出|收入)\s*)?(?:(?:预算|决算|执行|实际)?数)?\s*(?:为|是|：|:)?\s*$"  # （上年：1100万元）, （2022年：1100万元）
)


def verb_only(words: str) -> bool:
    """Whether the words before a figure are only how it was arranged (预算安排, 安排, 预算数): they name no item (a 三公
    note's (一)因公出国(境)经费 | 2022年预算安排0万元 leaves the item to its heading)."""
    return bool(words) and _VERB_TAIL.fullmatch(words) is not None


def prior_figure(words: str, fiscal_year: int | None, before: str = "") -> bool:
    """Whether the words before a figure name only an earlier year's figure (上年, 2024年预算数为 in a 2025 text), or
    there are none and it is in brackets (收入预算9101.68万元（91016800元）: the figure again, in another unit)."""
    if not words.strip() and before in ("（", "("):
        return True
    found = PRIOR.match(words)
    return found is not None and (found.group("year") is None or (fiscal_year is not None and int(found.group("year")) < fiscal_year))


def bracket_prior(head: str, fiscal_year: int | None) -> bool:
    """Whether the sentence up to a colon right before a figure ends in a bracket that names only an earlier year
    (收入预算1200万元（上年：1100万元）, （2022年：1100万元）): the figure is that year's, said again beside this one."""
    opened = max(head.rfind("（"), head.rfind("("))
    return opened >= 0 and not any(mark in head[opened:] for mark in "）),，;；。") and prior_figure(head[opened + 1 :] + "：", fiscal_year)


def refines(subject: str, parent: str) -> bool:
    """公务用车购置 refines 公务用车购置及运行维护费 (a common head of three characters); 公务接待费 does not."""
    bare, whole = subject.strip("“”\"‘’"), parent.strip("“”\"‘’")
    return len(bare) >= 3 and bare[:3] == whole[:3]


def update_context(chars: str, state: Any) -> None:
    """A clause naming a classification item (…（类）…（款）, a code in brackets): what a figure stated after it without a
    subject of its own is about."""
    if NAMED_LEVELS.search(chars) or CODE_BRACKET.search(chars):
        name = read_subject(chars.split("。")[0])[0]
        if name and not AMOUNT.search(name):
            state.context = name


_SIDES = {"收入": "支出", "支出": "收入"}
_QUALIFIER = re.compile(r"^(?P<scope>[^\d\s，,、；;：:（）()“”\"]{2,20}?)(?P<side>收入|支出)")


def shared_qualifier(previous: str, subject: str) -> str:
    """财政拨款收入总计1,000万元，支出总计1,000万元: the second figure is the 财政拨款 one, its subject 财政拨款支出总计, not
    the document's 支出总计 (a false CLM-DUP-001 against the total of all funds). The scope written before 收入 (支出) of
    the claim just before, in the same sentence, goes to a subject that begins with the other side; `subject` when none."""
    match = _QUALIFIER.match(previous)
    if match is None or not subject.startswith(_SIDES[match.group("side")]):
        return subject
    return match.group("scope") + subject


AMOUNT_ONLY = re.compile(r"^\s*(?:为|是|达|计|约)?\s*$")  # …占80.00%，为400.00万元: a figure with no subject of its own
_NO_SUBJECT = re.compile(r"^(?:分别|各自?|均|约|共|合计|总计|其|此|该|这|上述|以上|比重|比例|占比)")


def share_subject(text: str) -> bool:
    """Whether the words before 占 name the item the share is of (其中人员经费占基本支出的85%, 政府性基金预算财政拨款支出
    占10%) rather than refer back to the figure before (，占80%; 分别占…; 其占比…): a share of a named item is that
    item's, never the claim before it (人员经费's 85% given to 项目支出 100 gave a false CLM-GEN-004)."""
    subject = read_subject(text)[0]
    return names_an_item(text) and len(subject) >= 2 and not _NO_SUBJECT.match(subject) and not AMOUNT.search(text)


# what a figure is, said without the item: 2021年预算支出为0万元 under (一)因公出国费用。 on the same line
_KIND_ONLY = re.compile(r"(?:本年|当年|年度)?(?:(?:预算|决算)(?:支出|收入)|支出|收入)")
_LINE_TITLE = re.compile(r"[^\d，,；;：:。%]{2,20}")
_SECTION_TITLE = re.compile(r"说明|情况|概况|总体|分析|结构|构成|安排|预算|决算")  # a part of the text, not an item


def line_title(chars: str) -> str | None:
    """The title of a sentence that is only a numbered heading ((一)因公出国费用。, 二、公务接待费): the item the figures
    after it on its line are of, when they name none of their own."""
    ordinal = read_ordinal(chars)
    title = chars[ordinal.length :].strip().rstrip(SENTENCE_END + " ") if ordinal is not None else ""
    if not _LINE_TITLE.fullmatch(title) or _SECTION_TITLE.search(title) or kind_only(title):
        return None  # （一）收入说明, 比上年增减情况, 收入: a part of the text, not an item
    return title


_TITLE_HEAD = re.compile(r"[^:：。]{2,30}[:：]")


def opening_title(chars: str) -> str | None:
    """The numbered heading a paragraph opens with before a colon ((一)因公出国(境)费:2025年预算支出为0万元)."""
    head = _TITLE_HEAD.match(chars)
    return line_title(head.group()[:-1]) if head is not None else None


def kind_only(subject: str) -> bool:
    """Whether a subject says only what kind of figure it is (预算支出, 决算支出, 支出), not of which item."""
    return _KIND_ONLY.fullmatch(subject) is not None
