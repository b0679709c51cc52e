"""An average per unit said in an item's list (…保有量为11辆,平均每辆2.08万元; 人均; 生均公用经费) is a rate, no figure of
the list. Made-up names and figures, in the shape of a real 2017 Guangdong 三公 决算 (corpus21a/16), whose list a
17-character wrap let the reader read."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import error_rules, wholes


@pytest.mark.parametrize(
    "average",
    ["平均每辆2.08万元", "平均每辆车2.08万元", "车均2.08万元", "人均0.5万元", "生均公用经费1000元"],
)
def test_an_average_per_unit_is_no_figure_of_the_list(tmp_path, average):
    """Read as a figure, the average was a third part of the car's list (24.91 against 22.83, a false CLM-SUM-001)."""
    text = f"2017年公务用车运行维护费支出22.83万元,其中:公务用车购置支出0万元,公务用车运行维护支出22.83万元,保有量11辆,{average},主要用于日常工作。\n"
    parts = wholes(text, 2017)
    assert set(parts) == {"公务用车运行维护费支出", "公务用车购置支出", "公务用车运行维护支出"}
    assert error_rules(tmp_path, "某局2017年度“三公”经费决算说明\n" + text) == []


@pytest.mark.parametrize("said", ["公用经费1000元", "人均面积增加，项目支出1000元"])
def test_a_figure_after_the_average_word_further_back_is_still_read(said):
    """Only the words right before the amount, with no comma between, make it an average."""
    text = f"2017年平均工资调整，{said}。\n"
    assert any("公用经费" in name or "支出" in name for name in wholes(text, 2017))
