"""A made-up small district department (东湖区商务委员会, 2025 部门预算, 万元): the figures of the eight
national tables, internally consistent (类 = Σ款 = Σ项, 合计 = 基本 + 项目, 人员 + 公用 = 基本 = 基本支出表
合计, 收入总计 = 支出总计, 三公 运行 = 经济分类 30231, 接待 = 30217). Codes and names are 2025 科目, each in the project's 2025 classification lists (a code the lists lack would
be a warning on a clean document)."""

from __future__ import annotations

from decimal import Decimal as D

DEPARTMENT = "东湖区商务委员会"
YEAR = 2025

NAMES = {
    "201": "一般公共服务支出", "20113": "商贸事务", "20129": "群众团体事务",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
    "210": "卫生健康支出", "21011": "行政事业单位医疗",
    "221": "住房保障支出", "22102": "住房改革支出",
}

# 项-level rows: code, name, basic, project (万元)
FUNCTION_ITEMS = [
    ("2011301", "行政运行", D("420.50"), D("0")),
    ("2011302", "一般行政管理事务", D("0"), D("85.00")),
    ("2011350", "事业运行", D("330.50"), D("40.00")),
    ("2011399", "其他商贸事务支出", D("0"), D("355.00")),
    ("2012902", "一般行政管理事务", D("0"), D("30.00")),
    ("2080505", "机关事业单位基本养老保险缴费支出", D("68.40"), D("0")),
    ("2080506", "机关事业单位职业年金缴费支出", D("34.20"), D("0")),
    ("2101101", "行政单位医疗", D("25.60"), D("0")),
    ("2101102", "事业单位医疗", D("18.90"), D("0")),
    ("2210201", "住房公积金", D("52.80"), D("0")),
]
CARRIED_IN = {"2011399": D("60.00")}  # 上年结转 (一般公共预算) used by 其他商贸事务支出

# economic classification (类/款): code, name, amount; 301/303 人员经费, 302 公用经费
ECONOMY = {
    "301": ("工资福利支出", [("30101", "基本工资", D("210.00")), ("30102", "津贴补贴", D("185.30")), ("30107", "绩效工资", D("160.00")),
                         ("30108", "机关事业单位基本养老保险缴费", D("68.40")), ("30109", "职业年金缴费", D("34.20")),
                         ("30110", "职工基本医疗保险缴费", D("44.50")), ("30113", "住房公积金", D("52.80")), ("30199", "其他工资福利支出", D("12.00"))]),
    "302": ("商品和服务支出", [("30201", "办公费", D("35.00")), ("30205", "水费", D("4.20")), ("30206", "电费", D("12.50")), ("30211", "差旅费", D("8.00")),
                          ("30216", "培训费", D("5.00")), ("30217", "公务接待费", D("3.00")), ("30228", "工会经费", D("15.30")),
                          ("30229", "福利费", D("20.40")), ("30231", "公务用车运行维护费", D("9.30")), ("30239", "其他交通费用", D("17.00"))]),
    "303": ("对个人和家庭的补助", [("30302", "退休费", D("48.00")), ("30305", "生活补助", D("6.00"))]),
}
PUBLIC_CLASSES = {"302"}

THREE_PUBLIC = {  # 2025 / 2024: total, overseas, vehicles, purchase, operation, reception
    2025: (D("12.30"), D("0"), D("9.30"), D("0"), D("9.30"), D("3.00")),
    2024: (D("14.80"), D("0"), D("11.30"), D("0"), D("11.30"), D("3.50")),
}


def function_rows() -> list[tuple[str, str, D, D, D]]:
    """类, 款 and 项 rows in code order: (code, name, total, basic, project)."""
    sums: dict[str, list[D]] = {}
    for code, _, basic, project in FUNCTION_ITEMS:
        for prefix in (code[:3], code[:5]):
            acc = sums.setdefault(prefix, [D(0), D(0)])
            acc[0] += basic
            acc[1] += project
    rows = [(c, NAMES[c], b + p, b, p) for c, (b, p) in sums.items()]
    rows += [(c, n, b + p, b, p) for c, n, b, p in FUNCTION_ITEMS]
    return sorted(rows)


def totals() -> tuple[D, D, D]:
    basic = sum((b for _, _, b, _ in FUNCTION_ITEMS), D(0))
    project = sum((p for _, _, _, p in FUNCTION_ITEMS), D(0))
    return basic + project, basic, project


def economy_rows() -> list[tuple[str, str, D, D, D]]:
    """(code, name, total, personnel, public) for 类 and 款 rows."""
    rows = []
    for cls, (name, items) in ECONOMY.items():
        total = sum((a for _, _, a in items), D(0))
        public = cls in PUBLIC_CLASSES
        rows.append((cls, name, total, D(0) if public else total, total if public else D(0)))
        rows += [(c, n, a, D(0) if public else a, a if public else D(0)) for c, n, a in items]
    return rows


def classes() -> list[tuple[str, str, D]]:
    return [(c, n, t) for c, n, t, _, _ in function_rows() if len(c) == 3]


CARRIED_TOTAL = sum(CARRIED_IN.values(), D(0))
GRAND_TOTAL = totals()[0]
FISCAL_THIS_YEAR = GRAND_TOTAL - CARRIED_TOTAL
