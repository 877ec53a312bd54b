"""Charts drawn on the server: accessible, escaped, deterministic SVG with a table of the same
numbers."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from emulation.charts import (
    LABEL_CHARACTERS,
    LABEL_WIDTH,
    VALUE_WIDTH,
    WIDTH,
    Bar,
    Series,
    bar_chart,
    format_percent,
    stacked_bar_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
PLOT = WIDTH - LABEL_WIDTH - VALUE_WIDTH


def _bars(**kwargs):
    options = {
        "key": "chart-test",
        "title": "Sáng kiến theo đơn vị",
        "description": "Số sáng kiến được công nhận của mỗi đơn vị năm 2026.",
        "bars": [Bar("Quảng Trị", 12), Bar("Phú Thọ", Decimal("7.5")), Bar("Gio Linh", 0)],
        "label_header": "Đơn vị",
        "value_header": "Sáng kiến",
    }
    options.update(kwargs)
    return bar_chart(**options)


def _parse(chart):
    return ET.fromstring(str(chart.svg))


def _rect_widths(root) -> list[float]:
    return [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]


def test_bar_chart_is_an_accessible_image_named_by_title_and_description():
    chart = _bars()
    root = _parse(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-test-title chart-test-desc"
    assert root.find(f"{SVG}title").text == "Sáng kiến theo đơn vị"
    assert root.find(f"{SVG}title").get("id") == "chart-test-title"
    assert root.find(f"{SVG}desc").text == "Số sáng kiến được công nhận của mỗi đơn vị năm 2026."
    assert "<script" not in str(chart.svg) and "style=" not in str(chart.svg)


def test_bar_chart_writes_labels_and_values_as_text_and_scales_to_the_largest():
    chart = _bars()
    root = _parse(chart)
    texts = [text.text for text in root.iter(f"{SVG}text")]
    for expected in ["Quảng Trị", "12", "Phú Thọ", "7,5", "Gio Linh", "0"]:
        assert expected in texts
    widths = _rect_widths(root)
    assert widths[0] == pytest.approx(PLOT)  # the largest fills the plot
    assert widths[1] == pytest.approx(PLOT * 7.5 / 12, abs=0.1)
    assert widths[2] == 0
    assert chart.headers == ["Đơn vị", "Sáng kiến"]
    assert chart.rows == [["Quảng Trị", "12"], ["Phú Thọ", "7,5"], ["Gio Linh", "0"]]
    assert not chart.is_empty


def test_bar_chart_escapes_labels_titles_and_values():
    chart = _bars(
        title="<b>Tiêu đề</b>",
        description='"mô tả" & thêm',
        bars=[Bar("<script>alert(1)</script>", 3, text="<i>3</i>")],
    )
    svg = str(chart.svg)
    assert "<script>" not in svg and "<i>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&lt;i&gt;3&lt;/i&gt;" in svg
    assert "&quot;mô tả&quot; &amp; thêm" in svg
    _parse(chart)  # still well-formed


def test_bar_chart_is_deterministic():
    assert str(_bars().svg) == str(_bars().svg)


def test_bar_chart_target_is_drawn_as_a_dashed_line_and_given_in_the_table():
    chart = _bars(
        bars=[Bar("Quảng Trị", Decimal("120")), Bar("Phú Thọ", Decimal("45.25"))],
        target=Decimal(100),
        target_label="Mục tiêu 100%",
        formatter=format_percent,
    )
    root = _parse(chart)
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    # 100 of a 120 scale
    assert float(dashed[0].get("x1")) == pytest.approx(LABEL_WIDTH + PLOT * 100 / 120, abs=0.1)
    assert "Mục tiêu 100%" in [text.text for text in root.iter(f"{SVG}text")]
    assert chart.rows == [["Quảng Trị", "120%"], ["Phú Thọ", "45,3%"]]
    assert chart.footer == ["Mục tiêu 100%", "100%"]


def test_bar_chart_with_only_zero_values_draws_empty_bars_up_to_the_target():
    chart = _bars(bars=[Bar("A", 0), Bar("B", 0)])
    assert _rect_widths(_parse(chart)) == [0, 0]
    chart = _bars(bars=[Bar("A", 0), Bar("B", None)], target=10)
    assert _rect_widths(_parse(chart)) == [0, 0]
    assert chart.rows == [["A", "0"], ["B", "—"]]


def test_bar_chart_negative_values_draw_nothing_but_are_written():
    chart = _bars(bars=[Bar("A", -3), Bar("B", 6)])
    assert _rect_widths(_parse(chart))[0] == 0
    assert chart.rows[0] == ["A", "-3"]


def test_bar_chart_without_bars_says_so():
    chart = _bars(bars=[], empty_message="Chưa có số liệu.")
    assert chart.is_empty and chart.rows == []
    root = _parse(chart)
    assert root.get("role") == "img"
    assert [text.text for text in root.iter(f"{SVG}text")] == ["Chưa có số liệu."]


def test_bar_chart_shortens_long_labels_in_the_picture_only():
    name = "Công đoàn cơ sở Công ty Trách nhiệm hữu hạn Một thành viên Cao su Quảng Trị"
    chart = _bars(bars=[Bar(name, 1)])
    texts = [text.text for text in _parse(chart).iter(f"{SVG}text")]
    assert any(text.endswith("…") and len(text) <= LABEL_CHARACTERS for text in texts)
    assert chart.rows[0][0] == name
    # the whole name stays in the tooltip
    assert f"<title>{name}: 1</title>" in str(chart.svg)


def _stacked(**kwargs):
    options = {
        "key": "chart-stacked",
        "title": "Đăng ký cá nhân",
        "description": "Đăng ký của cá nhân theo trạng thái.",
        "categories": ["Quảng Trị", "Phú Thọ"],
        "series": [
            Series("Đã duyệt", [3, 0], "#1f7a3d"),
            Series("Chờ duyệt", [1, 2]),
        ],
        "category_header": "Đơn vị",
        "total_header": "Tổng",
    }
    options.update(kwargs)
    return stacked_bar_chart(**options)


def test_stacked_bar_chart_draws_a_segment_per_nonzero_value_with_legend_and_totals():
    chart = _stacked()
    root = _parse(chart)
    assert root.get("role") == "img"
    svg = str(chart.svg)
    # legend squares (2) and segments (3: the zero is left out)
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills[:2] == ["#1f7a3d", "#1d4f91"]
    assert len(fills) == 5
    assert "Quảng Trị – Đã duyệt: 3" in svg
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"Đã duyệt", "Chờ duyệt", "4", "2"} <= set(texts)
    assert chart.headers == ["Đơn vị", "Đã duyệt", "Chờ duyệt", "Tổng"]
    assert chart.rows == [["Quảng Trị", "3", "1", "4"], ["Phú Thọ", "0", "2", "2"]]
    assert chart.footer == ["Tổng", "3", "3", "6"]
    assert str(chart.svg) == str(_stacked().svg)


def test_stacked_bar_chart_with_all_zero_or_no_categories():
    chart = _stacked(series=[Series("Đã duyệt", [0, 0])])
    root = _parse(chart)
    assert len(list(root.iter(f"{SVG}rect"))) == 1  # the legend only
    assert chart.rows == [["Quảng Trị", "0", "0"], ["Phú Thọ", "0", "0"]]
    empty = _stacked(categories=[], series=[Series("Đã duyệt", [])])
    assert empty.is_empty
    _parse(empty)


def test_format_percent_rounds_to_one_decimal_the_vietnamese_way():
    assert format_percent(Decimal("85.55")) == "85,6%"
    assert format_percent(100) == "100%"
    assert format_percent(Decimal("1234.5")) == "1.234,5%"
    assert format_percent(None) == "—"


def test_chart_include_renders_picture_and_table_with_caption():
    html = render_to_string("emulation/includes/chart.html", {"chart": _bars()})
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "<caption>Sáng kiến theo đơn vị</caption>" in html
    assert '<th scope="row">Phú Thọ</th><td class="amount">7,5</td>' in html
    empty = render_to_string("emulation/includes/chart.html", {"chart": _bars(bars=[])})
    assert "<tbody>" in empty and 'colspan="2"' in empty
