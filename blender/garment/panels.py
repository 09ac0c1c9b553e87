"""Turn pattern panels into triangulated meshes: resampled outline + interior lattice, constrained Delaunay.

Seam segments are resampled with the same point count on both sides so each seam becomes 1:1 vertex pairs."""
import math
from mathutils import Vector
from mathutils.geometry import delaunay_2d_cdt


def seam_counts(garment, h):
    """Points per segment: one count per seam (both sides equal), others from their own length."""
    counts = {}
    for pa, sa, pb, sb, _rev in garment.seams():
        la = garment.panel(pa).segment(sa).length()
        lb = garment.panel(pb).segment(sb).length()
        n = max(2, round(max(la, lb) / h))
        counts[(pa, sa)] = counts[(pb, sb)] = n
    return counts


def _inside(pt, poly):
    x, y = pt
    inside = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi + 1e-12) + xi:
            inside = not inside
        j = i
    return inside


def _dist_to_poly(pt, poly):
    best = 1e9
    px, py = pt
    for (ax, ay), (bx, by) in zip(poly, poly[1:] + poly[:1]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy + 1e-12)))
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


class PanelMesh:
    """2D triangulation of one panel. `seg_verts[name]` lists vertex indices along a segment in its own order."""

    def __init__(self, panel, counts, h):
        self.panel = panel
        outline, seg_verts = [], {}
        for seg in panel.segments:
            n = counts.get((panel.name, seg.name)) or max(2, round(seg.length() / h))
            pts = seg.sample(n)
            start = len(outline)
            outline.extend(pts[:-1])
            seg_verts[seg.name] = list(range(start, start + n + 1))
        nb = len(outline)
        for name in seg_verts:  # the last point of a segment is the first of the next (closed loop)
            seg_verts[name] = [i % nb for i in seg_verts[name]]
        # interior: a triangular lattice, kept clear of the outline so no sliver triangles appear
        xs = [p[0] for p in outline]
        ys = [p[1] for p in outline]
        interior = []
        row = 0
        y = min(ys) + h * 0.5
        cx = (min(xs) + max(xs)) / 2  # centred so symmetric panels get mirror-symmetric vertices
        k0 = math.ceil((max(xs) - min(xs)) / (2 * h)) + 1
        while y < max(ys):
            for k in range(-k0, k0 + 1):
                x = cx + h * (k + (0.5 if row % 2 else 0.0))
                if _inside((x, y), outline) and _dist_to_poly((x, y), outline) > 0.55 * h:
                    interior.append((x, y))
            y += h * math.sqrt(3) / 2
            row += 1
        coords = [Vector(p) for p in outline + interior]
        area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(outline, outline[1:] + outline[:1]))
        loop = list(range(nb)) if area > 0 else list(reversed(range(nb)))
        verts, _edges, faces, orig_verts, _oe, _of = delaunay_2d_cdt(coords, [], [loop], 1, 1e-5)
        # map output vertices back to input indices (the outline must survive unchanged)
        remap = {}
        for out_i, origs in enumerate(orig_verts):
            for o in origs:
                remap[o] = out_i
        self.points = [(v.x, v.y) for v in verts]
        self.faces = [tuple(f) for f in faces]
        self.seg_verts = {k: [remap[i] for i in v] for k, v in seg_verts.items()}
        self.boundary = [remap[i] for i in range(nb)]
