"""Sewing patterns in centimetres: panel outlines made of named segments, seams pairing segments.

Pure Python (no bpy) so the geometry can be reasoned about on its own. A panel's outline is a closed
list of segments, counter-clockwise in panel space (x right, y up, y = 0 at the hem). A seam joins two
segments; both are resampled with the same number of points so that sewing springs pair them 1:1.
"""
import json
import math
import os

# the size chart and the print areas live in app/library/garments/ (shared with the TypeScript side)
_DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "app", "library", "garments")
INCH = 2.54


def _load(name):
    with open(os.path.join(_DATA_DIR, name)) as f:
        return json.load(f)


CHART = _load("size-chart.json")
PRINT_AREAS = _load("print-areas.json")
SIZES = tuple(CHART["tee"]["sizes"])


# Drape allowance: what the cut adds back for what the cloth does on the form. Measured on S and M drapes
# (tests/blender/proportions.test.ts): the jersey tee settles 2.5-3 % shorter in the body (it gathers over the
# chest and shoulders) and its short sleeves grow 1.5-3.5 % under their own weight. The fleece hoodie with its
# three-panel hood and lower arms (docs/decisions/133) settled 4.6 % wide in the chest at M, so it is cut 4 %
# narrower there; length and sleeve measured within 1 % (M, L) and are cut to the chart.
DRAPE_ALLOWANCE = {"tee": {"length": 1.025, "sleeveCb": 0.985}, "hoodie": {"chest": 0.96}}
# per size, on top (docs/decisions/135): the hoodie S's hood (on the smaller form, under the same head) measured
# 4-5.5 % over and its chest 2-4 % under; the L's hood 4.6 % under and its sleeve 3.2 % over (two drapes each)
DRAPE_ALLOWANCE_BY_SIZE = {"hoodie": {"S": {"chest": 1.015, "hood": 0.98}, "L": {"hood": 1.05, "sleeveCb": 0.98}}}


def measures(garment, size, cut=False):
    """The chart's flat-lay measurements of one garment and size, in cm; cut=True adds the drape allowance."""
    m = {k: v * INCH for k, v in CHART[garment]["sizes"][size].items()}
    if cut:
        m.update({k: m[k] * f for k, f in DRAPE_ALLOWANCE[garment].items()})
        m.update({k: m[k] * f for k, f in DRAPE_ALLOWANCE_BY_SIZE.get(garment, {}).get(size, {}).items()})
    return m


class Segment:
    def __init__(self, name, points):
        self.name = name
        self.points = points  # polyline control points, first and last are the segment's ends

    def length(self):
        return sum(math.dist(a, b) for a, b in zip(self.points, self.points[1:]))

    def sample(self, n):
        """n + 1 points evenly spaced by arc length along the polyline (ends included)."""
        pts = self.points
        cum = [0.0]
        for a, b in zip(pts, pts[1:]):
            cum.append(cum[-1] + math.dist(a, b))
        total = cum[-1]
        out = []
        k = 0
        for i in range(n + 1):
            s = total * i / n
            while k < len(pts) - 2 and cum[k + 1] < s:
                k += 1
            seg = cum[k + 1] - cum[k] or 1.0
            t = min(max((s - cum[k]) / seg, 0.0), 1.0)
            a, b = pts[k], pts[k + 1]
            out.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
        return out


def curve(p0, p1, p2, steps=12):
    """Quadratic Bezier as a polyline (smooth necklines and armholes)."""
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append((u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0], u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]))
    return out


class Panel:
    def __init__(self, name, segments, print_area=None, mirror_uv=False, role="body"):
        self.name = name
        self.segments = segments  # closed, CCW
        self.print_area = print_area  # (area name, x0, y0, x1, y1) in panel cm, or None
        self.mirror_uv = mirror_uv  # back panels: flip u so a print reads correctly seen from behind
        self.role = role  # "front" | "back" | "sleeve_r" | "sleeve_l" | "hood_r" | "hood_l"

    def segment(self, name):
        return next(s for s in self.segments if s.name == name)


def _split(points, at_cm):
    """A polyline cut at arc length at_cm from its start: (head, tail), sharing the cut point."""
    s = 0.0
    for k, (a, b) in enumerate(zip(points, points[1:])):
        d = math.dist(a, b)
        if s + d >= at_cm:
            f = (at_cm - s) / (d or 1.0)
            p = (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
            return points[: k + 1] + [p], [p] + points[k + 1 :]
        s += d
    return points, [points[-1]]


def body_panel(name, role, m, ws, ls, neck_depth, mirror_uv, centre_neck_cm=0.0):
    """A body panel cut to the chart: half the chest width, the body length from the high point of the
    shoulder (the neck end of the shoulder seam) to the hem, half the shoulder width.

    Armhole depth (25 cm at M), shoulder drop (3 cm) and neck width (18 cm at M) are a standard block's,
    graded with the length and width ratios ls and ws. centre_neck_cm > 0 splits that much of the neckline at
    the centre off into its own segments (neck_rc, neck_lc): the hoodie's back, where the hood's centre strip
    runs down into the neck seam."""
    length = m["length"]
    hw, ua, sw, sy, nw = m["chest"] / 2, length - 25 * ls, m["shoulder"] / 2, length - 3 * ls, 9 * ws
    top = length
    nd = top - neck_depth
    r_arm = curve((hw, ua), (sw - 0.5, ua + 5 * ls), (sw, sy))
    l_arm = [(-x, y) for x, y in reversed(r_arm)]
    neck_r = curve((nw, top), (nw * 0.85, nd), (0, nd), 8)
    mirror = lambda pts: [(-x, y) for x, y in reversed(pts)]
    if centre_neck_cm > 0:
        outer, inner = _split(neck_r, Segment("x", neck_r).length() - centre_neck_cm / 2)
        necks = [Segment("neck_r", outer), Segment("neck_rc", inner), Segment("neck_lc", mirror(inner)), Segment("neck_l", mirror(outer))]
    else:
        necks = [Segment("neck_r", neck_r), Segment("neck_l", mirror(neck_r))]
    segs = [
        Segment("hem", [(-hw, 0), (hw, 0)]),
        Segment("side_r", [(hw, 0), (hw, ua)]),
        Segment("arm_r", r_arm),
        Segment("shoulder_r", [(sw, sy), (nw, top)]),
        *necks,
        Segment("shoulder_l", [(-nw, top), (-sw, sy)]),
        Segment("arm_l", l_arm),
        Segment("side_l", [(-hw, ua), (-hw, 0)]),
    ]
    return Panel(name, segs, None, mirror_uv, role)


def _cap_half(w2, crown, base, n=24):
    """Half a sleeve cap: from the underarm (0, base) up to the crown (w2, base + crown), a smooth bell."""
    return [(w2 * i / n, base + crown * (1 - math.cos(math.pi * i / n)) / 2) for i in range(n + 1)]


def sleeve_width(arm_len, crown):
    """Sleeve width whose half cap is exactly as long as the armhole (the two must be sewn 1:1)."""
    lo, hi = 1.0, arm_len * 2
    for _ in range(50):
        mid = (lo + hi) / 2
        if Segment("x", _cap_half(mid, crown, 0.0)).length() < arm_len:
            lo = mid
        else:
            hi = mid
    return 2 * lo


def sleeve_panel(name, role, arm_len, length, cuff_ratio, crown, print_area):
    """Sleeve: a bell-shaped cap (crown) sewn to back + front armholes; rolled into a tube around the arm.

    s runs across (0 .. w, underarm to underarm through the top at w / 2), t down the arm: cuff at t = 0,
    underarm at t = length, crown top at t = length + crown."""
    w = sleeve_width(arm_len, crown)
    c = w * (1 - cuff_ratio) / 2
    back = _cap_half(w / 2, crown, length)
    front = [(w - x, y) for x, y in reversed(back)]
    segs = [
        Segment("cap_back", back),
        Segment("cap_front", front),
        Segment("under_b", [(w, length), (w - c, 0)]),
        Segment("cuff", [(w - c, 0), (c, 0)]),
        Segment("under_a", [(c, 0), (0, length)]),
    ]
    return Panel(name, segs, print_area, False, role)


# the side panel's outline at M before it is graded to the chart's hood height (y: neck seam 0 -> crown)
_HOOD_FACE_TOP, _HOOD_CROWN, _HOOD_BACK = 33.0, 37.0, 21.0
# how far the back of the side panel bulges past the strip's seam line (cm): the cup round the back of the head.
# 4 cm suited a strip that tapered to a point at the nape; beside a strip that runs full width to the neck it
# left a fold of spare cloth down the back of the hood
_HOOD_BULGE = 1.5


def hood_panel(name, role, front_neck, back_neck, height=None):
    """Hood side panel of a three-panel hood. x = 0 where the centre strip meets the neck seam at the back,
    the neck edge along y = 0 (back part, then front part), the face opening at the front, the crown edge
    over the top and down the back, where the centre strip (hood_strip) is sewn in: the strip squares the
    top, so the hood rounds over the head instead of rising to a point.

    height: cm from the neck seam straight up to the crown edge's highest point; the outline is scaled in y to
    it (the chart's hood height less half the strip, which lies over the top when the hood is laid flat)."""
    fb, ff = back_neck, front_neck
    nl = fb + ff

    def outline(k):
        return [
            Segment("hood_nb", [(0, 0), (fb, 0)]),
            Segment("hood_nf", [(fb, 0), (nl, 0)]),
            Segment("face", curve((nl, 0), (nl + 3, 20 * k), (nl - 3, _HOOD_FACE_TOP * k))),
            Segment("crown", curve((nl - 3, _HOOD_FACE_TOP * k), (nl * 0.35, _HOOD_CROWN * k), (-_HOOD_BULGE, _HOOD_BACK * k)) + curve((-_HOOD_BULGE, _HOOD_BACK * k), (-_HOOD_BULGE * 0.75, 8 * k), (0, 0))[1:]),
        ]

    segs = outline(1.0)
    if height:
        segs = outline(height / crown_height(segs[3]))
    return Panel(name, segs, None, False, role)


def crown_height(crown):
    """The crown edge's highest point above the neck seam (cm): the top of the hood laid flat."""
    return max(y for _, y in crown.points)


HOOD_STRIP_CM = 8.0  # centre panel width (a pullover hood's is 8-12 cm), face opening to neck seam


def hood_strip(crown_len, width=HOOD_STRIP_CM):
    """Centre panel of the hood: a strip `width` wide from the neck seam at the back (y = 0, sewn to the
    back neck's centre: neck_rc / neck_lc) over the crown to the face opening (y = crown_len); its long edges
    are sewn to the side panels' crown edges. Constant width down to the neck, as a real three-panel hood's
    centre panel runs (the tapered strip of decision 133 pinched and crumpled at the nape)."""
    w2 = width / 2
    segs = [
        Segment("strip_nl", [(-w2, 0), (0, 0)]),
        Segment("strip_nr", [(0, 0), (w2, 0)]),
        Segment("strip_r", [(w2, 0), (w2, crown_len)]),
        Segment("strip_face", [(w2, crown_len), (-w2, crown_len)]),
        Segment("strip_l", [(-w2, crown_len), (-w2, 0)]),
    ]
    return Panel("hood_c", segs, None, False, "hood_c")


def _grading(garment, size):
    """Width and length ratios of a size to M: the parts the chart does not give (armhole, neck, crown)
    grade with them."""
    m, base = measures(garment, size, cut=True), measures(garment, "M", cut=True)
    return m, m["chest"] / base["chest"], m["length"] / base["length"]


def _sleeve_length(m):
    """Shoulder seam to sleeve hem along the top fold: the chart's centre-back sleeve less half the shoulder."""
    return m["sleeveCb"] - m["shoulder"] / 2


def _place_print_areas(garment, panels):
    """Each print area (app/library/garments/print-areas.json) as (name, x0, y0, x1, y1) in its panel's cm."""
    by_name = {p.name: p for p in panels}
    for a in PRINT_AREAS[garment]:
        p = by_name[a["panel"]]
        hw, h = a["widthCm"] / 2, a["heightCm"]
        if p.role in ("front", "back"):
            cx, ref = 0.0, max(y for s in p.segments for _, y in s.points)
        else:  # sleeves: centred on the top fold, below the underarm line
            cx, ref = max(x for s in p.segments for x, _ in s.points) / 2, p.segment("under_a").points[-1][1]
        p.print_area = (a["name"], cx - hw, ref - a["topCm"] - h, cx + hw, ref - a["topCm"])


def _sleeves(arm_len, sleeve, crown, cuff_ratio):
    return [sleeve_panel(n, n, arm_len, sleeve - crown, cuff_ratio, crown, None) for n in ("sleeve_r", "sleeve_l")]


def tee(size="M"):
    m, ws, ls = _grading("tee", size)
    front = body_panel("front", "front", m, ws, ls, 8, False)
    back = body_panel("back", "back", m, ws, ls, 2.5, True)
    sleeve = _sleeve_length(m)
    sleeves = _sleeves(front.segment("arm_r").length(), sleeve, 7 * ls, 0.86)
    panels = [front, back] + sleeves
    _place_print_areas("tee", panels)
    return Garment("tee", panels, ws, ls, hood=False, sleeve_len=sleeve - 7 * ls, length=m["length"], size=size)


def hoodie(size="M"):
    m, ws, ls = _grading("hoodie", size)
    front = body_panel("front", "front", m, ws, ls, 8, False)
    back = body_panel("back", "back", m, ws, ls, 2.5, True, centre_neck_cm=HOOD_STRIP_CM)
    sleeve = _sleeve_length(m)
    sleeves = _sleeves(front.segment("arm_r").length(), sleeve, 8 * ls, 0.5)
    fn, bn = front.segment("neck_r").length(), back.segment("neck_r").length()  # back: the outer part, beside the strip
    side = m["hood"] - HOOD_STRIP_CM / 2
    hood = [hood_panel("hood_r", "hood_r", fn, bn, side), hood_panel("hood_l", "hood_l", fn, bn, side)]
    hood.append(hood_strip(hood[0].segment("crown").length()))
    panels = [front, back] + sleeves + hood
    _place_print_areas("hoodie", panels)
    return Garment("hoodie", panels, ws, ls, hood=True, sleeve_len=sleeve - 8 * ls, length=m["length"], size=size)


class Garment:
    def __init__(self, name, panels, ws, ls, hood, sleeve_len, length, size="M"):
        self.name, self.panels, self.ws, self.ls, self.hood, self.sleeve_len = name, panels, ws, ls, hood, sleeve_len
        self.length = length  # cm, high point of the shoulder to the hem
        # the wearer (body form) of this size: the tee's chest ratio, so a tee and a hoodie of one size share a form
        tee = CHART["tee"]["sizes"]
        self.body_ws = tee[size]["chest"] / tee["M"]["chest"]

    def panel(self, name):
        return next(p for p in self.panels if p.name == name)

    def seams(self):
        """Pairs of (panel, segment) sewn together; sample order is matched automatically (see panels.py)."""
        # (panel a, segment a, panel b, segment b, b runs the other way?)
        s = [
            ("front", "side_r", "back", "side_r", False),
            ("front", "side_l", "back", "side_l", False),
            ("front", "shoulder_r", "back", "shoulder_r", False),
            ("front", "shoulder_l", "back", "shoulder_l", False),
            ("sleeve_r", "cap_back", "back", "arm_r", False),
            ("sleeve_r", "cap_front", "front", "arm_r", True),
            ("sleeve_r", "under_a", "sleeve_r", "under_b", True),
            ("sleeve_l", "cap_back", "back", "arm_l", True),
            ("sleeve_l", "cap_front", "front", "arm_l", False),
            ("sleeve_l", "under_a", "sleeve_l", "under_b", True),
        ]
        if self.hood:
            s += [
                ("hood_r", "hood_nb", "back", "neck_r", True),
                ("hood_r", "hood_nf", "front", "neck_r", False),
                ("hood_l", "hood_nb", "back", "neck_l", False),
                ("hood_l", "hood_nf", "front", "neck_l", True),
                # three-panel hood: each side's crown edge (face -> nape) to its edge of the centre strip,
                # and the strip's end into the centre of the back neck
                ("hood_r", "crown", "hood_c", "strip_r", True),
                ("hood_l", "crown", "hood_c", "strip_l", False),
                ("hood_c", "strip_nr", "back", "neck_rc", True),
                ("hood_c", "strip_nl", "back", "neck_lc", True),
            ]
        return s
