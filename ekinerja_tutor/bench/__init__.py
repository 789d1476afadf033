"""Measurements behind ``ekinerja-tutor bench``: start-up, scale, a training room, memory.

Each measurement returns a :class:`~ekinerja_tutor.bench.report.Report`: a table for people,
JSON for machines, and every target said plainly as met or not met.
"""
