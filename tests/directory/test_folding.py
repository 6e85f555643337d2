"""Search keys: the spellings people type meet the spellings in the data."""

import pytest

from entraide.core.lib.text import fold


@pytest.mark.parametrize(
    "spellings",
    [
        ("Zürich", "zurich", "ZUERICH", "Zuerich"),
        ("Genève", "geneve", "GENEVE"),
        ("Müller", "Mueller", "muller"),
        ("Börse", "Boerse", "borse"),
        ("Ärzte", "Aerzte", "arzte"),
        ("Straße", "strasse"),
        ("cœur", "coeur"),
    ],
)
def test_spellings_of_the_same_word_fold_to_the_same_key(spellings) -> None:  # type: ignore[no-untyped-def]
    assert len({fold(s) for s in spellings}) == 1, [fold(s) for s in spellings]


def test_punctuation_and_spaces_do_not_matter() -> None:
    assert fold("  Trauer / Deuil – «lutto»!  ") == fold("trauer deuil lutto")


def test_different_words_stay_different() -> None:
    assert fold("Basel") != fold("Bern")
    assert fold("deuil") != fold("seuil")
