"""Small words that say nothing about what a person looks for, in the four languages (pure).

A query's words are folded (``core.lib.text.fold``) and those listed here are
left out, unless they are a theme's term themselves: "cancer du sein" is read
as "cancer sein", "tumore al seno" as "tumore seno", and the thesaurus knows
each term also without its small words, so that both find the theme. "sein"
is not listed: it is a German small word but the French for breast.
"""

from __future__ import annotations

from entraide.core.lib.text import fold

_WORDS = """
le la les l un une des du de d au aux et ou en a pour avec sur dans par chez
der die das den dem des ein eine einer eines und oder mit fur von vom zum zur im am bei
il lo gli i un una di da del della dei degli delle al alla ai agli alle e o con per su nel nella
the of and or for with an to on at
"""
STOP_WORDS = frozenset(fold(word) for word in _WORDS.split())


def without_stop_words(folded: str) -> str:
    """A folded text without its small words (an empty text when it held only those)."""
    return " ".join(word for word in folded.split() if word not in STOP_WORDS)
