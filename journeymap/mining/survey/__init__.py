"""Survey answers brought into a journey (``journeymap calibrate``, docs/calibrate.md).

A table of answers (a touchpoint, a score on a scale, a comment) becomes each step's emotion (and
friction, for the customer effort score) with the answers' count and 95% interval kept in
``touchpoints[].survey``, and its comments customer quotes, masked.

- :mod:`.calibrate`: what the answers do to each step, and the journey with them brought in;
- :mod:`.table`: the answers read from CSV or Excel, each row checked;
- :mod:`.steps`: the step a row names, by id or name;
- :mod:`.scales`: the scales and the mapping of a score to a feeling;
- :mod:`.interval`: the mean and its 95% interval;
- :mod:`.mask`: e-mail addresses, phone numbers and names masked in the comments.
"""
