"""SBOMs: the CycloneDX 1.6 ML-BOM of a version (`mlbom`) and uploaded container SBOMs
(`container`).

A pure library: no database, API or worker code lives here. Nothing is re-exported here:
cyclonedx and jsonschema take about a second to import, so the API process imports these
modules only on the paths that build or validate a BOM.
"""
