#!/usr/bin/env python3
"""Fails when a module of core/src imports one above it (docs/architecture.md, "Layers").

Data flows one way; each module may use modules of its own rank or lower. A module's files are
core/src/<module>.rs or core/src/<module>/**.rs; an import is any `crate::<module>` path.
"""
import pathlib
import re
import sys
import tempfile

# Lowest first. Modules on one line share a rank (they may use each other).
LAYERS = [
    ["error"],
    ["clock", "random"],
    ["cose"],
    ["claims"],
    ["qr"],
    ["signer"],
    ["trust"],
    ["credential"],
    ["issuer", "status"],
    ["holder", "request"],
    ["verifier"],
    ["wallet"],
    ["issuance"],
    ["demo", "internal"],
]
RANK = {m: i for i, layer in enumerate(LAYERS) for m in layer}
IMPORT = re.compile(r"\bcrate::(\w+)|\buse crate::\{([^}]*)\}")


def module_of(path: pathlib.Path, src: pathlib.Path) -> str:
    return path.relative_to(src).parts[0].removesuffix(".rs")


def upward_imports(src: pathlib.Path) -> list[str]:
    errors = []
    for path in sorted(src.rglob("*.rs")):
        module = module_of(path, src)
        # lib.rs assembles the crate; tests.rs files are test code and may use the demo fixtures.
        if module == "lib" or path.name == "tests.rs":
            continue
        if module not in RANK:
            errors.append(f"{path.relative_to(src.parent.parent)}: module `{module}` has no layer in scripts/check-layers.py")
            continue
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            if line.lstrip().startswith("//"):
                continue
            names = []
            for single, group in IMPORT.findall(line):
                names += [single] if single else [n.strip().split("::")[0] for n in group.split(",")]
            for name in names:
                if name in RANK and RANK[name] > RANK[module]:
                    errors.append(
                        f"{path.relative_to(src.parent.parent)}:{lineno}: `{module}` imports `{name}`, a layer above it"
                    )
    return errors


def self_test() -> int:
    """The check must be able to fail: a bottom-layer module importing the wallet is reported."""
    with tempfile.TemporaryDirectory() as tmp:
        src = pathlib.Path(tmp) / "core" / "src"
        src.mkdir(parents=True)
        (src / "error.rs").write_text("use crate::wallet::WalletError;\nuse crate::{cose, trust::TrustList};\n")
        (src / "wallet.rs").write_text("use crate::error::ClaimError;\n")
        found = upward_imports(src)
    expected = 3  # wallet, cose and trust, all above error
    if len(found) != expected:
        print(f"check-layers self-test: expected {expected} upward imports, found {found}", file=sys.stderr)
        return 1
    print("check-layers self-test: an upward import is reported")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    src = pathlib.Path(__file__).resolve().parent.parent / "core" / "src"
    errors = upward_imports(src)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"check-layers: {len(errors)} upward import(s)", file=sys.stderr)
        return 1
    print(f"check-layers: no upward imports among {len(RANK)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
