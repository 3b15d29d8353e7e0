#!/usr/bin/env python3
"""Vendors the gRPC C core into grpcio-sys/grpc/ from published source archives.

    python3 grpcio-sys/scripts/vendor.py [--grpc FILE] [--cares FILE] [--zlib FILE] [--check]

The inputs, pinned by version and sha256 in INPUTS below, are downloaded from PyPI and
crates.io unless given as files:
- grpc: the source distribution of the Python package grpcio, which holds the whole C core
  and its third-party libraries. Kept: the public headers, src/core and the libraries the
  build needs, without BoringSSL (TLS comes from the system's OpenSSL), tests or other
  platforms' sources.
- cares: a newer c-ares release than the one gRPC bundles, taken from the source distribution
  of pycares, which bundles c-ares as it is released; it replaces third_party/cares/cares.
- zlib: a newer zlib release, taken from the libz-sys crate, which bundles zlib as it is
  released; it replaces third_party/zlib.
Then grpcio-sys/patches/*.patch are applied in order, grpcio-sys/sources.txt gets the list of
files to compile, and PROVENANCE.md the table of what came from where.

With --check nothing is written: the script exits 1 if vendoring again would change the tree
(an edit that is not a listed patch, a patch that no longer applies, a stale sources.txt).

After changing a version: update INPUTS, run this script, update the version in
grpcio-sys/Cargo.toml, regenerate the bindings (scripts/bindgen.sh) and run the test suite.
"""

import argparse
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
import urllib.request

CRATE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE = os.path.join(CRATE, "grpc")
SOURCES = os.path.join(CRATE, "sources.txt")
PROVENANCE = os.path.join(CRATE, "PROVENANCE.md")
PATCHES = os.path.join(CRATE, "patches")
DOWNLOADS = os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
    "grpcio-sys", "downloads")

# name: (registry, package, version, file name, sha256, folder inside the archive that is used)
INPUTS = {
    "grpc": ("pypi", "grpcio", "1.85.3", "grpcio-1.85.3.tar.gz",
             "8e18f15d1b09b8771edbf59d634b26cbe4903bc2577cb667264934a6655eb8b4", ""),
    "cares": ("pypi", "pycares", "5.2.1", "pycares-5.2.1.tar.gz",
              "3e89edc56a3745046676207958bf3dbf2971c5df0d64de9f7a893eba8bf255b4", "deps/c-ares"),
    "zlib": ("crates.io", "libz-sys", "1.1.31", "libz-sys-1.1.31.crate",
             "ff20308ecabd635a2dc1dd5834a86c462cca20efba1d5d3ddab1f8aea3455cb2", "src/zlib"),
}

# What the build needs from the grpc archive; everything else in it is left out.
KEPT_DIRS = [
    "include/grpc",
    "src/core",
    "third_party/abseil-cpp",
    "third_party/address_sorting",
    "third_party/cares",
    "third_party/re2",
    "third_party/upb",
    "third_party/utf8_range",
    "third_party/xxhash",
    "third_party/zlib",
]
HEADER_SUFFIXES = (".h", ".hpp", ".inc")
# Licence files kept beside the code they cover (the grpc archive has gRPC's only).
LICENSES = {"grpc": ["LICENSE"], "cares": ["LICENSE.md"], "zlib": ["LICENSE"]}
# Where the replacement libraries go in the tree, and their folders the build reads (zlib's
# are its top-level files: contrib/ and test/ are not built).
REPLACED = {"cares": ("third_party/cares/cares", ["include", "src/lib"]),
            "zlib": ("third_party/zlib", [""])}

# setup.py compiles this beside CORE_SOURCE_FILES (the grpcio extension calls it).
EXTRA_SOURCES = ["third_party/abseil-cpp/absl/log/initialize.cc"]
# The core registers its plugins through one of two files; the "noextra" one leaves out xDS,
# which nothing here uses (its code is compiled but no binary links it).
REGISTRY_SWAP = (
    "src/core/plugin_registry/grpc_plugin_registry_extra.cc",
    "src/core/plugin_registry/grpc_plugin_registry_noextra.cc",
)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def download(name):
    registry, package, version, filename, digest, _ = INPUTS[name]
    path = os.path.join(DOWNLOADS, filename)
    if not os.path.exists(path):
        os.makedirs(DOWNLOADS, exist_ok=True)
        if registry == "pypi":
            req = urllib.request.Request(f"https://pypi.org/simple/{package}/",
                                         headers={"Accept": "application/vnd.pypi.simple.v1+json"})
            files = json.load(urllib.request.urlopen(req, timeout=60))["files"]
            url = next(f["url"] for f in files if f["filename"] == filename)
        else:
            url = f"https://static.crates.io/crates/{package}/{filename}"
        print(f"vendor: downloading {url}")
        urllib.request.urlretrieve(url, path + ".part")
        os.replace(path + ".part", path)
    return path


def unpack(name, archive, tmp):
    """Unpacks an input after checking its digest; returns the folder the tree uses."""
    _, package, version, filename, digest, inner = INPUTS[name]
    got = sha256(archive)
    if got != digest:
        sys.exit(f"vendor: {archive} has sha256 {got}, expected {digest} ({package} {version})")
    dest = os.path.join(tmp, name)
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    (top,) = os.listdir(dest)
    return os.path.join(dest, top, inner)


def core_sources(root):
    """The files the Python package's own build compiles, as this crate builds them."""
    namespace = {}
    exec(read(os.path.join(root, "src/python/grpcio/grpc_core_dependencies.py")), namespace)
    files = [f for f in namespace["CORE_SOURCE_FILES"] if "third_party/boringssl" not in f]
    files += EXTRA_SOURCES
    old, new = REGISTRY_SWAP
    if old not in files:
        sys.exit(f"vendor: {old} is not in CORE_SOURCE_FILES any more: review REGISTRY_SWAP")
    files[files.index(old)] = new
    return files


def copy_filtered(src_root, src_dirs, dest_root, dest_prefix, sources):
    """Copies the listed sources and every header under src_dirs ("": the top-level files
    only)."""
    for top in src_dirs:
        walk = os.walk(os.path.join(src_root, top))
        if top == "":
            walk = [next(walk)]
        for dirpath, _, names in walk:
            for name in names:
                rel = os.path.normpath(os.path.join(dest_prefix, os.path.relpath(
                    os.path.join(dirpath, name), src_root)))
                if rel in sources or rel.endswith(HEADER_SUFFIXES):
                    os.makedirs(os.path.join(dest_root, os.path.dirname(rel)), exist_ok=True)
                    shutil.copy2(os.path.join(dirpath, name), os.path.join(dest_root, rel))


def assemble(roots, dest, sources):
    """Builds the tree from the grpc archive, with the replaced libraries swapped in; returns
    its file count."""
    copy_filtered(roots["grpc"], KEPT_DIRS, dest, "", sources)
    for name, (place, folders) in REPLACED.items():
        shutil.rmtree(os.path.join(dest, place))
        copy_filtered(roots[name], folders, dest, place, sources)
    for name, files in LICENSES.items():
        place = REPLACED[name][0] if name in REPLACED else ""
        for f in files:
            os.makedirs(os.path.join(dest, place), exist_ok=True)
            shutil.copy2(os.path.join(roots[name], f), os.path.join(dest, place, f))
    missing = [f for f in sources if not os.path.isfile(os.path.join(dest, f))]
    if missing:
        sys.exit(f"vendor: listed for compiling but not in the inputs: {missing[:5]}")
    return sum(len(names) for _, _, names in os.walk(dest))


def apply_patches(dest):
    patches = sorted(p for p in os.listdir(PATCHES) if p.endswith(".patch"))
    for p in patches:
        subprocess.run(["patch", "-p1", "--quiet", "--forward", "--no-backup-if-mismatch",
                        "-d", dest, "-i", os.path.join(PATCHES, p)], check=True)
    return patches


def define(path, name):
    m = re.search(r"#define\s+%s\s+(\S+)" % name, read(path))
    return m.group(1).strip('"') if m else "?"


def versions(tree, grpc_root):
    """Versions as the files themselves state them."""
    grpc = re.search(r"VERSION = '([^']+)'",
                     read(os.path.join(grpc_root, "src/python/grpcio/grpc_version.py"))).group(1)
    return {
        "gRPC": grpc,
        "Abseil LTS": define(os.path.join(tree, "third_party/abseil-cpp/absl/base/config.h"),
                             "ABSL_LTS_RELEASE_VERSION"),
        "c-ares": define(os.path.join(tree, "third_party/cares/cares/include/ares_version.h"),
                         "ARES_VERSION_STR"),
        "zlib": define(os.path.join(tree, "third_party/zlib/zlib.h"), "ZLIB_VERSION"),
        "xxHash": ".".join(define(os.path.join(tree, "third_party/xxhash/xxhash.h"),
                                  "XXH_VERSION_" + p) for p in ("MAJOR", "MINOR", "RELEASE")),
    }


def write_provenance(vers, count, nsources, patches):
    lines = ["<!-- vendor:begin (written by scripts/vendor.py) -->",
             "| input | from | sha256 |", "|---|---|---|"]
    for name, (registry, package, version, filename, digest, inner) in INPUTS.items():
        where = f"`{filename}` ({registry})" + (f", folder `{inner}`" if inner else "")
        lines.append(f"| {name} | {where} | `{digest}` |")
    lines += ["",
              f"{count} files kept, {nsources} of them compiled (`sources.txt`); "
              f"{len(patches)} patch(es) applied. Versions as the files state them: "
              + ", ".join(f"{k} {v}" for k, v in vers.items()) + ".",
              "<!-- vendor:end -->"]
    text = read(PROVENANCE)
    begin = text.index("<!-- vendor:begin")
    end = text.index("<!-- vendor:end -->") + len("<!-- vendor:end -->")
    with open(PROVENANCE, "w", encoding="utf-8") as f:
        f.write(text[:begin] + "\n".join(lines) + text[end:])


def same_tree(a, b):
    stack = [filecmp.dircmp(a, b)]
    while stack:
        c = stack.pop()
        if c.left_only or c.right_only or c.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        if mismatch or errors:
            return False
        stack.extend(c.subdirs.values())
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, (registry, package, version, filename, _, _) in INPUTS.items():
        parser.add_argument(f"--{name}", metavar="FILE",
                            help=f"{filename} ({package} {version} from {registry}); "
                                 "downloaded when not given")
    parser.add_argument("--check", action="store_true",
                        help="compare with grpcio-sys/grpc/ instead of writing it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        roots = {name: unpack(name, getattr(args, name) or download(name), tmp) for name in INPUTS}
        sources = core_sources(roots["grpc"])
        dest = os.path.join(tmp, "vendored")
        count = assemble(roots, dest, set(sources))
        patches = apply_patches(dest)
        vers = versions(dest, roots["grpc"])
        listing = (
            f"# gRPC {vers['gRPC']}: the files its core build compiles (scripts/vendor.py):\n"
            "# CORE_SOURCE_FILES of grpc_core_dependencies.py without BoringSSL, with\n"
            "# absl/log/initialize.cc and the plugin registry without xDS.\n"
            + "".join(f + "\n" for f in sources))
        if args.check:
            ok = same_tree(dest, TREE) and read(SOURCES) == listing
            print(f"vendor: grpcio-sys/grpc/ {'matches' if ok else 'DIFFERS FROM'} the pinned "
                  f"inputs with {len(patches)} patch(es)")
            sys.exit(0 if ok else 1)
        if os.path.exists(TREE):
            shutil.rmtree(TREE)
        shutil.copytree(dest, TREE)
        with open(SOURCES, "w") as f:
            f.write(listing)
        write_provenance(vers, count, len(sources), patches)
        print(f"vendor: {count} files into grpcio-sys/grpc/, {len(sources)} to compile, "
              f"{len(patches)} patch(es) applied; " + ", ".join(f"{k} {v}" for k, v in vers.items()))


if __name__ == "__main__":
    main()
