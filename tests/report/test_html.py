"""The HTML report: the sample's findings in Chinese, an index that links, nothing fetched, everything escaped."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

import budgetcheck
from budgetcheck.findings import Finding, Severity
from budgetcheck.report import html_report
from budgetcheck.report.options import RenderOptions
from budgetcheck.result import DocumentResult, Report, ReportMeta, Summary
from tests.conftest import FIXTURES
from tests.report.reporting import fresh_documents, peak_memory

VOID = {"meta", "br", "link", "img", "input", "hr"}


@dataclass
class Page(HTMLParser):
    """What the tests read of a page: its elements with attributes, the text inside each, and ids.

    Parsing fails unless every element is closed, in the order it was opened.
    """

    elements: list[tuple[str, dict[str, str | None], list[str]]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._open: list[list[str]] = []
        self._tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        parts: list[str] = []
        self.elements.append((tag, attributes, parts))
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag not in VOID:
            self._open.append(parts)
            self._tags.append(tag)

    def handle_endtag(self, tag):
        assert self._tags and self._tags[-1] == tag, f"</{tag}> closes <{self._tags[-1] if self._tags else ''}>"
        self._tags.pop()
        self._open.pop()

    def close(self):
        super().close()
        assert not self._tags, f"unclosed: {self._tags}"

    def handle_data(self, data):
        self.text.append(data)
        for parts in self._open:
            parts.append(data)

    def texts(self, tag: str) -> list[str]:
        return ["".join(parts) for name, _, parts in self.elements if name == tag]

    def with_attribute(self, name: str) -> list[tuple[str, str]]:
        return [(tag, attributes[name]) for tag, attributes, _ in self.elements if attributes.get(name) is not None]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def sample_page(fixtures_report: Report) -> str:
    return budgetcheck.render(fixtures_report, "html")


def xiguan(report: Report) -> DocumentResult:
    return next(document for document in report.documents if document.source.endswith("xiguan-2019.yaml"))


def test_the_sample_findings_are_shown_in_chinese_with_their_citation_and_location(fixtures_report, sample_page):
    page = parse(sample_page)
    text = page.all_text
    document = xiguan(fixtures_report)
    empty_organisation = next(finding for finding in document.findings if finding.rule == "BUD-CMP-001")
    assert empty_organisation.message_zh in text
    assert empty_organisation.citation in text
    assert empty_organisation.title_zh in text
    line, column = empty_organisation.location(0)
    assert f"<code>/organisation/units</code><br>第 {line} 行第 {column} 列" in sample_page
    for finding in document.findings:
        assert finding.message_zh in text


def test_the_values_a_message_names_are_marked_and_the_others_are_not(fixtures_report, sample_page):
    page = parse(sample_page)
    marked = page.texts("mark")
    vehicles = next(finding for finding in xiguan(fixtures_report).findings if finding.rule == "BUD-X-004")
    assert "公务用车" in vehicles.message_zh
    assert "1.1" in marked and "0.6" in marked
    reason = dict(vehicles.values)["/three_public/change_reason"]
    assert reason in page.all_text
    assert reason not in marked


def test_every_value_of_an_error_finding_is_marked(fixtures_report, sample_page):
    marked = parse(sample_page).texts("mark")
    for document in fixtures_report.documents:
        for finding in document.findings:
            if finding.severity is Severity.ERROR:
                for _, value in finding.values:
                    assert value in marked, (finding.rule, value)


def test_the_index_has_one_row_per_document_linking_to_an_existing_part_of_the_page(fixtures_report, sample_page):
    page = parse(sample_page)
    links = [href for tag, href in page.with_attribute("href") if tag == "a"]
    assert links == [f"#doc-{number}" for number in range(1, len(fixtures_report.documents) + 1)]
    assert all(link[1:] in page.ids for link in links)
    assert len(page.ids) == len(set(page.ids))
    anchors = page.texts("a")
    assert "山海关区西关街道办事处" in anchors
    assert any(anchor.endswith("fixtures/invalid/syntax-error.yaml") for anchor in anchors)  # an unreadable file by its name


def test_the_summary_band_counts_the_batch_and_names_the_rule_pack(fixtures_report, sample_page):
    summary = fixtures_report.summary()
    band = parse(sample_page).texts("header")[0]
    assert f"{summary.documents} 份" in band
    assert f"不通过</span> {summary.statuses['fail']}" in sample_page
    assert f"错误</span> {summary.severities['error']}" in sample_page
    assert fixtures_report.meta.pack.name in band and fixtures_report.meta.pack.version in band and fixtures_report.meta.pack.content_hash in band


def test_failing_documents_are_open_and_passing_ones_collapsed(fixtures_report, sample_page):
    page = parse(sample_page)
    details = {attributes["id"]: "open" in attributes for tag, attributes, _ in page.elements if tag == "details" and "doc" in (attributes.get("class") or "")}
    for number, document in enumerate(fixtures_report.documents, 1):
        assert details[f"doc-{number}"] is (document.status != "pass"), document.source


def test_an_invalid_document_shows_why_it_could_not_be_checked(fixtures_report, sample_page):
    text = parse(sample_page).all_text
    invalid = [document for document in fixtures_report.documents if document.status == "invalid"]
    assert invalid
    for document in invalid:
        assert f"无法检查的原因：{document.reason('zh')}" in text


def test_rules_that_were_not_applicable_are_listed_with_the_reason(fixtures_report, sample_page):
    text = parse(sample_page).all_text
    document = xiguan(fixtures_report)
    assert document.not_applicable
    assert f"不适用的规则 ({len(document.not_applicable)})" in text
    for skipped in document.not_applicable:
        assert skipped.reason("zh") in text


def test_the_page_fetches_nothing_and_runs_no_script(sample_page):
    page = parse(sample_page)
    tags = {tag for tag, _, _ in page.elements}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert all(not value.startswith(("http:", "https:", "//")) for _, value in page.with_attribute("src") + page.with_attribute("href"))
    style = "".join(page.texts("style"))
    assert "url(" not in style and "@import" not in style


def test_english_labels_when_the_language_is_english(fixtures_report):
    page_text = budgetcheck.render(fixtures_report, "html", lang="en")
    page = parse(page_text)
    text = page.all_text
    assert '<html lang="en">' in page_text
    for label in ("Budget disclosure check report", "Documents checked", "Rule pack", "Rules not applicable", "Why it could not be checked"):
        assert label in text
    for label in ("检查文档", "规则包", "不通过", "不适用的规则", "问题说明", "无法检查的原因", "所用数值", "行第"):
        assert label not in text
    empty_organisation = next(finding for finding in xiguan(fixtures_report).findings if finding.rule == "BUD-CMP-001")
    assert empty_organisation.message_en in text
    line, column = empty_organisation.location(0)
    assert f"line {line}, column {column}" in text


def test_document_text_is_escaped():
    planted = "<script>alert('x')</script>"
    finding = Finding(
        "BUD-TEST-001", Severity.ERROR, f"数值 {planted} 不符", f"value {planted} wrong", ("/overview/a<b",), ((3, 4),),
        title_zh="<i>标题</i>", citation="<b>依据</b>", values=(("/overview/a<b", planted),),
    )  # fmt: skip
    document = DocumentResult("evil<1>.yaml", None, "fail", [finding], department=planted)
    page_text = budgetcheck.render(Report([document, DocumentResult("ok.yaml", None, "pass")]), "html")
    page = parse(page_text)
    tags = {tag for tag, _, _ in page.elements}
    assert "script" not in tags and "i" not in tags and "b" not in tags
    assert planted in page.texts("a")
    assert planted in page.texts("mark")
    assert f"数值 {planted} 不符" in page.all_text
    assert "&lt;script&gt;" in page_text


def test_the_same_documents_give_the_same_bytes_and_no_time_unless_asked(fixtures_report, sample_page):
    assert budgetcheck.render(fixtures_report, "html") == sample_page
    assert "2026-" not in sample_page
    stamped = Report(fixtures_report.documents, ReportMeta(fixtures_report.meta.pack, "2026-11-27T05:00:00+00:00"))
    assert "2026-11-27T05:00:00+00:00" in parse(budgetcheck.render(stamped, "html")).texts("header")[0]


def test_documents_are_read_once_as_a_stream_and_counted(fixtures_report):
    out = io.StringIO()
    summary = html_report.write(iter(fixtures_report.documents), out, fixtures_report.meta, RenderOptions())
    assert summary.as_dict() == Summary.of(fixtures_report.documents).as_dict()
    assert out.getvalue() == budgetcheck.render(fixtures_report, "html")


def test_a_single_document_has_no_index(fixtures_report):
    page = parse(budgetcheck.render(Report([xiguan(fixtures_report)], fixtures_report.meta), "html"))
    assert not [tag for tag, _, _ in page.elements if tag == "nav"]
    assert page.ids == ["doc-1"]


def test_memory_stays_flat_as_the_batch_grows(fixtures_report):
    def render(documents):
        with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
            html_report.write(documents, out, fixtures_report.meta, RenderOptions())

    template = xiguan(fixtures_report)
    render(fresh_documents(template, 20))  # first use: imports and caches
    small = peak_memory(render, fresh_documents(template, 80))
    large = peak_memory(render, fresh_documents(template, 280))
    assert large - small < 500_000, (small, large)  # keeping 200 more documents would add about 1.6 MB


def test_a_value_is_marked_only_where_the_message_shows_that_number_itself():
    finding = Finding(
        "BUD-TEST-002", Severity.WARNING, "合计 10.00 万元与 0.60 万元之和不符", "total 10.00 against 0.60",
        ("/a", "/b", "/c"), values=(("/a", "0"), ("/b", "0.60"), ("/c", "10.0")),
    )  # fmt: skip
    marked = parse(budgetcheck.render(Report([DocumentResult("a.yaml", None, "pass", [finding])]), "html")).texts("mark")
    assert marked == ["0.60"]


def test_the_findings_of_one_rule_are_one_expandable_entry_with_their_count(fixtures_report):
    document = next(d for d in fixtures_report.documents if d.source.endswith("xiguan-2019.txt"))
    page = budgetcheck.render(Report([document], fixtures_report.meta), "html")
    groups = [(attributes, text) for tag, attributes, text in parse(page).elements if tag == "details" and "group" in (attributes.get("class") or "")]
    (indicators,) = [(attributes, "".join(text)) for attributes, text in groups if "PERF-IND-005" in "".join(text)]
    assert "×47" in indicators[1] and "open" not in indicators[0]  # 47 warnings of one rule: one entry, closed
    (error,) = [attributes for attributes, text in groups if "BUD-CMP-001" in "".join(text)]
    assert "open" in error
    assert [attributes["class"].split()[1] for attributes, _ in groups][:1] == ["error"]  # errors first
    assert "<td>第 153 行第 1 列</td>" in page  # a published text: its line, not the pointer
    assert "<td>第 153 行第 1 列<br><code>/organisation/units</code></td>" in budgetcheck.render(Report([document], fixtures_report.meta), "html", verbose=True)


def test_the_coverage_and_the_count_of_diagnostics_follow_the_findings(tmp_path):
    text = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8") + "\n十、上级补助情况\n上级补助项目12个。\n"
    path = tmp_path / "extra.txt"
    path.write_text(text, encoding="utf-8")
    report = budgetcheck.check_paths([path])
    page = budgetcheck.render(report, "html")
    assert "抽取覆盖：正文数字" in page and "诊断：2 条（加 --diagnostics 列出）" in page and "EXTRACT-UNKNOWN-SECTION" not in page
    assert "EXTRACT-UNKNOWN-SECTION" in budgetcheck.render(report, "html", diagnostics=True)