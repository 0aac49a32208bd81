"""Offers: MESO generation, offer evaluation with compliant counters, procurement bid evaluation.

Pure: no I/O. Names are resolved lazily so importing the package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "MesoAsk": "brightline.offers.meso",
    "MesoResult": "brightline.offers.meso",
    "generate_meso": "brightline.offers.meso",
    "Evaluation": "brightline.offers.evaluate",
    "evaluate_offer": "brightline.offers.evaluate",
    "parse_offer_text": "brightline.offers.offer_input",
    "parse_offer_document": "brightline.offers.offer_input",
    "BidsResult": "brightline.offers.bids",
    "evaluate_bids": "brightline.offers.bids",
    "read_bids": "brightline.offers.bids_reading",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from brightline.offers.bids import BidsResult as BidsResult
    from brightline.offers.bids import evaluate_bids as evaluate_bids
    from brightline.offers.bids_reading import read_bids as read_bids
    from brightline.offers.evaluate import Evaluation as Evaluation
    from brightline.offers.evaluate import evaluate_offer as evaluate_offer
    from brightline.offers.meso import MesoAsk as MesoAsk
    from brightline.offers.meso import MesoResult as MesoResult
    from brightline.offers.meso import generate_meso as generate_meso
    from brightline.offers.offer_input import parse_offer_document as parse_offer_document
    from brightline.offers.offer_input import parse_offer_text as parse_offer_text


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'brightline.offers' has no attribute {name!r}")
