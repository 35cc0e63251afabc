"""Journeys from evidence: measured data (survey answers, :mod:`journeymap.mining.survey`) brought into journeys."""
