"""Building the journey in the browser (the Build tab): tables for bulk editing, forms for one touchpoint.

Every change goes through :func:`journeymap.ui.state.apply_edit` in a widget callback, so it is
validated and saved before the screen is drawn again. Widget keys carry the state's editor version
(:func:`~journeymap.ui.editors.common.widget_key`): after a saved (or refused) change the editors start
fresh from the saved journey, while the values of a refused touchpoint form stay as typed so nothing
the team entered is lost.

One module per part of the screen: :mod:`.new_touchpoint`, :mod:`.touchpoint_form` (with the
touchpoint's connections from :mod:`.connections`), :mod:`.touchpoints_table`, :mod:`.connections`,
:mod:`.stages` and :mod:`.details`.
"""

from journeymap.ui.editors.connections import connections_table
from journeymap.ui.editors.details import journey_details_form
from journeymap.ui.editors.new_touchpoint import add_touchpoint_form, step_before
from journeymap.ui.editors.stages import stages_table
from journeymap.ui.editors.touchpoint_form import touchpoint_editor, touchpoint_picker
from journeymap.ui.editors.touchpoints_table import touchpoints_table

__all__ = [
    "add_touchpoint_form",
    "connections_table",
    "journey_details_form",
    "stages_table",
    "step_before",
    "touchpoint_editor",
    "touchpoint_picker",
    "touchpoints_table",
]
