"""`make bench`: importing a centre's list of 10,000 groups.

Generates a CSV of realistic groups for one centre (every locality of its
cantons, themes as codes and as labels in the four languages, schedules,
contacts), then measures on the configured database, in one run:

(a) the dry run: reading and checking every row, likely duplicates included;
(b) the real import: the same, then every group, its links and audit entries
    written in one transaction, the search index kept in step;
(c) the dry run of the same list as an XLSX workbook (openpyxl's reading).

The groups already there (the demo groups, or bench/search.py's 100,000
when DATABASE_URL names its database) stay, as existing data; the imported
groups are deleted at the end, so that every run starts from the same state.
Results go to bench/results/import.json; the target is well under a minute.

Environment: BENCH_ROWS (default 10000), BENCH_CENTRE (default centre-vd),
DATABASE_URL (default: a SQLite file in var/bench/).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]
ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
CENTRE = os.environ.get("BENCH_CENTRE", "centre-vd")
TARGET_S = 60
(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'import.sqlite3'}")
os.environ.update(
    DJANGO_SETTINGS_MODULE="entraide.settings",
    SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
    ALLOWED_HOSTS="127.0.0.1",
    SECURE_SSL="0",
    BENCH="1",
    DEMO="0",
    STATIC_ROOT=str(ROOT / "var" / "bench" / "static"),
)

QUALIFIERS = {
    "fr": ["", "jeunes adultes", "proches", "du soir", "parents", "seniors"],
    "de": ["", "junge Erwachsene", "Angehörige", "am Abend", "Eltern", "Senioren"],
    "it": ["", "giovani adulti", "familiari", "serale", "genitori", "anziani"],
}


def prepare() -> Any:
    import django

    django.setup()
    from django.core.management import call_command

    from entraide.accounts.models import Organisation
    from entraide.demo.accounts import load_demo
    from entraide.demo.directory import load_demo_groups

    call_command("migrate", verbosity=0)
    load_demo()
    load_demo_groups()  # the groups of every centre, this one's too (none if some exist)
    centre = Organisation.objects.get(code=CENTRE)
    forget_imported(centre)  # left by a run that stopped half-way
    return centre


def forget_imported(centre: Any) -> int:
    """Delete the groups a run imported (known by their audit entries): the database is
    left as it was found, so that bench/search.py still finds its own dataset in it."""
    from django.db.models import IntegerField
    from django.db.models.functions import Cast

    from entraide.core.models import AuditEntry
    from entraide.directory.models import Group

    imported = (
        AuditEntry.objects.filter(object_type="directory.group", changes__source__1="import")
        .annotate(group_id=Cast("object_id", IntegerField()))
        .values("group_id")
    )
    deleted, _ = Group.objects.filter(centre=centre, pk__in=imported).delete()
    return deleted


def generate(centre: Any) -> list[list[str]]:
    """ROWS realistic groups spread over every locality of the centre's cantons."""
    from entraide.demo.directory import DESCRIPTIONS
    from entraide.directory.models import Group, Theme
    from entraide.directory.tabular import COLUMN_NAMES, WEEKDAYS

    rng = random.Random(2026)
    cantons = set(centre.cantons.values_list("code", flat=True))
    localities = []
    with (ROOT / "src/entraide/directory/data/places.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["canton"] in cantons:
                localities.append((row["municipality"], row["postal_code"], row["canton"]))
    themes = list(Theme.objects.active().order_by("code"))
    language = {"TI": "it", "VD": "fr", "GE": "fr", "NE": "fr", "JU": "fr"}
    names = {
        "fr": "Groupe d'entraide {theme} – {place}",
        "de": "Selbsthilfegruppe {theme} {place}",
        "it": "Gruppo di autoaiuto {theme} – {place}",
    }
    # Names the centre lists already (the demo groups) are numbered like repeats in the file.
    seen = dict.fromkeys(Group.objects.filter(centre=centre).values_list("name", flat=True), 1)
    rows = [list(COLUMN_NAMES)]
    for n in range(ROWS):
        municipality, postal_code, canton = rng.choice(localities)
        spoken = language.get(canton, "de")
        theme = rng.choice(themes)
        label = getattr(theme, f"label_{spoken}") or theme.label
        qualifier = rng.choice(QUALIFIERS[spoken])
        name = names[spoken].format(theme=label, place=municipality)
        name = f"{name} ({qualifier})" if qualifier else name
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{name} {seen[name]}"
        # Themes as people write them: codes, labels in any language, sometimes two.
        written = rng.choice(
            [theme.code, label, theme.label_de, theme.label_it, theme.label_en, theme.code]
        )
        if rng.random() < 0.2:
            written += f"|{rng.choice(themes).code}"
        rhythm = rng.choice(["weekly", "fortnightly", "monthly", "monthly", "irregular"])
        start = rng.choice(["14:00", "18:30", "19:00", "19:30", "20:00"])
        direct = rng.random() < 0.2
        values = {
            "name": name,
            "themes": written,
            "canton": canton,
            "municipality": municipality,
            "postal_code": postal_code,
            "languages": spoken if rng.random() < 0.8 else f"{spoken}|de|en",
            "description": DESCRIPTIONS[spoken],
            "easy_read_summary": "",
            "type": rng.choice(["self_managed"] * 7 + ["professionally_guided", "online"]),
            "audience": rng.choice(["affected", "affected", "relatives", "both"]),
            "rhythm": rhythm,
            "weekday": rng.choice(WEEKDAYS[:5]),
            "week_of_month": str(rng.randint(1, 5)) if rhythm == "monthly" else "",
            "start_time": start,
            "end_time": f"{int(start[:2]) + 2}:{start[3:]}",
            "online": "no",
            "address": "Salle communale, rue du Centre 1",
            "show_address": rng.choice(["yes", "no", "no"]),
            "venue_accessibility": rng.choice(["accessible", "limited", "unknown"]),
            "cost_note": rng.choice(["", "", "CHF 5.– par soirée"]),
            "contact_mode": "direct" if direct else "centre",
            "contact_email": f"groupe{n}@example.org" if direct else "",
            "contact_phone": "+41 21 555 12 34" if direct and rng.random() < 0.5 else "",
            "status": rng.choice(["active"] * 9 + ["founding"]),
        }
        rows.append([values[column] for column in COLUMN_NAMES])
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(function: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function(**kwargs)
    return result, round(time.perf_counter() - started, 2)


def main() -> None:
    centre = prepare()
    from django.db import connection

    from entraide.directory.imports import groups_import
    from entraide.directory.models import Group
    from entraide.directory.search import search_groups

    rows = generate(centre)
    content = as_csv(rows)
    existing = Group.objects.count()
    common = {"by": None, "centre": centre, "filename": "bench.csv", "content": content}
    dry, dry_s = timed(groups_import, dry_run=True, **common)
    if not dry.ok:
        sys.exit("\n".join([p.text for p in dry.problems() if p.level == "error"][:20]))
    print(f"dry run      {len(dry.rows)} rows in {dry_s} s ({dry.warning_count} warnings)")
    xlsx = as_xlsx(rows)
    xlsx_dry, xlsx_dry_s = timed(
        groups_import, by=None, centre=centre, filename="bench.xlsx", content=xlsx, dry_run=True
    )
    assert xlsx_dry.ok
    print(f"XLSX dry run {len(xlsx_dry.rows)} rows in {xlsx_dry_s} s")
    done, import_s = timed(groups_import, dry_run=False, **common)
    assert done.created == ROWS, done.summary()
    print(f"import       {done.created} groups in {import_s} s")
    # The imported groups are searchable at once.
    sample = Group.objects.get(pk=done.rows[-1].group_id)
    found = sample in search_groups(sample.name)
    results = {
        "rows": ROWS,
        "database": connection.vendor,
        "centre": CENTRE,
        "groups_before": existing,
        "csv_bytes": len(content),
        "xlsx_bytes": len(xlsx),
        "dry_run_s": dry_s,
        "xlsx_dry_run_s": xlsx_dry_s,
        "import_s": import_s,
        "warnings": dry.warning_count,
        "likely_duplicates": dry.duplicate_count,
        "found_by_search": found,
        "target_s": TARGET_S,
        "met": max(dry_s, xlsx_dry_s, import_s) < TARGET_S and found,
    }
    out = ROOT / "bench" / "results" / "import.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    forget_imported(centre)
    print(f"{'met    ' if results['met'] else 'MISSED '} every step under {TARGET_S} s")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
