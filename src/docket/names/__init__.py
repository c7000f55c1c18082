"""Person names across scripts: transliteration, name keys, comparison and an index.

>>> from docket.names import compare_names
>>> compare_names(["Ерулан Амиров"], ["Yerulan Amirov"]).match
True
>>> compare_names(["Erulan Amirov"], ["Erulan Amirova"]).explain.rules
('gender suffix differs',)
"""

from docket.names.comparison import (
    THRESHOLD,
    Comparison,
    Explanation,
    TokenAlignment,
    compare_names,
)
from docket.names.index import NameIndex
from docket.names.key import name_key
from docket.names.token import NameToken, ParsedName, parse_name
from docket.names.transliteration import SYSTEMS, UnknownTransliteration, fold, transliterate

__all__ = [
    "SYSTEMS",
    "THRESHOLD",
    "Comparison",
    "Explanation",
    "NameIndex",
    "NameToken",
    "ParsedName",
    "TokenAlignment",
    "UnknownTransliteration",
    "compare_names",
    "fold",
    "name_key",
    "parse_name",
    "transliterate",
]
