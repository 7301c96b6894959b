#!/usr/bin/env bash
# Builds the browser app into $DIST_DIR (default ./dist), the directory the server serves:
#   cargo (size profile, relocations kept) -> wasm-split (one chunk per lazy route) ->
#   wasm-bindgen -> wasm-opt -Oz (to convergence) on every module -> one content-hashed directory of modules ->
#   index.html, sw.js with its precache list -> brotli and gzip siblings of every text and wasm.
# The new build is assembled aside and swapped in at the end, so a running server never serves
# half of one build.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
dist=${DIST_DIR:-$root/dist}
wasm_opt=${WASM_OPT:-$root/scripts/node_modules/.bin/wasm-opt}
wasm_split=${WASM_SPLIT:-wasm-split-cli}
profile=wasm-release

cd "$root"
# The splitter needs the linker's relocations to cut the module at the lazy routes. Panic
# locations are file paths kept in the module: shortening the registry's prefix saves bytes on
# every phone (and keeps the build machine's layout out of it). This checkout's own files are
# already named relative to it, and leaving its path out of the flags lets every clone reuse
# one build of the dependencies.
rustflags="-Clink-args=--emit-relocs"
for index in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*; do
  rustflags+=" --remap-path-prefix=$index=r"
done
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$rustflags" \
  cargo build --locked -p kopdes-app --target wasm32-unknown-unknown --profile "$profile"

# Nothing to do when the compiled module, styles, public files and this script are unchanged:
# a second `make run` starts in seconds.
wasm_in="$target_dir/wasm32-unknown-unknown/$profile/kopdes-app.wasm"
inputs=$( { cat "$wasm_in" style/*.css "$0"; find public -type f -print0 | sort -z | xargs -0 cat; } | sha256sum | cut -c1-16)
stamp="${dist%/}.inputs"
if [ -d "$dist" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ]; then
  echo "$dist is up to date"
  exit 0
fi

stage=$(mktemp -d)
out=$(mktemp -d "${dist%/}.new.XXXXXX")
trap 'rm -rf "$stage" "$out"' EXIT
mkdir -p "$out/assets"

# Split before wasm-bindgen, which drops the relocations. The main module keeps what the first
# screen needs; each lazy route becomes a chunk fetched the first time it is opened.
modules="$stage/modules"
mkdir -p "$modules"
"$wasm_split" "$wasm_in" "$modules" --target web --out-name k
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-name k --out-dir "$modules" \
  "$modules/k.wasm"
rm "$modules/k.wasm"

# The features Rust emits by default for wasm32; wasm-opt must accept all of them.
for module in "$modules"/*.wasm; do
  "$wasm_opt" -Oz --converge \
    --enable-bulk-memory --enable-sign-ext --enable-reference-types --enable-multivalue \
    --enable-nontrapping-float-to-int --enable-mutable-globals \
    "$module" -o "$module"
done

hash_of() { sha256sum "$1" | cut -c1-16; }

# The glue starts the app itself, so index.html needs no inline script (the CSP forbids one).
printf '\n__wbg_init({ module_or_path: new URL("k_bg.wasm", import.meta.url) });\n' >> "$modules/k.js"
# The modules import each other by relative name, so they share one directory named after all
# of their contents: any change gives a new name, and the old one may be cached forever.
bundle="app-$(cat "$modules"/* | sha256sum | cut -c1-16)"
cp -R "$modules" "$out/assets/$bundle"
js_name="$bundle/k.js"
wasm_name="$bundle/k_bg.wasm"
preloads=""
[ -f "$modules/__wasm_split.js" ] &&
  preloads="<link rel=\"modulepreload\" href=\"/assets/$bundle/__wasm_split.js\">"

# Comments and layout whitespace cost bytes on every first visit; perl is in every Debian base.
cat style/*.css | perl -0777 -pe 's{/\*.*?\*/}{}gs; s/\s+/ /g; s/\s*([{};,>])\s*/$1/g; s/:\s+/:/g; s/;}/}/g; s/^ //' \
  > "$stage/app.css"
css_name="app-$(hash_of "$stage/app.css").css"
cp "$stage/app.css" "$out/assets/$css_name"

# Everything in public/ is copied as it is; the two templates are filled in below.
cp -R public/. "$out/"
rm "$out/index.html" "$out/sw.js"

build_id=$(find "$out/assets" -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-12)
sed -e "s|{{JS}}|$js_name|g" -e "s|{{WASM}}|$wasm_name|g" -e "s|{{CSS}}|$css_name|g" \
    -e "s|{{BUILD}}|$build_id|g" -e "s|{{PRELOADS}}|$preloads|g" public/index.html > "$out/index.html"

# The precache list is the real file list of this build: the shell and every file it loads.
# The licence list is read on request from Tentang, never worth a phone's install bytes.
precache=$(cd "$out" && find . -type f ! -name '*.br' ! -name '*.gz' ! -name 'third-party-licences.txt' | sed 's|^\.||' | sort \
  | awk 'BEGIN{printf "["} {printf "%s\"%s\"", (NR>1?",":""), $0} END{printf "]"}')
printf '%s\n' "$precache" > "$out/precache-manifest.json"
# The worker's bytes change whenever any file does, which is how browsers notice a new version.
worker_version=$(cd "$out" && find . -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-12)
sed -e "s|\"{{PRECACHE}}\"|$precache|" -e "s|{{VERSION}}|$worker_version|g" public/sw.js > "$out/sw.js"

find "$out" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
  -o -name '*.svg' -o -name '*.json' -o -name '*.webmanifest' \) -print0 |
  while IFS= read -r -d '' file; do
    brotli --quality=11 --keep --force "$file"
    gzip -9 --keep --force --no-name "$file"
  done

rm -rf "${dist%/}.old"
[ -d "$dist" ] && mv "$dist" "${dist%/}.old"
mv "$out" "$dist"
rm -rf "${dist%/}.old"
echo "$inputs" > "$stamp"
echo "built $dist (build $build_id): $js_name $wasm_name $css_name"
