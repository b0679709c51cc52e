"""budgetcheck: rules-as-data validation of Chinese government budget disclosures.

The pipeline runs one way: ingest -> schema check -> (rule evaluation) -> report.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
