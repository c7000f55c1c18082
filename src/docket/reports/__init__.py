"""Briefings and sanctions dossiers: domain records -> report context -> Markdown, HTML, PDF, FtM.

Imports only docket.domain, docket.errors and libraries. Importing it does nothing.
"""
