#!/usr/bin/env bash
# CI: the showcase's report in a real browser. Headless Chromium loads the page from a local
# file; the rendered DOM must hold the interaction graph's SVG with one node element per
# variable (and one edge element per regulation), and the attractor overlays of the condition
# sections likewise. A screenshot is kept as a CI artifact.
#
#   scripts/check-report-in-browser.sh [BASIN]     (BASIN defaults to target/debug/basin)
#
# Writes target/report-ci/{report.html, dom.html, screenshot.png, ...}. Needs chromium and
# python3 (Debian: apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
basin=${1:-target/debug/basin}
out=target/report-ci
rm -rf "$out"
"$basin" report networks/mronj_macrophage.bnet --phenotypes networks/mronj_macrophage.toml \
    --out "$out"
"$basin" check networks/mronj_macrophage.bnet --format json >"$out/check.json"
page="file://$PWD/$out/report.html"
run_chromium() {
    # A throwaway profile; no network, no updates, no first-run pages.
    local profile
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
        "$@" 2> >(grep -v -e dbus -e 'Fontconfig' >&2 || true)
    rm -rf "$profile"
}
run_chromium --dump-dom "$page" >"$out/dom.html"
run_chromium --window-size=1400,3000 --screenshot="$PWD/$out/screenshot.png" "$page"
python3 - "$out/dom.html" "$out/check.json" <<'PY'
import json
import sys
from html.parser import HTMLParser

dom_path, check_path = sys.argv[1], sys.argv[2]
check = json.load(open(check_path))
variables = check["variables"]
regulations = check["regulations"]["total"]


class Graph(HTMLParser):
    """Node and edge elements of each figure's SVG, with the figure's class: the interaction
    graph is `<figure class="interaction-graph">`, the attractor overlays of the condition
    sections `<figure class="overlay">`."""

    def __init__(self):
        super().__init__()
        self.figure = None
        self.svg = 0
        self.graphs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "figure":
            self.figure = a.get("class") or ""
        if tag == "svg":
            if self.svg == 0:
                self.graphs.append({"figure": self.figure, "nodes": [], "edges": 0})
            self.svg += 1
        classes = (a.get("class") or "").split()
        if self.svg and classes[:1] == ["node"]:
            self.graphs[-1]["nodes"].append(a.get("data-var"))
        if self.svg and classes[:1] == ["edge"]:
            self.graphs[-1]["edges"] += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg -= 1
        if tag == "figure":
            self.figure = None


p = Graph()
p.feed(open(dom_path, encoding="utf-8").read())
main = [g for g in p.graphs if g["figure"] == "interaction-graph"]
if len(main) != 1:
    sys.exit(f"error: {len(main)} interaction graph figures in the rendered DOM (want 1)")
nodes = main[0]["nodes"]
if sorted(nodes) != sorted(variables):
    sys.exit(f"error: the graph has {len(nodes)} node elements, the model {len(variables)} variables")
if main[0]["edges"] != regulations:
    sys.exit(f"error: the graph has {main[0]['edges']} edges, basin check counts {regulations}")
overlays = [g for g in p.graphs if g["figure"] == "overlay"]
if not overlays:
    sys.exit("error: no attractor overlay in the rendered DOM")
for k, g in enumerate(overlays):
    if sorted(g["nodes"]) != sorted(variables) or g["edges"] != regulations:
        sys.exit(f"error: overlay {k + 1} has {len(g['nodes'])} nodes and {g['edges']} edges")
print(f"report in Chromium: interaction graph with {len(nodes)} nodes (one per variable) and {main[0]['edges']} edges; {len(overlays)} attractor overlays alike")
PY
test -s "$out/screenshot.png"
echo "screenshot: $out/screenshot.png"
