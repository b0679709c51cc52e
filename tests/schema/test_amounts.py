"""Money: amounts are found through the schema, carry their unit, become Decimal, and convert exactly."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budgetcheck.findings import Severity
from budgetcheck.ingest import load_document
from budgetcheck.money import Money, as_decimal, decimal_places
from budgetcheck.schema.amounts import (
    AmountSite,
    amounts_out_of_bounds,
    iter_amounts,
    normalise,
    precision_findings,
)
from budgetcheck.schema.navigation import SchemaNode
from tests.conftest import DOCUMENT_2016, MINIMAL

D = Decimal


@pytest.fixture(scope="module")
def root(registry) -> SchemaNode:
    return SchemaNode.root(registry, DOCUMENT_2016)


@pytest.fixture
def minimal() -> dict:
    return load_document(MINIMAL).data


def amounts(data: dict, root: SchemaNode) -> dict[str, Money]:
    return {site.pointer: site.money for site in iter_amounts(data, root)}


# -- Money ---------------------------------------------------------------------


def test_wanyuan_converts_to_yuan_exactly():
    assert Money(D("329.37"), "万元").to("元") == Money(D("3293700"), "元")
    assert Money(D("0.01"), "万元").to("元").amount == D(100)


def test_yuan_converts_to_wanyuan_exactly_without_rounding():
    converted = Money(D("12345.67"), "元").to("万元")
    assert converted == Money(D("1.234567"), "万元")
    assert str(converted.amount) == "1.234567"
    assert converted.to("元") == Money(D("12345.67"), "元")


def test_converting_to_the_same_unit_returns_the_same_money():
    money = Money(D("50.30"), "万元")
    assert money.to("万元") is money


def test_money_prints_its_amount_as_written_and_its_unit():
    assert str(Money(D("50.30"), "万元")) == "50.30 万元"


# -- as_decimal ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, D(5)),
        (0, D(0)),
        (D("50.30"), D("50.30")),
        ("50.30", D("50.30")),
        (" 12.5 ", D("12.5")),
        ("-3.20", D("-3.20")),
        ("007", D(7)),
    ],
)
def test_as_decimal_reads_ints_decimals_and_decimal_strings(value, expected):
    result = as_decimal(value)
    assert type(result) is Decimal and result == expected


def test_as_decimal_keeps_the_printed_digits_of_a_string():
    assert str(as_decimal("50.30")) == "50.30"


def test_as_decimal_returns_a_decimal_unchanged():
    value = D("0.60")
    assert as_decimal(value) is value


@pytest.mark.parametrize("value", [True, False, "abc", "", "1e3", "1,234.00", "12.", ".5", "五十", None, [], {}, 0.1])
def test_as_decimal_refuses_what_is_not_an_amount(value):
    assert as_decimal(value) is None


# -- iter_amounts --------------------------------------------------------------


def test_amounts_are_found_through_the_schema_in_document_order(minimal, root):
    found = amounts(minimal, root)
    tables = [pointer for pointer in found if pointer.startswith("/tables/")]  # the standard tables follow the narrative
    assert list(found)[-len(tables) :] == tables and len(tables) == 71
    assert found["/tables/general_budget_basic/totals/total/personnel"] == Money(D("5.00"), "万元")
    assert list(found)[: -len(tables)] == [
        "/overview/income/total",
        "/overview/income/general_public_budget",
        "/overview/income/government_fund",
        "/overview/income/fiscal_special_account",
        "/overview/income/other",
        "/overview/expenditure/total",
        "/overview/expenditure/basic/total",
        "/overview/expenditure/basic/personnel",
        "/overview/expenditure/basic/public_operating",
        "/overview/expenditure/project/total",
        "/operating_costs/total",
        "/operating_costs/items/0/amount",
        "/operating_costs/items/1/amount",
        "/three_public/total",
        "/three_public/overseas_travel",
        "/three_public/vehicles/total",
        "/three_public/vehicles/purchase",
        "/three_public/vehicles/operation",
        "/three_public/reception",
        "/performance/duties/0/budget",
        "/performance/duties/0/activities/0/budget",
        "/assets/fixed_assets_total",
        "/assets/vehicles/value",
    ]
    assert found["/overview/income/total"] == Money(D("10.00"), "万元")
    assert found["/overview/expenditure/basic/public_operating"] == Money(D("1.00"), "万元")
    assert found["/operating_costs/items/1/amount"] == Money(D("0.40"), "万元")
    assert found["/performance/duties/0/activities/0/budget"] == Money(D("4.00"), "万元")
    assert found["/assets/vehicles/value"] == Money(D("3.00"), "万元")


def test_numbers_that_are_not_amounts_are_not_money(minimal, root):
    found = amounts(minimal, root)
    for pointer in ("/metadata/fiscal_year", "/duties/items/0/number", "/assets/vehicles/count", "/glossary/0/number"):
        assert pointer not in found


def test_a_section_unit_overrides_the_document_unit(minimal, root):
    minimal["operating_costs"]["unit"] = "元"
    found = amounts(minimal, root)
    assert found["/operating_costs/total"].unit == "元"
    assert found["/operating_costs/items/0/amount"] == Money(D("0.60"), "元")
    assert found["/overview/income/total"].unit == "万元"
    assert found["/three_public/total"].unit == "万元"


def test_the_document_unit_applies_where_no_section_declares_one(minimal, root):
    minimal["metadata"]["unit"] = "元"
    minimal["overview"]["unit"] = "万元"
    found = amounts(minimal, root)
    assert found["/operating_costs/total"].unit == "元"
    assert found["/overview/income/total"].unit == "万元"


def test_an_invalid_document_unit_falls_back_to_wanyuan(minimal, root):
    minimal["metadata"]["unit"] = "千元"
    assert {money.unit for money in amounts(minimal, root).values()} == {"万元"}


def test_an_amount_that_is_not_a_number_is_left_to_the_schema(minimal, root):
    minimal["overview"]["income"]["total"] = "abc"
    minimal["overview"]["income"]["other"] = "12.50"
    found = amounts(minimal, root)
    assert "/overview/income/total" not in found
    assert found["/overview/income/other"] == Money(D("12.50"), "万元")


def test_fields_the_schema_does_not_know_are_not_searched(minimal, root):
    minimal["overview"]["income"]["surplus"] = D("3.00")
    minimal["extra"] = {"total": D("1.00")}
    found = amounts(minimal, root)
    assert "/overview/income/surplus" not in found and "/extra/total" not in found


# -- normalise -----------------------------------------------------------------


def test_normalise_turns_every_amount_into_decimal_in_place(minimal, root):
    minimal["overview"]["income"]["total"] = "10.00"
    minimal["three_public"]["overseas_travel"] = 0
    before = copy.deepcopy(minimal)
    sites = list(iter_amounts(minimal, root))
    normalise(minimal, sites)
    income = minimal["overview"]["income"]
    assert type(income["total"]) is Decimal and str(income["total"]) == "10.00"
    assert type(minimal["three_public"]["overseas_travel"]) is Decimal
    assert all(type(site.money.amount) is Decimal for site in sites)
    # what is not an amount is left alone
    assert minimal["metadata"] == before["metadata"]
    assert minimal["metadata"]["department"]["code"] == "999" and minimal["metadata"]["fiscal_year"] == 2019
    assert minimal["assets"]["vehicles"]["count"] == 1 and type(minimal["assets"]["vehicles"]["count"]) is int


def test_a_bounded_document_skips_only_the_decimals_it_holds_not_those_read_from_strings(minimal, root):
    """bounded=True (ingest's bound() has run, as in the pipeline) takes a Decimal the data holds as within bounds; an
    amount read from a string, or converted from an int, is still asked, and so is every amount when not bounded."""
    long_text = "1" * 30  # out of bounds, written as a string: as_decimal reads it, bound() never saw a number
    minimal["overview"]["income"]["total"] = long_text
    minimal["overview"]["income"]["other"] = D("1" * 30)  # what bound() would have taken out: held, so trusted if bounded
    unbounded = copy.deepcopy(minimal)
    found = amounts_out_of_bounds(unbounded, list(iter_amounts(unbounded, root)))
    assert [finding.paths for finding in found] == [("/overview/income/total",), ("/overview/income/other",)]
    found = amounts_out_of_bounds(minimal, list(iter_amounts(minimal, root)), bounded=True)
    assert [finding.paths for finding in found] == [("/overview/income/total",)]
    assert minimal["overview"]["income"]["total"] is None and minimal["overview"]["income"]["other"] == D("1" * 30)


def test_normalise_handles_list_items_and_escaped_keys():
    data = {"rows": [{"a/b": "1.50"}, "2"]}
    sites = [AmountSite("/rows/0/a~1b", Money(D("1.50"), "万元")), AmountSite("/rows/1", Money(D(2), "万元"))]
    normalise(data, sites)
    assert data == {"rows": [{"a/b": D("1.50")}, D(2)]}


# -- precision -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "places"),
    [("0.605", 3), ("0.600", 1), ("0.60", 1), ("0.00", 0), ("0.010", 2), ("100.000", 0), ("1E+3", 0), ("-0.001", 3), ("12345678901234567890123456789.5", 1)],
)
def test_decimal_places_counts_only_places_that_carry_a_digit(amount, places):
    assert decimal_places(D(amount)) == places


def test_more_than_two_decimals_warn_in_wanyuan_and_are_errors_in_yuan():
    sites = [
        AmountSite("/a", Money(D("0.605"), "万元")),
        AmountSite("/b", Money(D("0.605"), "元")),
        AmountSite("/c", Money(D("0.600"), "万元")),
        AmountSite("/d", Money(D("0.60"), "元")),
    ]
    found = [(finding.rule, finding.severity, finding.paths) for finding in precision_findings(sites)]
    assert found == [("AMOUNT-PRECISION", Severity.WARNING, ("/a",)), ("AMOUNT-PRECISION", Severity.ERROR, ("/b",))]


def test_a_claim_printed_in_yuan_is_judged_in_yuan_not_in_the_wanyuan_it_was_put_in():
    """生均支出13248.56元 is 1.324856 万元 in a narrative whose unit is 万元: to the fen as printed, no warning; 0.005 元
    finer is still an error, in 元 (a Zhejiang district's education funding report)."""
    claim = {"amount": D("1.324856"), "base_amount": D("1.3248567"), "original_unit": "元"}
    sites = [
        AmountSite("/narrative/claims/0/amount", Money(claim["amount"], "万元"), claim, "amount"),
        AmountSite("/narrative/claims/0/base_amount", Money(claim["base_amount"], "万元"), claim, "base_amount"),
        AmountSite("/other", Money(D("1.324856"), "万元")),
    ]
    found = [(finding.severity, finding.paths, finding.message_zh.split("的")[0]) for finding in precision_findings(sites)]
    assert found == [
        (Severity.ERROR, ("/narrative/claims/0/base_amount",), "金额 13248.567 元"),
        (Severity.WARNING, ("/other",), "金额 1.324856 万元"),
    ]


def test_precision_of_an_amount_larger_than_the_decimal_context_is_still_judged():
    sites = [AmountSite("/a", Money(D("12345678901234567890123456789.50"), "万元")), AmountSite("/b", Money(D("12345678901234567890123456789.505"), "万元"))]
    assert [finding.paths for finding in precision_findings(sites)] == [("/b",)]
