"""Plain Vega-Lite JSON wrapped in Altair objects once, without Altair's copying builder methods.

Each Altair builder call (encode, properties, resolve_scale, configure…) deep-copies the whole chart
and checks its parts against the schema, which made building a 40-touchpoint report take a third of
a second. The charts of this package are therefore written as plain JSON and only wrapped here, so
that callers still get Altair charts (the app shows them, ``to_dict`` gives the spec back).
"""

from __future__ import annotations

import copy
from typing import Any

import altair as alt

__all__ = ["VConcatChart", "as_layer_chart", "layer_chart_json"]

#: What Altair's default theme adds to every chart it writes out.
_DEFAULT_CONFIG = {"view": {"continuousWidth": 300, "continuousHeight": 300}}
#: The click selection of the app: one step (its ``id``) at a time, cleared by a double click.
_SELECTION = {"name": "touchpoint", "select": {"type": "point", "clear": "dblclick", "fields": ["id"], "on": "click"}}


class _PlainRows:
    """A chart whose ``datasets`` are plain JSON rows, put into the spec as they are.

    Altair's ``to_dict`` walks every value of every row to convert it, which for a large map took
    longer than building the chart; rows made of strings, numbers and booleans need no converting.
    With ``validate=True`` the whole spec, rows included, is still checked against the schema.
    """

    def to_dict(self, *args: Any, validate: bool = True, **kwargs: Any) -> dict[str, Any]:
        datasets = self._kwds.get("datasets", alt.Undefined)  # type: ignore[attr-defined]
        if datasets is alt.Undefined or kwargs.get("format", "vega-lite") != "vega-lite":
            return super().to_dict(*args, validate=validate, **kwargs)  # type: ignore[misc]
        bare = self.copy(deep=False)  # type: ignore[attr-defined]
        bare.datasets = alt.Undefined
        spec: dict[str, Any] = super(_PlainRows, bare).to_dict(*args, validate=False, **kwargs)  # type: ignore[misc]
        # A copy of each row, as Altair's own to_dict gives: changing the spec leaves the chart alone.
        spec["datasets"] = {**{name: [dict(row) for row in rows] for name, rows in datasets.items()}, **spec.get("datasets", {})}
        if validate:
            self.validate(spec)  # type: ignore[attr-defined]
        return spec


class LayerChart(_PlainRows, alt.LayerChart):
    """A layered chart whose datasets are plain rows (see :class:`_PlainRows`)."""


class VConcatChart(_PlainRows, alt.VConcatChart):
    """A vertically concatenated chart whose datasets are plain rows (see :class:`_PlainRows`)."""


def as_layer_chart(spec: dict[str, Any], datasets: dict[str, list[dict[str, Any]]] | None = None, *, selectable: bool = False) -> alt.LayerChart:
    """A layered Vega-Lite spec (plain JSON) as an Altair chart, built without Altair's copying builder methods.

    ``selectable`` adds the click selection named ``"touchpoint"`` to the layer named "touchpoints".
    """
    charts = []
    for layer in spec["layer"]:
        parts = {key: value for key, value in layer.items() if key not in ("data", "encoding")}
        # alt.Data keeps inline rows inline (a plain dict would be moved to the top-level datasets).
        chart = alt.Chart(data=alt.Data(**layer["data"]), encoding=alt.FacetedEncoding(**layer["encoding"]), **parts)
        if selectable and layer.get("name") == "touchpoints":
            # Altair lifts the selection to the top of the layered chart and names its view.
            chart = chart.add_params(alt.selection_point(name="touchpoint", fields=["id"], on="click", clear="dblclick", empty=False))
        charts.append(chart)
    top = {key: value for key, value in spec.items() if key != "layer"}
    if datasets is None:
        return alt.LayerChart(layer=charts, **top)
    chart = LayerChart(layer=charts, **top)
    chart.datasets = datasets  # set last, in place: the rows are plain JSON and need no copy
    return chart


def layer_chart_json(spec: dict[str, Any], datasets: dict[str, list[dict[str, Any]]] | None = None, *,
                     selectable: bool = False) -> dict[str, Any]:
    """What ``as_layer_chart(spec, datasets, selectable=selectable).to_dict()`` gives, without Altair.

    The app redraws the map after every edit; wrapping it in Altair objects and writing them out
    again took about half of that time, for the same JSON. The tests compare the two for every
    chart that takes this way, so a new Altair that writes otherwise is noticed. ``spec`` and
    ``datasets`` become part of the result, not copied: pass ones made for it.
    """
    chart_json: dict[str, Any] = {"config": copy.deepcopy(_DEFAULT_CONFIG), **spec, "$schema": alt.SCHEMA_URL}
    if selectable:
        chart_json["params"] = [{**copy.deepcopy(_SELECTION), "views": ["touchpoints"]}]
    if datasets is not None:
        chart_json["datasets"] = datasets
    return chart_json
