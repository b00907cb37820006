#!/usr/bin/env bash
# Renders a basin HTML report (or any SVG figure) to a PNG with headless Chromium, for looking
# at it without a desktop browser.
#
#   scripts/render-report.sh REPORT.html [OUT.png] [WIDTH,HEIGHT]
#
# OUT.png defaults to REPORT.png next to the input; the window defaults to 1400,2000 (only that
# much of the page is captured: give a taller window for a long report).
# Needs Chromium: `apt-get install -y chromium` (Debian/Ubuntu); chromium-browser and
# google-chrome are used when found instead.
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
input=$1
if [[ ! -f "$input" ]]; then
    echo "error: no such file: $input" >&2
    exit 2
fi
out=${2:-${input%.*}.png}
size=${3:-1400,2000}

browser=""
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser=$candidate
        break
    fi
done
if [[ -z "$browser" ]]; then
    echo "error: chromium is not installed (apt-get install -y chromium)" >&2
    exit 2
fi

abs_input=$(cd "$(dirname "$input")" && pwd)/$(basename "$input")
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
# A throwaway profile so the run neither reads nor leaves a user profile.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$profile" --window-size="$size" \
    --screenshot="$abs_out" "file://$abs_input" >/dev/null 2>&1
if [[ ! -s "$abs_out" ]]; then
    echo "error: $browser wrote no screenshot" >&2
    exit 1
fi
echo "wrote $out"
