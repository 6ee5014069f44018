"""Artifact scanning: unsafe serialization, structural validation and leaked secrets.

The scanners never load, unpickle or execute a model: they read bytes and parse formats
with explicit bounds. Run them through :func:`scan_in_subprocess` (worker side) so that time
and memory limits are enforced by the operating system as well.
"""

from modelreg.scanning.findings import Finding, ScanError, ScanReport, Severity
from modelreg.scanning.limits import ScanLimits
from modelreg.scanning.runner import scan_directory, scan_in_subprocess

__all__ = [
    "Finding",
    "ScanError",
    "ScanLimits",
    "ScanReport",
    "Severity",
    "scan_directory",
    "scan_in_subprocess",
]
