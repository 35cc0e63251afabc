"""Where journeys live and how edits reach them, with no Streamlit in it: the workspace folder
(:mod:`~journeymap.store.workspace`: atomic saves under a lock, uploads, samples) and the edits the
app makes to a journey's data (:mod:`~journeymap.store.edits`).
"""
