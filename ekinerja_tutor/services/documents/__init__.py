"""Documents the office prints: the Dokumen Evaluasi, activity recaps, lesson handouts.

Renderers here turn plain views (frozen dataclasses from the services) into PDF, HTML, CSV and
XLSX bytes; they never touch the database themselves.
"""
