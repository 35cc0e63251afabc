"""The live workshop: a session on one journey that the people in the room join from their phones, to
rate each step, leave sticky notes, spend dots and say whether they agree with the advice.

- :mod:`~journeymap.live.rules`: the words and limits of a session, and the checks every input passes;
- :mod:`~journeymap.live.room`: the room's view worked out from everyone's input (medians, spread,
  where the room disagrees, dots, votes), plain functions;
- :mod:`~journeymap.live.schema` and :mod:`~journeymap.live.store`: where sessions and input are kept
  (the team's database, or a SQLite file in the workspace folder), shared by every app server.

No Streamlit here: the phone page and the facilitator's view (journeymap/ui/live*) use these.
docs/workshop.md tells how a session runs.
"""

from __future__ import annotations

__all__: list[str] = []
