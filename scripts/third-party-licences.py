#!/usr/bin/env python3
"""Writes public/third-party-licences.txt: every crate shipped in the server binary and the
browser app, with its version, licence and source, from Cargo.lock (cargo metadata).

The npm packages in scripts/ and end2end/ are build and test tools; none is shipped.

    python3 scripts/third-party-licences.py          # rewrite the file
    python3 scripts/third-party-licences.py --check  # fail when it is out of date (make lint)
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "public" / "third-party-licences.txt"
SHIPPED = {
    "kopdes-server": "x86_64-unknown-linux-gnu",
    "kopdes-app": "wasm32-unknown-unknown",
}


def shipped_crates(root_name, target):
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target],
        cwd=ROOT,
    ))
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    start = next(p["id"] for p in meta["packages"] if p["name"] == root_name)
    seen, todo = set(), [start]
    while todo:
        node = nodes[todo.pop()]
        for dep in node["deps"]:
            # Only what is compiled into the product: no dev- or build-dependencies.
            if any(k["kind"] is None for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                todo.append(dep["pkg"])
    return [packages[i] for i in seen if packages[i]["source"] is not None]


def render():
    crates = {}
    for root_name, target in SHIPPED.items():
        for p in shipped_crates(root_name, target):
            entry = crates.setdefault((p["name"], p["version"]), {"p": p, "in": set()})
            entry["in"].add("server" if root_name == "kopdes-server" else "app")
    lines = [
        "Si Kopdes: third-party software and data",
        "",
        "Si Kopdes is licensed under the Apache License 2.0 (LICENSE).",
        "",
        "Region data: idn-area-data 4.0.1 (github.com/fityannugroho/idn-area-data), following",
        "Kemendagri's regulation. The data is under the Open Database License (ODbL) 1.0;",
        "Si Kopdes uses it as published (server/data/regions/README.md).",
        "",
        f"Rust crates compiled into the server and the app ({len(crates)}), generated from",
        "Cargo.lock by scripts/third-party-licences.py. Each licence's text is in the crate's",
        "source at the given version on crates.io.",
        "",
    ]
    for (name, version), entry in sorted(crates.items()):
        p = entry["p"]
        where = "+".join(sorted(entry["in"]))
        licence = p.get("license") or "see crate"
        source = p.get("repository") or f"https://crates.io/crates/{name}"
        lines.append(f"{name} {version} [{where}] {licence} {source}")
    return "\n".join(lines) + "\n"


def main():
    text = render()
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"{OUT.relative_to(ROOT)} is out of date: run python3 scripts/third-party-licences.py")
        return
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
