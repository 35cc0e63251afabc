"""The live workshops of the journeys this server keeps: one :class:`~journeymap.live.store.LiveStore`
per store location, shared by every session (``st.cache_resource``, as the store itself), so that
what one phone sends is read by the facilitator's view from the database, never from another session.
"""

from __future__ import annotations

import streamlit as st

from journeymap.live.store import LiveStore, open_live
from journeymap.ui.state.store import location, store

__all__ = ["live_store"]


@st.cache_resource(show_spinner=False, max_entries=8)
def _opened(where: str) -> LiveStore:
    """The live workshops beside the store at ``where``; a database away is not kept (the next run tries again)."""
    del where  # the key of the cache: store() below is the store of that same location
    return open_live(store())


def live_store() -> LiveStore:
    """The live workshops of this session's store (:class:`StoreUnavailable` when it cannot be opened)."""
    return _opened(location())
