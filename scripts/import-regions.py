#!/usr/bin/env python3
"""Rebuilds server/data/regions/<package>-<version>.tsv.gz from the npm package idn-area-data.

The output is one line per region, `code<TAB>name`, sorted by code, gzip-compressed; the
server derives each region's level and parent from its code. Usage:

    python3 scripts/import-regions.py 4.0.1

then point DATA_SET in server/src/regions.rs at the new file (see server/data/regions/README.md).
"""
import csv
import gzip
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "idn-area-data"
FILES = ["provinces.csv", "regencies.csv", "districts.csv", "villages.csv"]


def main(version: str) -> None:
    out = Path(__file__).resolve().parent.parent / "server" / "data" / "regions"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--silent"], cwd=tmp, check=True)
        tarball = next(Path(tmp).glob("*.tgz"))
        rows = []
        with tarfile.open(tarball) as tar:
            for name in FILES:
                member = tar.extractfile(f"package/data/{name}")
                for row in csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")):
                    rows.append((row["code"], " ".join(row["name"].split())))
    rows.sort()
    codes = {code for code, _ in rows}
    orphans = [c for c, _ in rows if "." in c and c.rsplit(".", 1)[0] not in codes]
    if orphans:
        sys.exit(f"regions without a parent: {orphans[:10]}")
    text = "".join(f"{code}\t{name}\n" for code, name in rows).encode("utf-8")
    target = out / f"{PACKAGE}-{version}.tsv.gz"
    # mtime=0 keeps the file byte-identical across runs.
    with gzip.GzipFile(target, "wb", compresslevel=9, mtime=0) as g:
        g.write(text)
    levels = [sum(1 for c in codes if c.count(".") == n) for n in range(4)]
    print(f"{target}: {len(rows)} regions (provinces, regencies, districts, villages: {levels})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "4.0.1")
