#!/usr/bin/env python3
"""Writes the licence texts of every crate compiled into a package, for shipping beside it.

MIT, BSD and Apache-2.0 all ask that binary copies carry the licence and copyright notices; the
npm package's WebAssembly holds some sixty crates. The list is what `cargo tree` resolves for
the package and target (normal dependencies, no proc-macros, the features of that build); each crate's
licence files (LICENSE*, LICENCE*, COPYING*, NOTICE*) come from its source folder as Cargo
downloaded it. A crate published without a licence file is listed with its licence expression,
authors and repository (where its licence text lives); one without even a licence expression is
an error, never skipped.

    python3 scripts/third-party-licenses.py PACKAGE [--target TRIPLE] > THIRD_PARTY_LICENSES.txt
"""

import argparse
import json
import pathlib
import subprocess
import sys

LICENCE_FILE_PREFIXES = ("license", "licence", "copying", "notice", "unlicense")


def compiled_crates(package, target):
    command = ["cargo", "tree", "-q", "-p", package, "-e", "normal,no-proc-macro", "--prefix", "none", "-f", "{p}|{l}"]
    if target:
        command += ["--target", target]
    lines = subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()
    crates = {}
    for line in lines:
        spec, _, licence = line.partition("|")
        if "(/" in spec:  # a crate of this workspace, not third-party
            continue
        name, version = spec.split()[:2]
        crates[(name, version.lstrip("v"))] = licence.replace("(*)", "").strip()
    return crates


def source_folders():
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "-q", "--format-version", "1"], check=True, capture_output=True, text=True
        ).stdout
    )
    return {(p["name"], p["version"]): p for p in metadata["packages"] if p["source"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package")
    parser.add_argument("--target")
    args = parser.parse_args()
    packages = source_folders()
    crates = compiled_crates(args.package, args.target)
    # Identical texts (the Apache-2.0 licence, most of all) are printed once, under every crate
    # that ships them.
    texts = {}
    missing, unshipped = [], []
    for (name, version), licence in sorted(crates.items()):
        package = packages.get((name, version), {})
        folder = pathlib.Path(package["manifest_path"]).parent if package else None
        files = sorted(
            f
            for f in (folder.iterdir() if folder else [])
            if f.is_file() and f.name.lower().startswith(LICENCE_FILE_PREFIXES)
        )
        if not licence:
            missing.append(f"{name} {version}")
        if not files:
            authors = ", ".join(package.get("authors") or ["not stated"])
            unshipped.append(
                f"{name} {version} ({licence}): authors {authors}; source {package.get('repository') or 'crates.io'}"
            )
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace").strip()
            texts.setdefault(text, []).append(f"{name} {version} ({licence}), {f.name}")
    if missing:
        sys.exit("third-party-licenses.py: no licence stated by: " + ", ".join(missing))
    out = [f"Third-party software compiled into {args.package} ({len(crates)} crates), with its licence texts.", ""]
    for text, users in texts.items():
        out += ["=" * 78, *users, "-" * 78, text, ""]
    if unshipped:
        out += ["=" * 78, "Published without a licence file; the licence text is in each crate's repository:", ""]
        out += unshipped
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
