"""The supply app's models: quality of supply (``quality``) and restrictions for debt
(``restrictions``); the dispatch log and interruptions join at merge."""

from .quality import QualityCase, QualityMeasurement
from .restrictions import SupplyRestriction

__all__ = ["QualityCase", "QualityMeasurement", "SupplyRestriction"]
