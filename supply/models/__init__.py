"""Supply: the network (heat sources, the section tree), the dispatch log, interruptions,
quality of supply (``quality``) and restrictions for debt (``restrictions``); one module per subdomain."""

from .dispatch import DispatchEntry
from .interruptions import ActSignature, AffectedObject, Interruption, InterruptionNoticeTerm
from .network import HeatSource, SectionPlacement
from .quality import QualityCase, QualityMeasurement
from .restrictions import SupplyRestriction

__all__ = [
    "ActSignature", "AffectedObject", "DispatchEntry", "HeatSource", "Interruption", "InterruptionNoticeTerm",
    "QualityCase", "QualityMeasurement", "SectionPlacement", "SupplyRestriction",
]
