"""Sewing patterns in centimetres: panel outlines made of named segments, seams pairing segments.

Pure Python (no bpy) so the geometry can be reasoned about on its own. A panel's outline is a closed
list of segments, counter-clockwise in panel space (x right, y up, y = 0 at the hem). A seam joins two
segments; both are resampled with the same number of points so that sewing springs pair them 1:1.
"""
import math

SIZES = {"S": (0.94, 0.97), "M": (1.0, 1.0), "L": (1.06, 1.03)}  # (width scale, length scale)


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


def body_panel(name, role, ws, ls, length, neck_depth, print_area, mirror_uv):
    hw, ua, sw, sy, nw = 26 * ws, (length - 25) * ls, 21 * ws, (length - 3) * ls, 9 * ws
    top = length * ls
    nd = top - neck_depth
    r_arm = curve((hw, ua), (sw - 0.5, ua + 5 * ls), (sw, sy))
    l_arm = [(-x, y) for x, y in reversed(r_arm)]
    neck_r = curve((nw, top), (nw * 0.85, nd), (0, nd), 8)
    neck_l = [(-x, y) for x, y in reversed(neck_r)]
    segs = [
        Segment("hem", [(-hw, 0), (hw, 0)]),
        Segment("side_r", [(hw, 0), (hw, ua)]),
        Segment("arm_r", r_arm),
        Segment("shoulder_r", [(sw, sy), (nw, top)]),
        Segment("neck_r", neck_r),
        Segment("neck_l", neck_l),
        Segment("shoulder_l", [(-nw, top), (-sw, sy)]),
        Segment("arm_l", l_arm),
        Segment("side_l", [(-hw, ua), (-hw, 0)]),
    ]
    return Panel(name, segs, print_area, mirror_uv, role)


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


def hood_panel(name, role, front_neck, back_neck):
    """Hood side panel. x = 0 at the centre back, the neck edge along y = 0 (back part, then front part),
    the face opening at the front, the crown seam over the top and down the back."""
    fb, ff = back_neck, front_neck
    nl = fb + ff
    segs = [
        Segment("hood_nb", [(0, 0), (fb, 0)]),
        Segment("hood_nf", [(fb, 0), (nl, 0)]),
        Segment("face", curve((nl, 0), (nl + 3, 20), (nl - 3, 33))),
        Segment("crown", curve((nl - 3, 33), (nl * 0.35, 38), (-4, 22)) + curve((-4, 22), (-3, 8), (0, 0))[1:]),
    ]
    return Panel(name, segs, None, False, role)


def tee(size="M"):
    ws, ls = SIZES[size]
    length = 70
    front = body_panel("front", "front", ws, ls, length, 8, ("front", -15 * ws, 20 * ls, 15 * ws, 58 * ls), False)
    back = body_panel("back", "back", ws, ls, length, 2.5, ("back", -15 * ws, 24 * ls, 15 * ws, 62 * ls), True)
    arm_len = front.segment("arm_r").length()
    sl_len = 20 * ls
    crown = 7 * ls
    half = sleeve_width(arm_len, crown) / 2
    sleeves = [
        sleeve_panel(n, n, arm_len, sl_len, 0.86, crown, (a, half - 5, sl_len - 12, half + 5, sl_len - 2))
        for n, a in (("sleeve_r", "right_sleeve"), ("sleeve_l", "left_sleeve"))
    ]
    return Garment("tee", [front, back] + sleeves, ws, ls, hood=False, sleeve_len=sl_len)


def hoodie(size="M"):
    ws, ls = SIZES[size]
    length = 72
    front = body_panel("front", "front", ws * 1.04, ls, length, 8, ("front", -15 * ws, 24 * ls, 15 * ws, 58 * ls), False)
    back = body_panel("back", "back", ws * 1.04, ls, length, 2.5, ("back", -15 * ws, 22 * ls, 15 * ws, 60 * ls), True)
    arm_len = front.segment("arm_r").length()
    sl_len = 58 * ls
    crown = 8 * ls
    half = sleeve_width(arm_len, crown) / 2
    sleeves = [
        sleeve_panel(n, n, arm_len, sl_len, 0.5, crown, (a, half - 4, sl_len - 28, half + 4, sl_len - 6))
        for n, a in (("sleeve_r", "right_sleeve"), ("sleeve_l", "left_sleeve"))
    ]
    fn, bn = front.segment("neck_r").length(), back.segment("neck_r").length()
    hood = [hood_panel("hood_r", "hood_r", fn, bn), hood_panel("hood_l", "hood_l", fn, bn)]
    return Garment("hoodie", [front, back] + sleeves + hood, ws, ls, hood=True, sleeve_len=sl_len)


class Garment:
    def __init__(self, name, panels, ws, ls, hood, sleeve_len):
        self.name, self.panels, self.ws, self.ls, self.hood, self.sleeve_len = name, panels, ws, ls, hood, sleeve_len

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
                ("hood_r", "crown", "hood_l", "crown", False),
            ]
        return s
