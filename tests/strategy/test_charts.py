"""Charts are drawn on the server: coordinates stay machine-readable in any language, labels follow it."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from strategy.charts import line_chart


def test_the_chart_keeps_svg_coordinates_with_a_point_in_danish():
    with translation.override("da"):
        chart = line_chart(
            [(2020, Decimal("40.5")), (2021, Decimal("38.25"))], [(2020, Decimal(40)), (2021, Decimal(40))]
        )
        svg = render_to_string(
            "strategy/_line_chart.html", {"chart": chart, "key": "k", "title": "T", "reference_label": "Grænse"}
        )
    assert 'cx="56.0"' in svg  # the first year at the left edge; a comma here would break the SVG
    assert "," not in svg.split('cy="')[1].split('"')[0]
    assert "<title>2020: 40,5</title>" in svg  # the value label in Danish number format
    assert ">2020</text>" in svg and ">2021</text>" in svg


def test_an_unknown_value_breaks_the_line_instead_of_drawing_zero():
    chart = line_chart([(2019, Decimal(1)), (2020, None), (2021, Decimal(3))])
    assert len(chart.segments) == 2
    assert [dot[2] for dot in chart.dots] == ["2019", "2021"]


def test_no_chart_without_values():
    assert line_chart([(2020, None)]) is None
