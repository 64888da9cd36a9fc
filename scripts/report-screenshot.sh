#!/usr/bin/env bash
# Renders the example's HTML report in headless Chromium (Debian's `chromium` package) and
# writes docs/report.png; fails when Chromium does not render the page (no picture, or a page
# without the report's charts).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
OKR_TODAY=2026-11-23 target/release/okr --file examples/marketing.json report -o "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1400 \
  --screenshot="$work/report.png" "$work/report.html" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --dump-dom "$work/report.html" 2>/dev/null >"$work/dom.html"
charts=$(grep -o '<svg' "$work/dom.html" | wc -l)
[ -s "$work/report.png" ] && [ "$charts" -gt 0 ] || { echo "chromium did not render the report" >&2; exit 1; }
cp "$work/report.png" docs/report.png
echo "docs/report.png: $(wc -c <docs/report.png) bytes, $charts charts rendered"
