#!/usr/bin/env python3
"""Writes otlp/proto/ anew from its source, or checks it (--check): the four OTLP v1.10.0
.proto files and the licence, as the crates.io package opentelemetry-proto 0.33.1 ships them
(its src/proto/opentelemetry-proto/ is upstream's tag v1.10.0, see PROVENANCE.md), each
compared with the sha256 that PROVENANCE.md records.

usage: python3 otlp/scripts/vendor.py [--check]

cargo fetches the package into its registry (a throw-away package depends on it); nothing
else is downloaded. Exits 1 naming any file that differs.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE, VERSION = "opentelemetry-proto", "0.33.1"
FILES = [
    "opentelemetry/proto/common/v1/common.proto",
    "opentelemetry/proto/resource/v1/resource.proto",
    "opentelemetry/proto/trace/v1/trace.proto",
    "opentelemetry/proto/collector/trace/v1/trace_service.proto",
]


def package_root():
    """Where cargo keeps the package's source, fetched first when missing."""
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "src"))
        open(os.path.join(tmp, "src", "lib.rs"), "w").close()
        with open(os.path.join(tmp, "Cargo.toml"), "w") as f:
            f.write('[package]\nname = "otlp-vendor"\nversion = "0.0.0"\nedition = "2021"\n\n'
                    f'[dependencies]\n{PACKAGE} = {{ version = "={VERSION}", default-features = false }}\n')
        out = subprocess.run(["cargo", "metadata", "--format-version", "1", "--manifest-path",
                              os.path.join(tmp, "Cargo.toml")], capture_output=True, text=True)
        if out.returncode:
            sys.exit(f"vendor: cargo could not fetch {PACKAGE} {VERSION}: {out.stderr.strip()}")
    for package in json.loads(out.stdout)["packages"]:
        if package["name"] == PACKAGE and package["version"] == VERSION:
            return os.path.join(os.path.dirname(package["manifest_path"]), "src", "proto", "opentelemetry-proto")
    sys.exit(f"vendor: cargo metadata names no {PACKAGE} {VERSION}")


def recorded():
    """The sha256 of each file, as PROVENANCE.md's table gives it."""
    text = open(os.path.join(HERE, "PROVENANCE.md")).read()
    return dict(re.findall(r"^\| `([^`]+)` \| `([0-9a-f]{64})` \|$", text, re.M))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main(argv):
    check = argv == ["--check"]
    if argv and not check:
        sys.exit("usage: python3 otlp/scripts/vendor.py [--check]")
    source, sums, bad = package_root(), recorded(), []
    for name in FILES + ["LICENSE"]:
        src = os.path.join(source, name)
        dst = os.path.join(HERE, "proto", name)
        if name in FILES and sha256(src) != sums.get(name):
            bad.append(f"{name}: the package's file is not the one PROVENANCE.md records")
        if check:
            if not os.path.exists(dst) or sha256(src) != sha256(dst):
                bad.append(f"proto/{name} differs from {PACKAGE} {VERSION}'s")
        else:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
    if bad:
        sys.exit("vendor: " + "; ".join(bad))
    print(f"vendor: otlp/proto {'matches' if check else 'written from'} {PACKAGE} {VERSION} "
          f"({len(FILES)} files and the licence, sha256 as PROVENANCE.md records)")


if __name__ == "__main__":
    main(sys.argv[1:])
