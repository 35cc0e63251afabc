"""A minimal page until the workshop app lands: pick a sample journey, see its touchpoints."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from journeymap.errors import JourneyFileError
from journeymap.io import load

SAMPLES = Path(__file__).resolve().parents[2] / "sample_journeys"


@st.cache_data
def _touchpoint_table(path: str) -> tuple[str, pd.DataFrame]:
    journey = load(path)
    rows = [tp.model_dump(include={"id", "name", "stage", "lane", "emotion", "friction"}) for tp in journey.touchpoints]
    return journey.title, pd.DataFrame(rows)


def render_page() -> None:
    st.set_page_config(page_title="journeymap", layout="wide")
    st.title("journeymap")
    samples = sorted(SAMPLES.glob("*.json"))
    if not samples:
        st.info("No sample journeys found.")
        return
    names = [path.stem for path in samples]
    opened = Path(os.environ.get("JOURNEYMAP_OPEN", SAMPLES / "diner.json")).stem
    choice = st.selectbox("Journey", names, index=names.index(opened) if opened in names else 0, key="sample")
    try:
        title, table = _touchpoint_table(str(SAMPLES / f"{choice}.json"))
    except JourneyFileError as error:
        st.error(error.describe())
        return
    st.subheader(title)
    st.dataframe(table, width="stretch", hide_index=True)
