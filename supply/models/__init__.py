"""Supply: the network (heat sources, the section tree), the dispatch log, interruptions.

One module per subdomain; the quality flow and restrictions of supply add their own."""

from .dispatch import DispatchEntry
from .interruptions import ActSignature, AffectedObject, Interruption, InterruptionNoticeTerm
from .network import HeatSource, SectionPlacement

__all__ = [
    "ActSignature", "AffectedObject", "DispatchEntry", "HeatSource", "Interruption", "InterruptionNoticeTerm",
    "SectionPlacement",
]
