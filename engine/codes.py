"""Base: the catalogue of the finding codes no rule makes (unreadable input, extraction, schema, amounts, checker faults).

Every place that reports one of these refers to its entry here, never to the code as text, so
`budgetcheck codes` lists every code a report can hold besides the rules' own ids. An entry has
a title and either a message template (str.format fields, the same in both languages) or, where
each place words its own message, a description.
"""

from __future__ import annotations

from collections.abc import Iterable

from budgetcheck.findings import Finding, Position, Severity
from budgetcheck.records import Record, record

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@record
class Code(Record):
    id: str
    severities: tuple[Severity, ...]  # the first is the usual one; AMOUNT-PRECISION depends on the unit
    title_zh: str
    title_en: str
    text_zh: str = ""
    text_en: str = ""
    about_zh: str = ""
    about_en: str = ""
    diagnostic: bool = False  # a note on the tool's own reading: reported apart from the findings, never in the status

    @property
    def severity(self) -> Severity:
        return self.severities[0]

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def about(self, lang: str = "zh") -> str:
        """What the catalogue says of the code: its message template, else its description."""
        if lang == "en":
            return self.text_en or self.about_en
        return self.text_zh or self.about_zh

    def texts(self, **fields: object) -> tuple[str, str]:
        """The message in Chinese and in English, from the templates."""
        return self.text_zh.format(**fields), self.text_en.format(**fields)

    def finding(
        self,
        message_zh: str,
        message_en: str,
        paths: Iterable[str] = (),
        locations: Iterable[Position | None] = (),
        severity: Severity | None = None,
    ) -> Finding:
        chosen = severity or self.severity
        if chosen not in self.severities:
            raise ValueError(f"{self.id} is never reported as {chosen.value}")
        return Finding(self.id, chosen, message_zh, message_en, tuple(paths), tuple(locations))


def _code(id_: str, severity: Severity | tuple[Severity, ...], title_zh: str, title_en: str, diagnostic: bool = False, **texts: str) -> Code:
    severities = severity if isinstance(severity, tuple) else (severity,)
    return Code(id_, severities, title_zh, title_en, diagnostic=diagnostic, **texts)


# -- reading a file ---------------------------------------------------------------------------------
INPUT_UNPAIRED = _code(
    "INPUT-UNPAIRED", ERROR, "无法配对说明与表格", "narrative and workbook cannot be paired",
    about_zh="工作簿没有可配对的说明文本（同名 .txt/.docx，或目录中唯一的说明），或目录中的说明与工作簿无法一一对应；不作猜测",
    about_en="a workbook without the narrative it goes with (the same file name as a .txt/.docx, or the one narrative of its folder), or a folder whose narratives and workbooks cannot be paired one to one; nothing is guessed",
)  # fmt: skip
INPUT_NOT_FOUND = _code("INPUT-NOT-FOUND", ERROR, "找不到文件", "file not found", text_zh="找不到文件：{source}", text_en="file not found: {source}")
INPUT_UNREADABLE = _code("INPUT-UNREADABLE", ERROR, "无法读取文件", "file cannot be read", text_zh="无法读取文件：{reason}", text_en="cannot read the file: {reason}")
INPUT_IS_DIRECTORY = _code("INPUT-IS-DIRECTORY", ERROR, "给出的是目录", "a folder, not a file", text_zh="这是一个目录：{source}", text_en="this is a directory: {source}")
INPUT_SPECIAL = _code(
    "INPUT-SPECIAL", ERROR, "不是普通文件", "not a regular file",
    about_zh="命名管道（FIFO）、设备或套接字不是普通文件，不打开读取（以免一直等待或读个不停）",
    about_en="a named pipe (FIFO), device or socket is not a regular file and is never opened (it could block or never end)",
)  # fmt: skip
INPUT_EMPTY_DIRECTORY = _code(
    "INPUT-EMPTY-DIRECTORY", ERROR, "目录中没有文档", "a folder without documents",
    text_zh="目录中没有可检查的文档（.yaml、.yml、.json、.txt、.docx 或 .pdf）：{path}",
    text_en="the directory holds no documents to check (.yaml, .yml, .json, .txt, .docx or .pdf): {path}",
)  # fmt: skip
INPUT_TOO_LARGE = _code(
    "INPUT-TOO-LARGE", ERROR, "文件过大", "file too large",
    about_zh="文件字节数超过 --max-bytes，或展开后的值超过上限（如 YAML 锚点/别名炸弹）",
    about_en="the file is over --max-bytes, or expands to more values than allowed (e.g. a YAML anchor/alias bomb)",
)  # fmt: skip
INPUT_TOO_DEEP = _code(
    "INPUT-TOO-DEEP", ERROR, "嵌套过深", "nested too deeply",
    about_zh="文档的映射和列表嵌套层数超过上限", about_en="the document's mappings and lists nest deeper than allowed",
)  # fmt: skip
INPUT_TOO_MANY_ITEMS = _code(
    "INPUT-TOO-MANY-ITEMS", ERROR, "列表项过多", "too many items",
    about_zh="文档中某个列表（如表格行、文中陈述）的项数超过上限，附列表和上限", about_en="a list of the document (table rows, claims of the text) holds more items than allowed, with the list and the limit",
)  # fmt: skip
INPUT_TIMEOUT = _code(
    "INPUT-TIMEOUT", ERROR, "检查超时", "took too long",
    text_zh="检查本文档超过 {seconds} 秒（--timeout），已停止；其余文档照常检查",
    text_en="checking this document took more than {seconds} s (--timeout) and was stopped; the other documents are checked as usual",
)  # fmt: skip
INPUT_UNSUPPORTED = _code(
    "INPUT-UNSUPPORTED", ERROR, "不支持的文件类型", "unsupported file type",
    about_zh="只检查 .yaml、.yml、.json、.txt、.docx 和 .pdf 文件", about_en="only .yaml, .yml, .json, .txt, .docx and .pdf files are checked",
)  # fmt: skip
INPUT_ENCODING = _code(
    "INPUT-ENCODING", ERROR, "不是 UTF-8 编码", "not UTF-8",
    text_zh="文件不是 UTF-8 编码（第 {line} 行第 {column} 字节处）；请另存为 UTF-8",
    text_en="the file is not UTF-8 (line {line}, byte {column}); save it as UTF-8",
)  # fmt: skip
INPUT_EMPTY = _code("INPUT-EMPTY", ERROR, "文件为空", "empty file", text_zh="文件为空，没有任何内容", text_en="the file is empty")
INPUT_NOT_MAPPING = _code(
    "INPUT-NOT-MAPPING", ERROR, "顶层不是映射", "top level not a mapping",
    about_zh="文档顶层须是映射（键: 值），不能是列表或单个值", about_en="the top level of a document must be a mapping (key: value), not a list or a single value",
)  # fmt: skip
INPUT_DUPLICATE_KEY = _code(
    "INPUT-DUPLICATE-KEY", ERROR, "键重复", "duplicate key",
    about_zh="同一映射中同一个键出现了两次", about_en="one key appears twice in the same mapping",
)  # fmt: skip
INPUT_JSON_SYNTAX = _code(
    "INPUT-JSON-SYNTAX", ERROR, "JSON 语法错误", "JSON syntax error",
    about_zh="JSON 文本不合语法，附行号和列号", about_en="the JSON text breaks the syntax, with its line and column",
)  # fmt: skip
INPUT_YAML_SYNTAX = _code(
    "INPUT-YAML-SYNTAX", ERROR, "YAML 语法错误", "YAML syntax error",
    about_zh="YAML 文本不合语法，附行号和列号", about_en="the YAML text breaks the syntax, with its line and column",
)  # fmt: skip
INPUT_YAML_MULTIDOC = _code(
    "INPUT-YAML-MULTIDOC", ERROR, "一个文件多个文档", "several documents in one file",
    text_zh="YAML 文件包含多个文档（第 {line} 行第 {column} 列起）；每个文件只能写一份公开文档",
    text_en="the YAML file holds more than one document (from line {line}, column {column}); write one disclosure per file",
)  # fmt: skip
INPUT_YAML_RECURSIVE = _code(
    "INPUT-YAML-RECURSIVE", ERROR, "递归的别名", "recursive alias",
    text_zh="别名引用了自身（递归结构）", text_en="an alias refers to itself (recursive structure)",
)  # fmt: skip
INPUT_YAML_KEY = _code(
    "INPUT-YAML-KEY", ERROR, "键不是文字", "key not text",
    text_zh="键必须是简单文字，不能是列表或映射", text_en="a key must be plain text, not a list or mapping",
)  # fmt: skip
INPUT_YAML_SCALAR = _code(
    "INPUT-YAML-SCALAR", ERROR, "值无法读取", "value cannot be read",
    text_zh="“{value}”不能按 {tag} 读取", text_en="'{value}' cannot be read as {tag}",
)  # fmt: skip
INPUT_YAML_TAG = _code(
    "INPUT-YAML-TAG", ERROR, "不支持的 YAML 标签", "unsupported YAML tag",
    text_zh="不支持的 YAML 标签 {tag}；只允许文字、数字、真假值、空值、列表和映射",
    text_en="unsupported YAML tag {tag}; only strings, numbers, booleans, null, lists and mappings are allowed",
)  # fmt: skip

# -- reading a PDF --------------------------------------------------------------------------------------
INPUT_WORKBOOK_INVALID = _code(
    "INPUT-WORKBOOK-INVALID", ERROR, "不是可读取的 Excel 工作簿", "not a readable Excel workbook",
    text_zh="无法作为 Excel 工作簿读取：{source}（{reason}）", text_en="cannot be read as an Excel workbook: {source} ({reason})",
)  # fmt: skip
INPUT_PDF_NOT_PDF = _code(
    "INPUT-PDF-NOT-PDF", ERROR, "不是 PDF 文件", "not a PDF",
    text_zh="文件名是 .pdf，但内容不是 PDF（前 1024 字节中没有 %PDF- 标记）：{source}",
    text_en="the file is named .pdf but is not a PDF (no %PDF- marker in its first 1024 bytes): {source}",
)  # fmt: skip
INPUT_PDF_BROKEN = _code(
    "INPUT-PDF-BROKEN", ERROR, "PDF 文件已损坏", "broken PDF",
    about_zh="PDF 文件已损坏或被截断，无法打开，附 PDFium 的原因", about_en="the PDF is damaged or truncated and cannot be opened, with PDFium's reason",
)  # fmt: skip
INPUT_PDF_ENCRYPTED = _code(
    "INPUT-PDF-ENCRYPTED", ERROR, "PDF 有密码保护", "password-protected PDF",
    about_zh="PDF 需要打开密码（或使用不支持的加密方式），无法读取；请提交未加密的文件", about_en="the PDF needs a password to open (or uses an unsupported security handler); submit it unencrypted",
)  # fmt: skip
INPUT_PDF_EMPTY = _code("INPUT-PDF-EMPTY", ERROR, "PDF 没有页面", "PDF without pages", text_zh="PDF 没有任何页面：{source}", text_en="the PDF has no pages: {source}")
INPUT_PDF_BUDGET = _code(
    "INPUT-PDF-BUDGET", ERROR, "PDF 超出处理限额", "PDF over its budget",
    about_zh="读取一份 PDF 超过了时间、内存、页数或单页对象数的限额，已停止（不会拖住整批检查）",
    about_en="reading the PDF went over its time, memory, page or per-page object budget and was stopped (it never holds up a batch)",
)  # fmt: skip
INPUT_PDF_FAILED = _code(
    "INPUT-PDF-FAILED", ERROR, "PDF 读取失败", "PDF reading failed",
    about_zh="读取 PDF 时 PDFium 意外出错，附原因", about_en="PDFium failed unexpectedly while reading the PDF, with the reason",
)  # fmt: skip

# -- reading a narrative (.txt, .docx) -----------------------------------------------------------------
NARRATIVE_EMPTY = _code(
    "NARRATIVE-EMPTY", ERROR, "说明文件为空", "empty narrative",
    about_zh="公开说明文件为空，或没有任何文字", about_en="the narrative file is empty or holds no text",
)  # fmt: skip
NARRATIVE_FRAGMENT = _code(
    "NARRATIVE-FRAGMENT", ERROR, "只有未写完的片段", "an unfinished fragment only",
    about_zh="文件的全部文字是一段没有写完（没有句末标点）的片段，按截断的文字不作判断，因此没有可检查的内容",
    about_en="all the file's text is one unfinished stretch (no sentence mark at its end), which is left unjudged as a cut fragment: nothing to check",
    text_zh="文件只有一段没有写完的文字（第 {line} 行起：“{snippet}”，末尾没有句末标点），按截断的片段处理，没有可检查的内容：{source}",
    text_en="the file holds only one unfinished stretch of text (from line {line}: '{snippet}', no sentence mark at its end), taken for a cut fragment: nothing to check: {source}",
)  # fmt: skip
NARRATIVE_BINARY = _code(
    "NARRATIVE-BINARY", ERROR, "不是文本文件", "not a text file",
    text_zh="文件含有二进制内容（第 {offset} 字节为 NUL），不是文本：{source}",
    text_en="the file holds binary content (a NUL byte at offset {offset}), not text: {source}",
)  # fmt: skip
NARRATIVE_ENCODING = _code(
    "NARRATIVE-ENCODING", ERROR, "无法识别的编码", "unknown encoding",
    text_zh="无法按 UTF-8 或 GB18030 读取（第 {line} 行第 {column} 字节处）；请另存为 UTF-8 文本",
    text_en="the file is neither UTF-8 nor GB18030 (line {line}, byte {column}); save it as UTF-8 text",
)  # fmt: skip
NARRATIVE_DOCX_INVALID = _code(
    "NARRATIVE-DOCX-INVALID", ERROR, "不是可读取的 Word 文档", "not a readable Word document",
    about_zh="不是可读取的 .docx（压缩包或 word/document.xml 有误），附原因", about_en="not a readable .docx (its package or word/document.xml is broken), with the reason",
)  # fmt: skip

# -- extracting a narrative: what was not read (diagnostics: shown apart from the findings, never in the status) ---
EXTRACT_GENERIC = _code(
    "EXTRACT-GENERIC", WARNING, "未识别的模板", "template not recognised",
    about_zh="没有已知模板与文本相符（他省版式、只有一部分、残缺的页面）：按通用规则检查其数字陈述和文字，附所读的范围；模板所要求的部分和表格不作检查；没有可核对的数字时说明原因",
    about_en="no known template fits the text (another province's layout, one section alone, a fragment): its stated figures and its wording are checked by the generic rules, with what was read; the parts and tables a template requires are not checked; where there is no figure to check, it says why",
    diagnostic=True,
)  # fmt: skip
EXTRACT_NORMALISED = _code(
    "EXTRACT-NORMALISED", INFO, "繁体字与注音已规范化", "text normalised",
    about_zh="文字含繁体字或拼音注音（如镜像站的“經(jīng)費”）：已转换为简体并去除注音后匹配，位置与摘录仍指原文",
    about_en="the text holds traditional characters or pinyin glosses (as mirror sites print 經(jīng)費): it was matched as simplified text without glosses; locations and snippets still point at the original",
    diagnostic=True,
)  # fmt: skip
EXTRACT_CUT = _code(
    "EXTRACT-CUT", INFO, "文本在句中结束", "text ends mid-sentence",
    about_zh="文本最后一句没有写完（网页节选、截断的页面）：这半句不是原文的问题，未抽取也未检查，附其文字",
    about_en="the text stops in the middle of its last sentence (an excerpt, a cut page): that unfinished sentence is no defect of the original and was neither read nor checked; with its text",
    diagnostic=True,
)  # fmt: skip
EXTRACT_UNKNOWN_SECTION = _code(
    "EXTRACT-UNKNOWN-SECTION", WARNING, "模板之外的部分", "section outside the template",
    about_zh="某一部分的标题不属于识别出的模板，其内容未抽取", about_en="a section's heading is not part of the recognised template; its content was not extracted",
    diagnostic=True,
)  # fmt: skip
EXTRACT_DUPLICATE_SECTION = _code(
    "EXTRACT-DUPLICATE-SECTION", WARNING, "标题重复", "heading repeated",
    about_zh="标题重复了已出现的部分，其内容并入前一个同名部分", about_en="a heading repeats an earlier one; its content was merged into that section",
    diagnostic=True,
)  # fmt: skip
EXTRACT_SECTION_NOT_READ = _code(
    "EXTRACT-SECTION-NOT-READ", WARNING, "部分未抽取", "section not read",
    about_zh="已识别的部分按设计未抽取（如以版式文本排列的表格），附原因", about_en="a recognised section is left unread by design (e.g. a table set as layout text), with the reason",
    diagnostic=True,
)  # fmt: skip
EXTRACT_UNMAPPED_NUMBER = _code(
    "EXTRACT-UNMAPPED-NUMBER", WARNING, "数字未对应字段", "figure not mapped",
    about_zh="一句话中的数字没有对应到文档的任何字段，附原句", about_en="a figure in a sentence was not mapped to any field of the document, with the sentence",
    diagnostic=True,
)  # fmt: skip
EXTRACT_UNPLACED_TEXT = _code(
    "EXTRACT-UNPLACED-TEXT", WARNING, "文字未对应字段", "text not placed",
    about_zh="一段没有数字的文字没有对应到文档的任何字段，附原文", about_en="a paragraph without figures was not placed in any field, with its text",
    diagnostic=True,
)  # fmt: skip
EXTRACT_TABLE_NOT_READ = _code(
    "EXTRACT-TABLE-NOT-READ", WARNING, "表格未读取", "table not read",
    about_zh="已识别的标准表格（或其中某些行、单元格）未读取，附原因（如缺少单位行、列名无法识别、数字栏中有文字）和单元格位置；读取不全的表格不作判断",
    about_en="a recognised standard table (or some of its rows or cells) was not read, with the reason (no unit line, a header not understood, text in a figure column) and the cell; a table not fully read is not judged",
    diagnostic=True,
)  # fmt: skip
EXTRACT_TABLE_UNRECOGNISED = _code(
    "EXTRACT-TABLE-UNRECOGNISED", WARNING, "表格未识别", "table not recognised",
    about_zh="工作表或表格的标题不是标准表格的标题（或没有标题），其内容未读取", about_en="a sheet or table whose title is not a standard table's (or that has none); its content was not read",
    diagnostic=True,
)  # fmt: skip
EXTRACT_PDF_NO_TEXT = _code(
    "EXTRACT-PDF-NO-TEXT", WARNING, "页面无文字层", "page without text",
    text_zh="第 {page} 页无文字层，无法检查（扫描或图片页面）；其上的部分记为未读取",
    text_en="page {page} has no text layer and cannot be checked (a scanned or image page); the parts on it are not read",
    diagnostic=True,
)  # fmt: skip
EXTRACT_PDF_OCR = _code(
    "EXTRACT-PDF-OCR", WARNING, "页面为扫描件的识别文字", "page of recognised (OCR) text",
    text_zh="第 {page} 页是扫描图像，其文字层是识别（OCR）所得，不作检查（识别的数字不可靠）；其上的部分记为未读取",
    text_en="page {page} is a scan whose text layer was recognised (OCR); it is not checked (recognised figures are not reliable); the parts on it are not read",
    diagnostic=True,
)  # fmt: skip
EXTRACT_PDF_UNDECODABLE = _code(
    "EXTRACT-PDF-UNDECODABLE", WARNING, "页面文字无法解码", "page text cannot be decoded",
    text_zh="第 {page} 页的文字无法解码（字体缺少 Unicode 映射，读出的是私用区或替换字符），无法检查；其上的部分记为未读取",
    text_en="the text of page {page} cannot be decoded (its font has no usable Unicode map: private-use or replacement characters); it cannot be checked; the parts on it are not read",
    diagnostic=True,
)  # fmt: skip
EXTRACT_TABLE_NOTE = _code(
    "EXTRACT-TABLE-NOTE", WARNING, "表格读取提示", "note on a table",
    about_zh="读取表格时注意到的情况，不影响读取（如单元格存有比显示更多的小数、空列、说明中仍有模板占位符）",
    about_en="something noticed while reading a table that does not stop it being read (a cell storing more digits than it shows, an empty column, a template placeholder left in a note)",
    diagnostic=True,
)  # fmt: skip

# -- the schema -------------------------------------------------------------------------------------
SCHEMA_UNKNOWN = _code(
    "SCHEMA-UNKNOWN", ERROR, "无法确定模式", "no schema for the document",
    about_zh="metadata 缺失，或其 document_type / schema_version 不在注册表中，附已知的类型或版本",
    about_en="metadata is missing, or its document_type / schema_version is not in the registry, with those known",
)  # fmt: skip
SCHEMA_REQUIRED = _code("SCHEMA-REQUIRED", ERROR, "缺少必填项", "required field missing", about_zh="模式要求的字段缺失", about_en="a field the schema requires is missing")
SCHEMA_UNKNOWN_FIELD = _code(
    "SCHEMA-UNKNOWN-FIELD", ERROR, "未知字段", "unknown field",
    about_zh="模式没有的字段，附最接近的字段名（“您是不是要写…”）或此处可用的字段", about_en="a field the schema does not have, with the nearest field name or those allowed there",
)  # fmt: skip
SCHEMA_TYPE = _code("SCHEMA-TYPE", ERROR, "类型不对", "wrong type", about_zh="值的类型与模式不符（如金额写成了文字）", about_en="the value's type is not the schema's (e.g. an amount written as words)")
SCHEMA_NEGATIVE = _code("SCHEMA-NEGATIVE", ERROR, "金额为负", "negative amount", about_zh="金额不能为负数", about_en="an amount must not be negative")
SCHEMA_AMOUNT = _code("SCHEMA-AMOUNT", ERROR, "不是有效金额", "not an amount", about_zh="金额应写成 329.37 这样的十进制数", about_en="an amount is a decimal such as 329.37")
SCHEMA_EMPTY = _code("SCHEMA-EMPTY", ERROR, "不能为空", "empty", about_zh="必须有内容的文字为空", about_en="a text that must have content is empty")
SCHEMA_PATTERN = _code("SCHEMA-PATTERN", ERROR, "格式不对", "wrong form", about_zh="文字不符合模式规定的格式", about_en="a text does not match the form the schema sets")
SCHEMA_RANGE = _code("SCHEMA-RANGE", ERROR, "超出范围", "out of range", about_zh="数值小于下限或大于上限", about_en="a number below its minimum or above its maximum")
SCHEMA_ENUM = _code("SCHEMA-ENUM", ERROR, "不是允许的值", "not an allowed value", about_zh="值不在模式列出的可选值中", about_en="the value is not one the schema lists")
SCHEMA_DATE = _code("SCHEMA-DATE", ERROR, "不是有效日期", "not a date", about_zh="日期应写成 2019-01-31", about_en="a date is written 2019-01-31")
SCHEMA_FORMAT = _code("SCHEMA-FORMAT", ERROR, "不符合格式", "wrong format", about_zh="值不符合模式的 format（日期以外）", about_en="the value breaks the schema's format (other than date)")
SCHEMA_NUMBER_SIZE = _code(
    "SCHEMA-NUMBER-SIZE", ERROR, "数值超出范围", "number out of range",
    about_zh="数值的整数部分或小数位数过多（如 1e999999999、1e-999999999），无法作为金额或数目检查，已从文档中取出",
    about_en="a number with too many digits before or after the point (e.g. 1e999999999, 1e-999999999) cannot be checked as an amount or count; it is taken out of the document",
)  # fmt: skip
SCHEMA_INVALID = _code(
    "SCHEMA-INVALID", ERROR, "不符合模式", "does not conform",
    about_zh="不符合模式，且不属于以上任何一类（如模式中的 false）", about_en="does not conform to the schema in a way none of the codes above names (e.g. a false schema)",
)  # fmt: skip

# JSON Schema keywords whose failures have no wording of their own: SCHEMA-<KEYWORD> with jsonschema's message.
_PLAIN_KEYWORDS = (
    "multipleOf", "maxLength", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains",
    "minProperties", "maxProperties", "dependentRequired", "unevaluatedProperties", "unevaluatedItems", "items",
    "not", "anyOf", "oneOf",
)  # fmt: skip


def _keyword_code(keyword: str) -> Code:
    return _code(
        f"SCHEMA-{keyword.upper()}", ERROR, f"不符合模式的 {keyword}", f"breaks {keyword}",
        about_zh=f"值不符合模式的 {keyword} 约束，附 jsonschema 的说明", about_en=f"the value breaks the schema's {keyword}, with jsonschema's explanation",
    )  # fmt: skip


SCHEMA_BY_KEYWORD: dict[str, Code] = {keyword: _keyword_code(keyword) for keyword in _PLAIN_KEYWORDS}

# -- the rule pack ----------------------------------------------------------------------------------------
PACK_NO_RULES = _code(
    "PACK-NO-RULES", ERROR, "规则包没有适用的规则", "no rules for the document's schema",
    text_zh="规则包“{pack}”中没有适用于模式 {schema} 的规则，本文档未经规则检查（不判为通过）",
    text_en="the rule pack '{pack}' holds no rules for the schema {schema}: the document was not checked by any rule (never a pass)",
)  # fmt: skip

PACK_NONE_IN_FORCE = _code(
    "PACK-NONE-IN-FORCE", ERROR, "没有在该年度生效的规则", "no rule in force for the year",
    text_zh="规则包“{pack}”中适用于本类文档的 {count} 条规则都不在 {year} 年度的生效期内，本文档未经规则检查（不判为通过）",
    text_en="none of the {count} rules of the pack '{pack}' for this kind of document is in force for {year}: the document was not checked by any rule (never a pass)",
)  # fmt: skip

# -- amounts and the checker ---------------------------------------------------------------------------
AMOUNT_PRECISION = _code(
    "AMOUNT-PRECISION", (WARNING, ERROR), "金额小数位过多", "too many decimals",
    about_zh="万元金额的小数超过两位（警告）；元金额的小数超过两位，即不足一分（错误）",
    about_en="a 万元 amount with more than two decimals (warning); a 元 amount with more than two, less than one fen (error)",
)  # fmt: skip
INTERNAL_ERROR = _code(
    "INTERNAL-ERROR", ERROR, "检查程序出错", "checker fault",
    text_zh="检查本文件时程序出错（{name}: {error}）；请将此文件报告给 budgetcheck 维护者",
    text_en="the checker failed on this file ({name}: {error}); please report it to the budgetcheck maintainers",
)  # fmt: skip


def _in_order_of_definition() -> tuple[Code, ...]:
    """Every entry above as written, the keyword codes where their table stands."""
    found: list[Code] = []
    for value in list(globals().values()):
        if isinstance(value, Code):
            found.append(value)
        elif value is SCHEMA_BY_KEYWORD:
            found.extend(SCHEMA_BY_KEYWORD.values())
    return tuple(found)


CATALOGUE: tuple[Code, ...] = _in_order_of_definition()
BY_ID: dict[str, Code] = {code.id: code for code in CATALOGUE}


def schema_code(keyword: str | None) -> Code:
    """The code for a failed JSON Schema keyword that has no wording of its own."""
    return SCHEMA_BY_KEYWORD.get(keyword or "", SCHEMA_INVALID)
