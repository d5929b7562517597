"""Figures the browser checks print at the end of a run: Lighthouse scores, page weights, axe and vnu counts.

Tests append lines to REPORT. With pytest-xdist each worker sends its lines to the main process
when it finishes (tests/conftest.py), which prints every worker's lines in one section.
"""

REPORT: list[str] = []
