#!/usr/bin/env bash
# Build the page: matome's core in WebAssembly (web/src), its JavaScript
# glue (wasm-bindgen) and the page (web/page) into one self-contained
# web/dist/matome.html (script and wasm inside: it opens by double-click),
# and the same as a folder for a web server (web/dist/site/).
#
# On a fresh Debian machine of the project's kind it installs what it needs:
# Debian's rustc-web and cargo-web (the standard library's source, built
# for wasm32 with -Zbuild-std), lld-22 (wasm-ld) and wasm-bindgen-cli at
# the version of the wasm-bindgen crate in web/Cargo.lock; the chart
# library comes from the npm registry (package-lock.json).
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
[ -x /usr/bin/rustc ] && /usr/bin/rustc --version | grep -q '^rustc 1\.9[6-9]' || need_packages+=(rustc-web cargo-web)
[ -d /usr/lib/rustlib/src/rust/library ] || need_packages+=(rust-web-src)
command -v wasm-ld-22 >/dev/null || need_packages+=(lld-22)
if [ ${#need_packages[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen_version\$"; then
    # Not --locked: its lock names a webpki-roots the registry no longer has.
    cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# Debian's cargo and rustc by full path: rustup's shims come first on PATH.
export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22
# SIMD (every current Edge and Chrome has it) speeds up inflating and searching.
RUSTFLAGS="-C target-feature=+simd128" \
    /usr/bin/cargo build --locked --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort

# The page's chart library, at the version package-lock.json names.
npm ci --no-audit --no-fund --loglevel=error

rm -rf dist/pkg && mkdir -p dist/pkg
wasm-bindgen --target no-modules --no-typescript --out-dir dist/pkg \
    target/wasm32-unknown-unknown/release/matome_web.wasm
python3 page/assemble.py dist/pkg page dist
echo "built web/dist/matome.html ($(du -h dist/matome.html | cut -f1)) and web/dist/site/"
