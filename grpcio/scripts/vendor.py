#!/usr/bin/env python3
"""Writes grpcio/ anew from its source, or checks it (--check): grpcio 0.13.0 as crates.io
ships it (its Cargo.toml, LICENSE, README.md, CHANGELOG.md and src/; the package's sha256 as
PROVENANCE.md records it), with the patches of grpcio/patches/ applied in order.

usage: python3 grpcio/scripts/vendor.py [--check]

The package comes from cargo's download cache; when it is not there, cargo fetches it (a
throw-away package depends on it, so its dependencies come too). Exits 1 naming what
differs.
"""
import filecmp
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE, VERSION = "grpcio", "0.13.0"
KEPT = ["Cargo.toml", "LICENSE", "README.md", "CHANGELOG.md", "src"]
OURS = ["PROVENANCE.md", "patches", "scripts"]


def cached_crate():
    """The package in cargo's download cache, if a build has put it there."""
    home = os.environ.get("CARGO_HOME") or os.path.expanduser("~/.cargo")
    cache = os.path.join(home, "registry", "cache")
    for index in sorted(os.listdir(cache)) if os.path.isdir(cache) else []:
        path = os.path.join(cache, index, f"{PACKAGE}-{VERSION}.crate")
        if os.path.isfile(path):
            return path
    return None


def crate_file():
    """The package as crates.io serves it: from cargo's cache, or fetched by cargo (with what
    it depends on) when it is not there."""
    cached = cached_crate()
    if cached:
        return cached
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "src"))
        open(os.path.join(tmp, "src", "lib.rs"), "w").close()
        with open(os.path.join(tmp, "Cargo.toml"), "w") as f:
            f.write('[package]\nname = "grpcio-vendor"\nversion = "0.0.0"\nedition = "2021"\n\n'
                    f'[dependencies]\n{PACKAGE} = {{ version = "={VERSION}", default-features = false }}\n')
        out = subprocess.run(["cargo", "fetch", "--manifest-path", os.path.join(tmp, "Cargo.toml")],
                             capture_output=True, text=True)
        if out.returncode:
            sys.exit(f"vendor: cargo could not fetch {PACKAGE} {VERSION}: {out.stderr.strip()}")
        out = subprocess.run(["cargo", "metadata", "--format-version", "1", "--manifest-path",
                              os.path.join(tmp, "Cargo.toml")], capture_output=True, text=True)
    for package in json.loads(out.stdout)["packages"]:
        if package["name"] == PACKAGE and package["version"] == VERSION:
            src = os.path.dirname(package["manifest_path"])
            registry, name = os.path.split(src)
            cache = registry.replace(os.sep + "registry" + os.sep + "src" + os.sep,
                                     os.sep + "registry" + os.sep + "cache" + os.sep)
            return os.path.join(cache, name + ".crate")
    sys.exit(f"vendor: cargo metadata names no {PACKAGE} {VERSION}")


def recorded_sha256():
    text = open(os.path.join(HERE, "PROVENANCE.md")).read()
    m = re.search(r"`grpcio-0\.13\.0\.crate` \(crates\.io\) \| `([0-9a-f]{64})`", text)
    if not m:
        sys.exit("vendor: PROVENANCE.md records no sha256 for grpcio-0.13.0.crate")
    return m.group(1)


def unpacked(crate, into):
    """The kept files of the package, patched, in `into`."""
    with tarfile.open(crate) as tar:
        prefix = f"{PACKAGE}-{VERSION}/"
        members = [m for m in tar.getmembers()
                   if m.name.startswith(prefix) and m.name[len(prefix):].split("/")[0] in KEPT]
        for m in members:
            m.name = m.name[len(prefix):]
        tar.extractall(into, members=members, filter="data")
    patches = sorted(os.listdir(os.path.join(HERE, "patches")))
    for patch in patches:
        out = subprocess.run(["patch", "-p1", "--quiet", "--no-backup-if-mismatch", "-d", into,
                              "-i", os.path.join(HERE, "patches", patch)], capture_output=True, text=True)
        if out.returncode:
            sys.exit(f"vendor: patches/{patch} does not apply: {out.stdout.strip()} {out.stderr.strip()}")
    return patches


def differences(a, b, rel=""):
    cmp = filecmp.dircmp(os.path.join(a, rel), os.path.join(b, rel))
    found = [os.path.join(rel, n) + " (only in the package)" for n in cmp.left_only]
    found += [os.path.join(rel, n) + " (not in the package)" for n in cmp.right_only
              if rel or n not in OURS]
    found += [os.path.join(rel, n) for n in cmp.diff_files]
    found += [os.path.join(rel, n) for n in cmp.common_files
              if not filecmp.cmp(os.path.join(a, rel, n), os.path.join(b, rel, n), shallow=False)
              and os.path.join(rel, n) not in found]
    for sub in cmp.common_dirs:
        found += differences(a, b, os.path.join(rel, sub))
    return found


def main(argv):
    check = argv == ["--check"]
    if argv and not check:
        sys.exit("usage: python3 grpcio/scripts/vendor.py [--check]")
    crate = crate_file()
    with open(crate, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != recorded_sha256():
        sys.exit(f"vendor: {crate} is not the package PROVENANCE.md records (sha256 {digest})")
    with tempfile.TemporaryDirectory() as tmp:
        patches = unpacked(crate, tmp)
        if check:
            bad = differences(tmp, HERE)
            if bad:
                sys.exit("vendor: grpcio/ differs from the package with its patches: " + ", ".join(bad))
        else:
            for name in KEPT:
                target = os.path.join(HERE, name)
                if os.path.isdir(target):
                    shutil.rmtree(target)
                elif os.path.exists(target):
                    os.remove(target)
                source = os.path.join(tmp, name)
                (shutil.copytree if os.path.isdir(source) else shutil.copyfile)(source, target)
    print(f"vendor: grpcio/ {'matches' if check else 'written from'} {PACKAGE} {VERSION} "
          f"(sha256 as PROVENANCE.md records) with {len(patches)} patch(es)")


if __name__ == "__main__":
    main(sys.argv[1:])
