"""Charts of a journey: the annotated map (a service blueprint), the emotion curve, the automation
matrix, and images of them (:mod:`journeymap.charts.images`, through vl-convert).
"""

from journeymap._lazy import lazy_exports

_EXPORTS = {
    "IMAGE_CURVE_HEIGHT": ".map",
    "LANE_TITLES": ".map",
    "BADGE_TEXTS": ".map",
    "MapLayout": ".map",
    "SizeBy": ".map",
    "automation_matrix_chart": ".map",
    "emotion_curve_chart": ".map",
    "emotion_curve_rows": ".map",
    "full_report_chart": ".map",
    "full_report_spec": ".map",
    "journey_map_chart": ".map",
    "journey_map_layout": ".map",
    "label_lines": ".map",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
