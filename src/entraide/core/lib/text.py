"""Folding text for search: accents, case, German umlaut spellings and punctuation do not matter."""

from __future__ import annotations

import re
import unicodedata

# German umlauts are also written with an "e" ("Zürich", "Zuerich"); both fold to the bare
# vowel, like the accent-stripped form ("Zurich"), so the three spellings meet.
_UMLAUT_E = re.compile(r"(?<=[aou])e")
_NON_WORD = re.compile(r"[^\w]+")
# Ligatures that Unicode decomposition leaves alone.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free text with single spaces.

    >>> fold("Zürich"), fold("ZUERICH"), fold("zurich")
    ('zurich', 'zurich', 'zurich')
    >>> fold("Genève – Trauer/Deuil!")
    'geneve trauer deuil'
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", text.replace("_", " "))
    return " ".join(_fold_umlaut_spelling(word) for word in text.split())


def _fold_umlaut_spelling(word: str) -> str:
    # Only "ae", "oe", "ue" inside words that look German would be right; dropping the "e"
    # after a vowel everywhere also merges a few French and Italian words ("poeme"/"pome"),
    # which costs little in a search key and keeps the rule simple and symmetric.
    return _UMLAUT_E.sub("", word)
