"""Charts of a journey: the annotated map (a service blueprint), the emotion curve, the automation
matrix, and images of them (:mod:`journeymap.charts.images`, through vl-convert).

Every chart takes the journey and its analysis (the plain dict of ``analyze(journey)``, the same
object ``journeymap analyze --json`` prints), so that a caller who already has the analysis (the app
caches it) does not pay for it twice. The modules, one concern each:

- :mod:`~journeymap.charts.style`: colours, font, the map's pixel geometry and wording;
- :mod:`~journeymap.charts.layout`: the map's geometry (:func:`journey_map_layout`), with each
  touchpoint's row from :mod:`~journeymap.charts.touchpoints` and the connections' lines from
  :mod:`~journeymap.charts.routing`;
- :mod:`~journeymap.charts.emotion_lane`: the emotion curve as the map's fifth lane, each point
  under its step; :mod:`~journeymap.charts.map_rows`: which stages go in which row of a map wrapped
  into rows, and the map fitted to a screen (:func:`fit_map_layout`);
- :mod:`~journeymap.charts.map` and :mod:`~journeymap.charts.map_data`: the map's Vega-Lite spec;
- :mod:`~journeymap.charts.curve`: the emotion curve; :mod:`~journeymap.charts.matrix`: the
  automation matrix; :mod:`~journeymap.charts.report`: map and curve together, what images show;
- :mod:`~journeymap.charts.wrap`: plain Vega-Lite JSON as Altair charts;
- :mod:`~journeymap.charts.limits`: how large a journey is drawn; :mod:`~journeymap.charts.renderer`:
  vl-convert in a worker process, so that a crash of it never takes the caller down.
"""

from journeymap._lazy import lazy_exports

_EXPORTS = {
    "IMAGE_CURVE_HEIGHT": ".report",
    "LANE_TITLES": ".style",
    "BADGE_TEXTS": ".style",
    "MapLayout": ".layout",
    "SizeBy": ".layout",
    "automation_matrix_chart": ".matrix",
    "emotion_curve_chart": ".curve",
    "emotion_curve_json": ".curve",
    "emotion_curve_rows": ".curve",
    "fit_map_layout": ".map_rows",
    "full_report_chart": ".report",
    "full_report_spec": ".report",
    "journey_map_chart": ".map",
    "journey_map_json": ".map",
    "journey_map_layout": ".layout",
    "label_lines": ".style",
    "drawing_limit_message": ".limits",
    "MAX_DRAWN_TOUCHPOINTS": ".limits",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
