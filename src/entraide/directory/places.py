"""Swiss places: postal codes and localities with their coordinates.

The data file ``data/places.csv`` is derived from GeoNames extracts published
on PyPI by ``scripts/build_places.py`` (see there). It is small (about 4,300
rows) and read once per process.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from entraide.core.lib.text import fold

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.csv"
# "1004", "CH-1004", and "1004 Lausanne" as Swiss addresses write it.
POSTAL_CODE = re.compile(r"^\s*(?:CH-?)?(\d{4})(?:\s|$)", re.IGNORECASE)

# Names of towns in the other national languages and in English, folded, with the
# local name they stand for. GeoNames' postal list only knows the local name.
EXONYMS = {
    "genf": "geneve",
    "ginevra": "geneve",
    "geneva": "geneve",
    "bale": "basel",
    "basilea": "basel",
    "berne": "bern",
    "berna": "bern",
    "zurigo": "zurich",
    "lucerne": "luzern",
    "lucerna": "luzern",
    "losanna": "lausanne",
    "freiburg": "fribourg",
    "friburgo": "fribourg",
    "neuenburg": "neuchatel",
    "sitten": "sion",
    "coire": "chur",
    "coira": "chur",
    "soleure": "solothurn",
    "soletta": "solothurn",
    "saint gall": "st gallen",
    "san gallo": "st gallen",
    "sankt gallen": "st gallen",
    "bienne": "biel bienne",
    "biel": "biel bienne",
    "delsberg": "delemont",
    "schaffhouse": "schaffhausen",
    "sciaffusa": "schaffhausen",
    "winterthour": "winterthur",
    "thoune": "thun",
    "morat": "murten",
    "siders": "sierre",
    "brigue": "brig glis",
    "brig": "brig glis",
    "bellinzone": "bellinzona",
    "zoug": "zug",
    "zugo": "zug",
    "glaris": "glarus",
    "glarona": "glarus",
}


# Municipality, postal code, main language; a few per canton, larger cantons more.
# The import template's example row is in the first town of a canton; the demo
# spreads its groups over them all.
PLACES: dict[str, list[tuple[str, str, str]]] = {
    "ZH": [
        ("Zürich", "8001", "de"),
        ("Winterthur", "8400", "de"),
        ("Uster", "8610", "de"),
        ("Dietikon", "8953", "de"),
    ],
    "BE": [
        ("Bern", "3011", "de"),
        ("Biel/Bienne", "2502", "fr"),
        ("Thun", "3600", "de"),
        ("Moutier", "2740", "fr"),
    ],
    "LU": [("Luzern", "6003", "de"), ("Emmen", "6020", "de")],
    "UR": [("Altdorf", "6460", "de")],
    "SZ": [("Schwyz", "6430", "de"), ("Einsiedeln", "8840", "de")],
    "OW": [("Sarnen", "6060", "de")],
    "NW": [("Stans", "6370", "de")],
    "GL": [("Glarus", "8750", "de")],
    "ZG": [("Zug", "6300", "de"), ("Baar", "6340", "de")],
    "FR": [
        ("Fribourg", "1700", "fr"),
        ("Bulle", "1630", "fr"),
        ("Murten", "3280", "de"),
        ("Düdingen", "3186", "de"),
    ],
    "SO": [("Solothurn", "4500", "de"), ("Olten", "4600", "de")],
    "BS": [("Basel", "4051", "de"), ("Riehen", "4125", "de")],
    "BL": [("Liestal", "4410", "de"), ("Allschwil", "4123", "de")],
    "SH": [("Schaffhausen", "8200", "de")],
    "AR": [("Herisau", "9100", "de")],
    "AI": [("Appenzell", "9050", "de")],
    "SG": [("St. Gallen", "9000", "de"), ("Rapperswil-Jona", "8640", "de"), ("Wil", "9500", "de")],
    "GR": [("Chur", "7000", "de"), ("Davos", "7270", "de"), ("Poschiavo", "7742", "it")],
    "AG": [("Aarau", "5000", "de"), ("Baden", "5400", "de"), ("Wettingen", "5430", "de")],
    "TG": [("Frauenfeld", "8500", "de"), ("Kreuzlingen", "8280", "de")],
    "TI": [
        ("Lugano", "6900", "it"),
        ("Bellinzona", "6500", "it"),
        ("Locarno", "6600", "it"),
        ("Mendrisio", "6850", "it"),
    ],
    "VD": [
        ("Lausanne", "1003", "fr"),
        ("Yverdon-les-Bains", "1400", "fr"),
        ("Vevey", "1800", "fr"),
        ("Nyon", "1260", "fr"),
    ],
    "VS": [
        ("Sion", "1950", "fr"),
        ("Martigny", "1920", "fr"),
        ("Brig", "3900", "de"),
        ("Visp", "3930", "de"),
    ],
    "NE": [("Neuchâtel", "2000", "fr"), ("La Chaux-de-Fonds", "2300", "fr")],
    "GE": [("Genève", "1201", "fr"), ("Carouge", "1227", "fr"), ("Meyrin", "1217", "fr")],
    "JU": [("Delémont", "2800", "fr"), ("Porrentruy", "2900", "fr")],
}


KM_PER_DEGREE = 111.2  # kilometres in a degree of latitude


@dataclass(frozen=True)
class Place:
    """A locality or postal code area with the point searches measure from."""

    name: str
    postal_code: str
    canton: str
    latitude: float
    longitude: float

    @property
    def longitude_scale(self) -> float:
        """How much shorter a degree of longitude is than one of latitude, here."""
        return math.cos(math.radians(self.latitude))

    @property
    def label(self) -> str:
        return f"{self.postal_code} {self.name}" if self.postal_code else self.name


@dataclass(frozen=True)
class _Index:
    by_postal_code: dict[str, list[Place]]
    by_name: dict[str, list[Place]]


@lru_cache(maxsize=1)
def _index() -> _Index:
    by_postal_code: dict[str, list[Place]] = {}
    by_name: dict[str, list[Place]] = {}
    with PLACES_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            place = Place(
                name=row["locality"],
                postal_code=row["postal_code"],
                canton=row["canton"],
                latitude=float(row["lat"]),
                longitude=float(row["lon"]),
            )
            by_postal_code.setdefault(place.postal_code, []).append(place)
            for name in {fold(row["locality"]), fold(row["municipality"])}:
                by_name.setdefault(name, []).append(place)
    return _Index(by_postal_code, by_name)


def find_place(text: str) -> Place | None:
    """The place a person means by a postal code or a locality name, or None."""
    text = (text or "")[:100]
    if match := POSTAL_CODE.match(text):
        candidates = _index().by_postal_code.get(match.group(1), [])
        return candidates[0] if candidates else None
    name = fold(text)
    if not name:
        return None
    name = EXONYMS.get(name, name)
    candidates = _index().by_name.get(name, [])
    if not candidates:
        return None
    # A town with several postal codes: the lowest is its centre (1000 Lausanne, 8001 Zürich).
    return min(candidates, key=lambda place: place.postal_code)


def places_with_postal_code(postal_code: str) -> list[Place]:
    """Every locality of a postal code ("1004", "CH-1004"); a code may straddle a cantonal border."""
    match = POSTAL_CODE.match(postal_code or "")
    return list(_index().by_postal_code.get(match.group(1), [])) if match else []


def places_named(name: str) -> list[Place]:
    """Every postal code area of a locality or municipality, named locally or as an exonym."""
    folded = fold((name or "")[:100])
    return list(_index().by_name.get(EXONYMS.get(folded, folded), []))


def locate(postal_code: str, municipality: str = "") -> tuple[float, float] | None:
    """Coordinates for a group's postal code and municipality (either may be missing)."""
    by_name = find_place(municipality) if municipality else None
    match = POSTAL_CODE.match(postal_code or "")
    candidates = _index().by_postal_code.get(match.group(1), []) if match else []
    if by_name:
        # A postal code may straddle a cantonal border: take the side the municipality is on.
        candidates = sorted(candidates, key=lambda c: (c.canton != by_name.canton, c != by_name))
    place = candidates[0] if candidates else by_name
    return (place.latitude, place.longitude) if place else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
