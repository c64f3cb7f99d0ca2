#!/usr/bin/env bash
# Refresh vendored front-end libraries in static/vendor/ from the npm registry, and the one
# the browser tests inject (axe-core, in tests/browser/vendor/: never served by the portal).
# Versions are pinned below; bump them here, re-run, and review the diff.
# Usage: scripts/vendor_static.sh   (needs npm + tar; no other network access)
set -euo pipefail

BOOTSTRAP=5.3.9
BOOTSTRAP_ICONS=1.13.2
HTMX=2.0.11
CHARTJS=4.6.1
AXE_CORE=4.14.1
TOM_SELECT=2.6.2

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/static/vendor"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch <pkg@version> <dir>: npm pack into $TMP and unpack to $TMP/<dir>/package
fetch() {
  mkdir -p "$TMP/$2"
  local tgz
  tgz="$(cd "$TMP" && npm pack --silent "$1" | tail -n1)"
  tar -xzf "$TMP/$tgz" -C "$TMP/$2"
}

fetch "bootstrap@$BOOTSTRAP" bs
fetch "bootstrap-icons@$BOOTSTRAP_ICONS" bi
fetch "htmx.org@$HTMX" htmx
fetch "chart.js@$CHARTJS" chart
fetch "axe-core@$AXE_CORE" axe
fetch "tom-select@$TOM_SELECT" ts

rm -rf "$DEST"
mkdir -p "$DEST"/bootstrap/{css,js} "$DEST"/bootstrap-icons/fonts "$DEST"/htmx "$DEST"/chartjs "$DEST"/tom-select

# Bootstrap: CSS and JS bundle (includes Popper), with the source maps their comments reference.
P="$TMP/bs/package"
cp "$P"/dist/css/bootstrap.min.css{,.map} "$DEST/bootstrap/css/"
cp "$P"/dist/js/bootstrap.bundle.min.js{,.map} "$DEST/bootstrap/js/"
cp "$P/LICENSE" "$DEST/bootstrap/LICENSE"

# Bootstrap Icons: the CSS references ./fonts/bootstrap-icons.woff2?<hash>, keep that layout.
P="$TMP/bi/package"
cp "$P/font/bootstrap-icons.min.css" "$DEST/bootstrap-icons/"
cp "$P"/font/fonts/*.woff2 "$P"/font/fonts/*.woff "$DEST/bootstrap-icons/fonts/"
cp "$P/LICENSE" "$DEST/bootstrap-icons/LICENSE"

# htmx
P="$TMP/htmx/package"
cp "$P/dist/htmx.min.js" "$DEST/htmx/"
cp "$P/LICENSE" "$DEST/htmx/LICENSE"

# Chart.js: prefer the minified UMD build, fall back to chart.umd.js (minified too in 4.x).
# The map keeps its original name so the sourceMappingURL comment resolves (needed by
# ManifestStaticFilesStorage, which rewrites/validates those references at collectstatic).
P="$TMP/chart/package"
SRC="$P/dist/chart.umd.min.js"
[[ -f "$SRC" ]] || SRC="$P/dist/chart.umd.js"
cp "$SRC" "$DEST/chartjs/chart.umd.min.js"
if [[ -f "$SRC.map" ]]; then cp "$SRC.map" "$DEST/chartjs/"; fi
cp "$P/LICENSE.md" "$DEST/chartjs/LICENSE"

# Tom Select: the searchable pickers (occupation, skills) of the post form; the complete
# build carries the remove_button plugin the skill tags use.
P="$TMP/ts/package"
cp "$P"/dist/js/tom-select.complete.min.js{,.map} "$DEST/tom-select/"
cp "$P"/dist/css/tom-select.bootstrap5.min.css{,.map} "$DEST/tom-select/"
cp "$P/LICENSE" "$DEST/tom-select/LICENSE"

# axe-core: the accessibility rules the browser tests run over each role's main page.
AXE_DEST="$ROOT/tests/browser/vendor/axe-core"
rm -rf "$AXE_DEST"
mkdir -p "$AXE_DEST"
cp "$TMP/axe/package/axe.min.js" "$TMP/axe/package/LICENSE" "$AXE_DEST/"
echo "axe-core@$AXE_CORE (npm registry, scripts/vendor_static.sh)" > "$AXE_DEST/VERSION.txt"

cat > "$DEST/VERSIONS.txt" <<EOF
# Vendored from the npm registry by scripts/vendor_static.sh - do not edit by hand.
bootstrap@$BOOTSTRAP
bootstrap-icons@$BOOTSTRAP_ICONS
htmx.org@$HTMX
chart.js@$CHARTJS
tom-select@$TOM_SELECT
EOF

echo "Vendored into $DEST:"
sed -n '2,$p' "$DEST/VERSIONS.txt"
