#!/usr/bin/env python3
"""Vendors the gRPC C core into grpcio-sys/grpc/ from published source archives.

    python3 grpcio-sys/scripts/vendor.py [--grpc FILE] [--cares FILE] [--zlib FILE] [--check]

The inputs, pinned by version and sha256 in INPUTS below, are downloaded from PyPI and
crates.io unless given as files:
- grpc: the source distribution of the Python package grpcio, which holds the whole C core
  and its third-party libraries. Kept: the public headers, src/core and the libraries the
  build needs (BoringSSL with its assembly for ELF included: TLS comes from it, as in
  upstream's own builds), without tests, tools or other platforms' sources.
- cares: a newer c-ares release than the one gRPC bundles, taken from the source distribution
  of pycares, which bundles c-ares as it is released; it replaces third_party/cares/cares.
- zlib: a newer zlib release, taken from the libz-sys crate, which bundles zlib as it is
  released; it replaces third_party/zlib.
Then grpcio-sys/patches/*.patch are applied in order, the features the service never runs are
left out (LEFT_OUT and INCLUDED_ONLY below: their sources leave the compile and the tree),
grpcio-sys/sources.txt gets the list of files to compile, and PROVENANCE.md the table of what
came from where and what was left out.

With --check nothing is written: the script exits 1 if vendoring again would change the tree
(an edit that is not a listed patch, a patch that no longer applies, a stale sources.txt) or
PROVENANCE.md (a stale generated block, a patch missing from its table of local changes).

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
    # BoringSSL: its public headers and the folders its compiled sources and their headers
    # are in (its tests' sources, tools, fuzzers, libpki and Rust bindings stay out).
    "third_party/boringssl-with-bazel/include",
    "third_party/boringssl-with-bazel/crypto",
    "third_party/boringssl-with-bazel/gen",
    "third_party/boringssl-with-bazel/ssl",
    "third_party/boringssl-with-bazel/third_party/fiat",
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

# Features of the core the service never uses, left out of the compile. Each is named by a
# pattern over the target names of the sdist's src/core/BUILD: a target matching it is left
# out with its sources, and so is any source under src/core whose path (a folder, or the
# file's own name) matches it, which also covers the sources of the top-level BUILD (not in
# the sdist). The generated upb code and RE2 are then compiled only where a kept source
# includes them. A kept source that still needs a source left out fails the link guard
# (tests/link_complete.rs), not a user's binary.
LEFT_OUT = {
    "xDS": (r"xds|envoy|udpa|c2p|(^|_)cds$|stateful_session|ext_proc|composite_filter",
            "no xds: target, xDS server or xDS credentials; the plugin registry without xDS "
            "(below) registers none of it"),
    "RLS": (r"(^|_)rls($|_)",
            "the route lookup policy, only chosen by a service config naming it; GRPC_NO_RLS "
            "keeps the plugin registry from registering it"),
    "RBAC and authorization policy": (
        r"rbac|audit_logging|(^|_)matchers$",
        "the RBAC engine behind authorization policies, its audit loggers and the xDS RBAC "
        "filter; the server's authorization filter stays (the core's init and fused filters "
        "name it) and idles, as no policy provider can be made"),
    "ALTS": (r"(^|_)alts($|_)",
             "Google Cloud's Application Layer Transport Security: the product offers TLS and "
             "mTLS only"),
    "Promise-based HTTP/2 transport": (
        r"^(http2_(client_|server_)?transport|ping_promise|goaway|keepalive|ph2_\w+|write_cycle)$",
        "the chttp2 rewrite (PH2) behind the ph2 experiments, off by default: the core's "
        "GRPC_EXPERIMENTAL_TEMPORARILY_DISABLE_PH2 and patch 0004 give every connection the "
        "chttp2 transport, as it has with the experiments off"),
    "Google default credentials": (
        r"google_default|gcp",
        "Google Cloud's default credentials chain and metadata-server identity; "
        "grpc_google_default_credentials_create is replaced by compat.cc's clean failure"),
}
# Compiled only where a kept source includes them (directly or through other headers): each
# generated file when its own header is included, RE2 as a whole when any of its headers is.
INCLUDED_ONLY = {"src/core/ext/upb-gen/": "file", "src/core/ext/upbdefs-gen/": "file",
                 "third_party/re2/": "library"}
# The include path of the compile, read from the one place that sets it.
COMPILE_RS = os.path.join(CRATE, "build", "compile.rs")

# BoringSSL's assembly, from ASM_SOURCE_FILES["crypto_asm"] of grpc_core_dependencies.py.
# setup.py compiles all of them wherever there is a GNU assembler, as each file is
# conditioned on its CPU and object format by the preprocessor; kept are the ones for ELF
# (named for Linux, or for no platform). Apple's and Windows' are left out.
ASM_KEY = "crypto_asm"
ASM_OTHER_PLATFORMS = ("-apple.S", "-win.S")

# setup.py compiles this beside CORE_SOURCE_FILES (the grpcio extension calls it).
EXTRA_SOURCES = ["third_party/abseil-cpp/absl/log/initialize.cc"]
# The core registers its plugins through one of two files; the "noextra" one leaves out xDS,
# which nothing here uses (and LEFT_OUT leaves out of the compile).
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
    files = list(namespace["CORE_SOURCE_FILES"])
    files += EXTRA_SOURCES
    files += [f for f in namespace["ASM_SOURCE_FILES"][ASM_KEY]
              if not f.endswith(ASM_OTHER_PLATFORMS)]
    old, new = REGISTRY_SWAP
    if old not in files:
        sys.exit(f"vendor: {old} is not in CORE_SOURCE_FILES any more: review REGISTRY_SWAP")
    files[files.index(old)] = new
    return files


def build_targets(root):
    """The targets of the sdist's src/core/BUILD: {name: their sources}, read by running the
    file with stand-ins for Bazel's functions."""
    targets = {}

    class Rule:
        def __init__(self, kind):
            self.kind = kind

        def __getattr__(self, attr):  # selects.config_setting_group and the like
            return Rule(f"{self.kind}.{attr}")

        def __call__(self, *args, **kwargs):
            if "name" in kwargs:
                targets[kwargs["name"]] = ["src/core/" + s for s in kwargs.get("srcs", [])]
            return []

    class Names(dict):
        def __missing__(self, key):
            return Rule(key)

    def select(branches):
        return [x for v in branches.values() if isinstance(v, list) for x in v]

    names = Names(select=select, glob=lambda *a, **k: [])
    code = compile(read(os.path.join(root, "src/core/BUILD")), "src/core/BUILD", "exec")
    exec(code, {"__builtins__": __builtins__}, names)  # the pinned sdist's own file
    if len(targets) < 100:
        sys.exit(f"vendor: src/core/BUILD gave {len(targets)} targets: review build_targets()")
    return targets


def include_path(tree):
    """compile.rs's INCLUDES, the folders #include "..." is looked up in, and the folders of
    the libraries INCLUDED_ONLY may keep (compile.rs lists them only while they are kept)."""
    block = re.search(r"const INCLUDES: &\[&str\] = &\[(.*?)\];", read(COMPILE_RS), re.S)
    dirs = re.findall(r'"([^"]+)"', block.group(1))
    dirs += [p.rstrip("/") for p, unit in INCLUDED_ONLY.items() if unit == "library"]
    return [os.path.join(tree, d) for d in dirs]


def included(tree, roots):
    """Every file of `tree` that the files `roots` include, directly or not (relative paths);
    preprocessor conditions are not evaluated, so a file under #if counts as included."""
    dirs = include_path(tree)
    seen, todo = set(), list(roots)
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        path = os.path.join(tree, rel)
        for name in re.findall(r'^\s*#\s*include\s*"([^"]+)"', read(path), re.M):
            for d in [os.path.dirname(path)] + dirs:
                cand = os.path.normpath(os.path.join(d, name))
                if os.path.isfile(cand):
                    todo.append(os.path.relpath(cand, tree))
                    break
    return seen


def left_out(sdist, tree, sources):
    """{source: why} for the sources LEFT_OUT and INCLUDED_ONLY leave out, from the sdist's
    BUILD and the includes of the patched tree."""
    targets = build_targets(sdist)
    out = {}
    for feature, (pattern, _) in LEFT_OUT.items():
        rule = re.compile(pattern)
        for name, srcs in targets.items():
            if rule.search(name):
                for src in srcs:
                    out.setdefault(src, feature)
        for src in sources:
            parts = os.path.splitext(src)[0].split("/")
            if src.startswith("src/core/") and not src.startswith(tuple(INCLUDED_ONLY)) and \
                    any(rule.search(part) for part in parts[2:]):
                out.setdefault(src, feature)
    prefixes = tuple(INCLUDED_ONLY)
    kept = [s for s in sources if s not in out and not s.startswith(prefixes)]
    # The generated reflection code (upbdefs) names the files it depends on by their init
    # symbols, not by headers.
    upbdefs = {}
    for src in sources:
        if src.endswith(".upbdefs.c"):
            for sym in re.findall(r"^_upb_DefPool_Init (\w+) = ", read(os.path.join(tree, src)), re.M):
                upbdefs[sym] = src
    # Generated sources include the headers of the files they depend on: grown to a fixpoint.
    while True:
        reached = included(tree, kept)
        for src in kept:
            if src.endswith(".upbdefs.c"):
                reached |= {upbdefs[sym] for sym in re.findall(
                    r"^extern _upb_DefPool_Init (\w+);", read(os.path.join(tree, src)), re.M)
                    if sym in upbdefs}
        more = []
        for src in sources:
            prefix = next((p for p in prefixes if src.startswith(p)), None)
            if prefix is None or src in out or src in kept:
                continue
            if INCLUDED_ONLY[prefix] == "file":
                used = src in reached or re.sub(r"\.(c|cc)$", ".h", src) in reached
            else:
                used = any(r.startswith(prefix) for r in reached)
            if used:
                more.append(src)
        if not more:
            break
        kept += more
    for src in sources:
        if src.startswith(prefixes) and src not in out and src not in kept:
            out[src] = "included by no kept source"
    return {src: why for src, why in out.items() if src in sources}


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


def remove_left_out(dest, out):
    """Deletes the sources left out from the tree, and the folder of a library left out
    whole; returns the tree's file count."""
    for src in out:
        os.remove(os.path.join(dest, src))
    for prefix, unit in INCLUDED_ONLY.items():
        folder = os.path.join(dest, prefix)
        if unit == "library" and os.path.isdir(folder):
            compiled = [f for _, _, names in os.walk(folder) for f in names
                        if f.endswith((".c", ".cc"))]
            if not compiled:
                shutil.rmtree(folder)
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
        "BoringSSL API": define(os.path.join(
            tree, "third_party/boringssl-with-bazel/include/openssl/base.h"),
            "BORINGSSL_API_VERSION"),
    }


def provenance_block(vers, count, nsources, patches, out):
    """The generated block of PROVENANCE.md, from its vendor:begin to its vendor:end marker."""
    lines = ["<!-- vendor:begin (written by scripts/vendor.py) -->",
             "| input | from | sha256 |", "|---|---|---|"]
    for name, (registry, package, version, filename, digest, inner) in INPUTS.items():
        where = f"`{filename}` ({registry})" + (f", folder `{inner}`" if inner else "")
        lines.append(f"| {name} | {where} | `{digest}` |")
    lines += ["",
              f"{count} files kept, {nsources} of them compiled (`sources.txt`); "
              f"{len(patches)} patch(es) applied. Versions as the files state them: "
              + ", ".join(f"{k} {v}" for k, v in vers.items()) + ".",
              "",
              f"Left out of the compile and of the tree ({len(out)} sources, `LEFT_OUT` and "
              "`INCLUDED_ONLY` in `scripts/vendor.py`):",
              "",
              "| left out | sources | why |", "|---|---|---|"]
    for feature, (_, why) in LEFT_OUT.items():
        n = sum(1 for f in out.values() if f == feature)
        lines.append(f"| {feature} | {n} | {why} |")
    unused = sorted(s for s, f in out.items() if f not in LEFT_OUT)
    groups = {}
    for src in unused:
        prefix = next(p for p in INCLUDED_ONLY if src.startswith(p))
        groups[prefix] = groups.get(prefix, 0) + 1
    for prefix, n in groups.items():
        what = "RE2" if prefix == "third_party/re2/" else f"generated `{prefix}`"
        lines.append(f"| {what}, where no kept source includes it | {n} | only the features "
                     "above use it |")
    lines.append("<!-- vendor:end -->")
    return "\n".join(lines)


def provenance_span(text):
    """Where PROVENANCE.md's generated block starts and ends."""
    begin = text.index("<!-- vendor:begin")
    return begin, text.index("<!-- vendor:end -->") + len("<!-- vendor:end -->")


def write_provenance(block):
    text = read(PROVENANCE)
    begin, end = provenance_span(text)
    with open(PROVENANCE, "w", encoding="utf-8") as f:
        f.write(text[:begin] + block + text[end:])


def provenance_problems(block, patches):
    """What PROVENANCE.md gets wrong: a stale generated block, or a patch its table of local
    changes does not list."""
    text = read(PROVENANCE)
    begin, end = provenance_span(text)
    problems = [] if text[begin:end] == block else \
        ["its generated block is stale (run scripts/vendor.py)"]
    problems += [f"its local changes do not list {p}" for p in patches if f"| `{p}` |" not in text]
    return problems


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
        assemble(roots, dest, set(sources))
        patches = apply_patches(dest)
        out = left_out(roots["grpc"], dest, sources)
        count = remove_left_out(dest, out)
        sources = [s for s in sources if s not in out]
        vers = versions(dest, roots["grpc"])
        listing = (
            f"# gRPC {vers['gRPC']}: the files its core build compiles (scripts/vendor.py):\n"
            "# CORE_SOURCE_FILES of grpc_core_dependencies.py (BoringSSL included), with\n"
            "# absl/log/initialize.cc, BoringSSL's assembly for ELF and the plugin registry\n"
            "# without xDS, less the features left out (PROVENANCE.md).\n"
            + "".join(f + "\n" for f in sources))
        block = provenance_block(vers, count, len(sources), patches, out)
        if args.check:
            ok = same_tree(dest, TREE) and read(SOURCES) == listing
            print(f"vendor: grpcio-sys/grpc/ {'matches' if ok else 'DIFFERS FROM'} the pinned "
                  f"inputs with {len(patches)} patch(es)")
            problems = provenance_problems(block, patches)
            for problem in problems:
                print(f"vendor: PROVENANCE.md: {problem}")
            sys.exit(0 if ok and not problems else 1)
        if os.path.exists(TREE):
            shutil.rmtree(TREE)
        shutil.copytree(dest, TREE)
        with open(SOURCES, "w") as f:
            f.write(listing)
        write_provenance(block)
        print(f"vendor: {count} files into grpcio-sys/grpc/, {len(sources)} to compile, "
              f"{len(patches)} patch(es) applied; " + ", ".join(f"{k} {v}" for k, v in vers.items()))


if __name__ == "__main__":
    main()
