"""Ingest stage: YAML with positions.

PyYAML composes the node graph (libyaml when present) with a resolver that
follows the YAML 1.2 core schema (no `yes`/`no` booleans, no implicit
timestamps); the graph is then walked once, turning floats into Decimal,
recording each value's line and column under its JSON pointer, and counting
nodes so that an alias bomb stops at the limit instead of eating memory.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from budgetcheck import codes
from budgetcheck import pointer as jp
from budgetcheck.codes import Code
from budgetcheck.ingest.document import SourceDocument
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class CoreResolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans, dates stay strings."""


CoreResolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
CoreResolver.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
CoreResolver.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
CoreResolver.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)

try:  # libyaml's parser; `yaml` itself does not re-export it
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = None
if _Parser is not None:

    class _Loader(_Parser, CoreResolver):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            CoreResolver.__init__(self)

else:  # pragma: no cover - pure-Python fallback when libyaml is missing

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, CoreResolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            CoreResolver.__init__(self)


def _where(mark: yaml.Mark | None) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of the character at `offset`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        line, column = _where(exc.problem_mark or exc.context_mark)
        problem = (exc.problem or exc.context or "syntax error").strip()
        if "maximum nesting depth" in problem:  # libyaml stops at its own limit of nesting
            raise IngestError(
                codes.INPUT_TOO_DEEP,
                f"文档嵌套过深，无法读取（第 {line} 行第 {column} 列）",
                f"the document nests too deeply to be read (line {line}, column {column})",
                line,
                column,
            ) from None
        if "expected a single document" in str(exc):
            raise IngestError.of(codes.INPUT_YAML_MULTIDOC, (line, column), line=line, column=column) from None
        raise IngestError(
            codes.INPUT_YAML_SYNTAX,
            f"YAML 语法错误（第 {line} 行第 {column} 列）：{problem}",
            f"YAML syntax error at line {line}, column {column}: {problem}",
            line,
            column,
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, found by its offset: say where it is
        line, column = _line_column(text, exc.position)
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise IngestError(
            codes.INPUT_YAML_SYNTAX,
            f"YAML 不允许的字符 {shown}（第 {line} 行第 {column} 列）；请删除它或改为普通文字",
            f"YAML does not allow the character {shown} (line {line}, column {column}); remove it",
            line,
            column,
        ) from None
    except yaml.YAMLError as exc:
        raise IngestError(codes.INPUT_YAML_SYNTAX, f"YAML 语法错误：{exc}", f"YAML syntax error: {exc}") from None
    except RecursionError:
        # The composer recurses once per nesting level, before the builder's depth limit can apply.
        line, column = _where(loader.get_mark()) if hasattr(loader, "get_mark") else (None, None)
        near_zh = f"（约第 {line} 行第 {column} 列处）" if line is not None else ""
        near_en = f" (near line {line}, column {column})" if line is not None else ""
        raise IngestError(
            codes.INPUT_TOO_DEEP, f"文档嵌套过深，无法读取{near_zh}", f"the document nests too deeply to be read{near_en}", line, column
        ) from None
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.count = 0
        self.positions: dict[str, tuple[int, int]] = {}
        self.key_positions: dict[str, tuple[int, int]] = {}
        self.active: set[int] = set()

    def fail(self, code: Code, zh: str, en: str, node: Node, pointer: str) -> IngestError:
        line, column = _where(node.start_mark)
        return IngestError(code, zh, en, line, column, pointer)

    def fail_as(self, code: Code, node: Node, pointer: str, **fields: object) -> IngestError:
        """The error with the message of the code's templates."""
        return IngestError.of(code, _where(node.start_mark), pointer, **fields)  # type: ignore[arg-type]

    def build(self, node: Node, pointer: str, depth: int) -> object:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise self.fail(
                codes.INPUT_TOO_LARGE,
                f"文档展开后超过 {self.limits.max_nodes} 个值（可能是锚点/别名炸弹），已停止读取",
                f"the document expands to more than {self.limits.max_nodes} values (an anchor/alias bomb?); reading stopped",
                node,
                "",
            )
        if depth > self.limits.max_depth:
            raise self.fail(
                codes.INPUT_TOO_DEEP,
                f"文档嵌套超过 {self.limits.max_depth} 层",
                f"the document nests deeper than {self.limits.max_depth} levels",
                node,
                pointer,
            )
        line, column = _where(node.start_mark)
        self.positions.setdefault(pointer, (line, column))  # type: ignore[arg-type]
        if isinstance(node, ScalarNode):
            return self.scalar(node, pointer)
        if id(node) in self.active:
            raise self.fail_as(codes.INPUT_YAML_RECURSIVE, node, pointer)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode) and node.tag == _SEQ:
                return [self.build(item, jp.join(pointer, index), depth + 1) for index, item in enumerate(node.value)]
            if isinstance(node, MappingNode) and node.tag == _MAP:
                return self.mapping(node, pointer, depth)
        finally:
            self.active.discard(id(node))
        raise self.unsupported_tag(node, pointer)

    def mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail_as(codes.INPUT_YAML_KEY, key_node, pointer)
            key = key_node.value
            child = jp.join(pointer, key)
            if key in result:
                raise self.fail(
                    codes.INPUT_DUPLICATE_KEY,
                    f"键“{key}”重复出现（第 {key_node.start_mark.line + 1} 行）",
                    f"key '{key}' appears twice (line {key_node.start_mark.line + 1})",
                    key_node,
                    child,
                )
            self.key_positions[child] = _where(key_node.start_mark)  # type: ignore[assignment]
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def scalar(self, node: ScalarNode, pointer: str) -> object:
        value = node.value
        tag = node.tag
        try:
            if tag == _STR:
                return value
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return value.lower() == "true"
            if tag == _INT:  # an integer too long for int() (4,300 digits) is kept exact, for the bounds to report
                return int(value) if len(value) <= 50 else Decimal(value)
            if tag == _FLOAT:
                number = Decimal(value)
                if not number.is_finite():
                    raise InvalidOperation
                return number
        except (ValueError, InvalidOperation):
            raise self.fail_as(codes.INPUT_YAML_SCALAR, node, pointer, value=value, tag=tag.rsplit(":", 1)[-1]) from None
        raise self.unsupported_tag(node, pointer)

    def unsupported_tag(self, node: Node, pointer: str) -> IngestError:
        return self.fail_as(codes.INPUT_YAML_TAG, node, pointer, tag=node.tag)


def load_yaml(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    node = compose(text)
    if node is None:
        raise IngestError.of(codes.INPUT_EMPTY, (1, 1))
    builder = _Builder(limits)
    data = builder.build(node, "", 0)
    return SourceDocument(source, data, "yaml", builder.positions, builder.key_positions)
