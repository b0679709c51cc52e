"""Rule language: static types of rule expressions, derived from the document schema."""

from __future__ import annotations

from dataclasses import dataclass

from budgetcheck.schema.navigation import SchemaNode


@dataclass(frozen=True)
class Type:
    kind: str  # num str bool obj list any null
    node: SchemaNode | None = None
    elem: Type | None = None
    projected: bool = False  # a list made by [*] or a filter: `.field` maps over it

    def describe(self) -> str:
        names = {"num": "数字", "str": "文字", "bool": "真假值", "obj": "映射", "list": "列表", "any": "任意值", "null": "空值"}
        if self.kind == "list" and self.elem is not None:
            return f"{self.elem.describe()}列表"
        return names[self.kind]


NUM, STR, BOOL, ANY = Type("num"), Type("str"), Type("bool"), Type("any")


def list_of(elem: Type, projected: bool = False) -> Type:
    return Type("list", elem=elem, projected=projected)


def from_schema(node: SchemaNode | None) -> Type:
    if node is None:
        return ANY
    if node.is_amount:
        return Type("num", node)
    kinds = node.types
    if "object" in kinds:
        return Type("obj", node)
    if "array" in kinds:
        return list_of(from_schema(node.items()))
    if kinds & {"number", "integer"} and not kinds - {"number", "integer"}:
        return Type("num", node)
    if kinds == {"string"}:
        return Type("str", node)
    if kinds == {"boolean"}:
        return Type("bool", node)
    return Type("any", node)
