#!/usr/bin/env python3
"""Counts edge crossings and the drawing size of an interaction-graph SVG, the same way for
basin's drawing (`basin plot graph -o g.svg`) and Graphviz's (`dot -Tsvg`), so the two layouts
are compared like with like.

Usage: graph_crossings.py FILE.svg...

Edges are read from their path data (cubic Béziers), each cubic sampled at 16 points; two edges
that share an end node are not compared (they meet at the node, which is not a crossing), self
loops are left out. A crossing is a proper intersection of two sampled polylines. Sizes are in
CSS pixels (Graphviz writes points: 1 pt = 4/3 px).
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def cubic_points(d):
    """Polyline of an SVG path made of M and C commands."""
    tokens = re.findall(r"[MCmc]|-?[0-9]*\.?[0-9]+(?:e-?[0-9]+)?", d)
    pts, cmd, nums, cur = [], None, [], None
    out = []

    def flush():
        nonlocal cur
        if cmd == "M" and len(nums) >= 2:
            cur = (nums[0], nums[1])
            out.append(cur)
        elif cmd == "C":
            for k in range(0, len(nums) - 5, 6):
                p1, p2, p3 = (nums[k], nums[k + 1]), (nums[k + 2], nums[k + 3]), (nums[k + 4], nums[k + 5])
                p0 = cur
                for i in range(1, 17):
                    t = i / 16
                    a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
                    out.append((a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0],
                                a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1]))
                cur = p3

    for tok in tokens:
        if tok in "MCmc":
            flush()
            cmd, nums = tok.upper(), []
        else:
            nums.append(float(tok))
    flush()
    return out


def edges(root):
    """(source, target, polyline) per edge, for basin's and for Graphviz's SVG."""
    found = []
    for el in root.iter():
        cls = (el.get("class") or "").split()
        if el.tag == SVG + "path" and "edge" in cls and el.get("data-source") is not None:
            found.append((el.get("data-source"), el.get("data-target"), cubic_points(el.get("d"))))
        elif el.tag == SVG + "g" and cls == ["edge"]:
            title = el.find(SVG + "title").text
            src, dst = title.split("->")
            path = next(el.iter(SVG + "path"))
            found.append((src.strip(), dst.strip(), cubic_points(path.get("d"))))
    return found


def cross(p, q, r, s):
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 1e-9) - (v < -1e-9)

    return orient(p, q, r) * orient(p, q, s) < 0 and orient(r, s, p) * orient(r, s, q) < 0


def crossings(found):
    cell = 20.0
    grid = {}
    segs = []
    for k, (a, b, pts) in enumerate(found):
        if a == b:
            continue
        for i in range(len(pts) - 1):
            p, q = pts[i], pts[i + 1]
            sid = len(segs)
            segs.append((k, p, q))
            for gx in range(int(min(p[0], q[0]) // cell), int(max(p[0], q[0]) // cell) + 1):
                for gy in range(int(min(p[1], q[1]) // cell), int(max(p[1], q[1]) // cell) + 1):
                    grid.setdefault((gx, gy), []).append(sid)
    seen = set()
    count = 0
    for ids in grid.values():
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                s, t = ids[i], ids[j]
                ks, kt = segs[s][0], segs[t][0]
                if ks == kt:
                    continue
                ea, eb = found[ks], found[kt]
                if {ea[0], ea[1]} & {eb[0], eb[1]}:
                    continue
                key = (min(s, t), max(s, t))
                if key in seen:
                    continue
                seen.add(key)
                if cross(segs[s][1], segs[s][2], segs[t][1], segs[t][2]):
                    count += 1
    return count


def size(root):
    def px(v):
        return float(v[:-2]) * 4 / 3 if v.endswith("pt") else float(v)

    return px(root.get("width")), px(root.get("height"))


for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    found = edges(root)
    w, h = size(root)
    print(f"{path}\tedges {len(found)}\tcrossings {crossings(found)}\tsize {w:.0f} x {h:.0f} px\tarea {w * h / 1e6:.2f} Mpx")
