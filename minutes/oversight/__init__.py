"""Computations of the oversight pages: campaign completion, follow-up of
corrective actions, regularity, statistics, and the tables they export.

Each module returns plain data (dataclasses, lists of rows) that the views
render and `minutes.oversight.exports` writes as CSV or XLSX. Every rule about
one meeting (attendance, adoption, duration) comes from `minutes.rules`,
through the stored `MeetingFigures`; the rules about many meetings (a regular
meeting every month, a thematic one every quarter) are written here, once.
"""
