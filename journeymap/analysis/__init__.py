"""The analysis: plain functions over a journey (or its graph) that return plain data.

:mod:`~journeymap.analysis.flow` (the absorbing Markov chain of the flow connections),
:mod:`~journeymap.analysis.empathy` (pain, moments of truth, paths, the remembered experience),
:mod:`~journeymap.analysis.automation` (fit, empathy risk and advice per step) and
:func:`analyze`, which puts them together into the object ``journeymap analyze --json`` prints.
"""

from journeymap.analysis.journey_analysis import analyze

__all__ = ["analyze"]
