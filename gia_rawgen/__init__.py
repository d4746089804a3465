"""Deterministic generator of the raw exports (survey, meeting register, attendance lists).

This package is *not* part of the pipeline: it may read the report's published figures
(`report_facts`) to constrain what it generates; the pipeline (`gia_pipeline`) never does.
"""
