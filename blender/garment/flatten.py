"""Lay a draped garment flat on a table, as a photographer does: off the form, front up, spread out, smoothed flat.

The garment comes in as its committed GLB (panels are UV islands: vertices are split at every seam). Each
island's rest shape is its cut panel, read back from the UV layout (one scale, cm per UV unit, for the whole
garment: simulate.uv_layout), so the cloth relaxes to the cut wherever the form had stretched it. Coincident
vertices (between panels, and along a sleeve's underarm seam, which joins a panel to itself) are sewn together
with sewing springs. The garment is first spread out on the table (unroll.py: each tube opened out and folded at
its sides, as hands spread a garment; decision 163), then, held softly where it was spread, it is pressed flat by
a frictionless plate that comes down the way hands smooth a garment on a table and stops 1.4 cm over the table,
and squared up. There is no self collision (3-4x
slower, and worse here): where the press pushes the front and back layers through each other, _layers puts each
back in its half of the gap afterwards. Decision 160."""
import math

import bmesh
import bpy
import numpy as np
from mathutils import Matrix, Vector
from mathutils.kdtree import KDTree

from .simulate import knit_cloth, run_cloth
from .unroll import Part, unroll


class Settings:
    """frames: simulated frames (24 fps); quality: cloth steps per frame; press_share: share of the frames the
    plate takes to come down; gap_cm: where the plate stops above the table (two layers of cloth, each kept
    collision_cm off the table, the plate and, at the side folds, itself); weld_mm: vertices this close are one
    seam point."""

    def __init__(self, frames=100, quality=5, press_share=0.55, gap_cm=1.4, collision_cm=0.3, weld_mm=0.5):
        self.frames, self.quality, self.press_share = frames, quality, press_share
        self.gap_cm, self.collision_cm, self.weld_mm = gap_cm, collision_cm, weld_mm


class Press:
    """What differs from the knit on the form (simulate.Cloth). Chosen on tee M flat lays (decision 160): with
    the form's mass and stretch the pressed cloth kept the form's wrinkles (length 6 % short at 60 frames); a
    lighter, stiffer cloth relaxes to its cut. The plate is frictionless (smoothing hands let the cloth slide); the
    table holds it a little (with no friction at all the sleeves drew the sides in: chest 11 % short)."""

    MASS_KG = 0.1
    STRETCH = 40.0
    # Pressing is ironing, not wearing: a cloth 250x stiffer in bending than the tee's knit lets the plate smooth
    # the spread garment without pressing new wrinkles in; with the knit's 0.6 the sleeves of a 100-frame press
    # folded over at the cap (tee S sleeve +6 %, L chest -4 %, the sleeve then read along its zig-zag; decision 163)
    BENDING = 150.0
    # Hands hold the spread garment while the plate smooths it: every point is pinned softly to where it was
    # spread, the hood and the folds firmly (Blender's goal strength is the pin weight to the fourth power times the
    # stiffness: 0.06 x 20 for the cloth, 0.66 x 20 for the hood and a sleeve's points on its folds). Held like the
    # rest, a sleeve's top fold came out of the press zig-zagging by up to a centimetre; the torso's folds held as
    # firmly took the shoulders to +2.5-2.9 % (decision 163). Free, the press drew the sleeves in at the cap
    # (tee M sleeve -12 %) and the hood, a dome that cannot lie flat without folds, collapsed (-30 %) and pulled the
    # neckline down with it (hoodie length -4 %; decision 163).
    HOLD = {"cloth": 0.5, "hood": 0.9, "fold": 0.9}
    HOLD_STIFFNESS = 20.0
    TABLE_FRICTION = 2.0
    PLATE_FRICTION = 0.0


def _islands(me):
    """Vertex -> island id (connected through faces)."""
    parent = list(range(len(me.vertices)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for poly in me.polygons:
        vs = list(poly.vertices)
        a = root(vs[0])
        for b in vs[1:]:
            rb = root(b)
            if rb != a:
                parent[rb] = a
    return [root(i) for i in range(len(me.vertices))]


def seam_groups(me, weld_m):
    """Groups of coincident vertices: the seams the export split apart (between panels, and a sleeve's underarm
    seam, which joins one panel to itself)."""
    tree = KDTree(len(me.vertices))
    for v in me.vertices:
        tree.insert(v.co, v.index)
    tree.balance()
    seen, groups = set(), []
    for v in me.vertices:
        if v.index in seen:
            continue
        near = [j for _co, j, _d in tree.find_range(v.co, weld_m)]
        if len(near) < 2:
            continue
        seen.update(near)
        groups.append(sorted(near))
    return groups


def _rest_positions(me, cm_per_uv):
    """Each vertex's place on its cut panel (metres, in the XY plane) from its UV."""
    uv = me.uv_layers[0].data
    rest = [None] * len(me.vertices)
    for loop in me.loops:
        if rest[loop.vertex_index] is None:
            u, w = uv[loop.index].uv
            rest[loop.vertex_index] = Vector((u * cm_per_uv / 100.0, w * cm_per_uv / 100.0, 0.0))
    return [r if r is not None else Vector() for r in rest]


def _layers(me, facing, groups, gap_m, smooth_passes=3, band=0.3):
    """Put the front layer over the back one: without self collision the two pass through each other where the
    plate squeezed them (a render then shows the back through the print). Heights are first smoothed (z only, so
    the measures keep) to take out the press's ripple, then each vertex is held in its layer's half of the gap by
    the layer it was spread onto (`facing` +1 top: upper half, -1 bottom: lower half, 0 on a fold: between, blending
    within `band`). Seam partners share one facing and so one height. Returns how many vertices were moved into their
    layer."""
    n = len(me.vertices)
    for g in groups:
        f = sum(facing[i] for i in g) / len(g)
        for i in g:
            facing[i] = f
    nb = [[] for _ in range(n)]
    for e in me.edges:
        a, b = e.vertices
        nb[a].append(b)
        nb[b].append(a)
    z = [v.co.z for v in me.vertices]
    for _ in range(smooth_passes):
        z = [0.5 * z[i] + 0.5 * sum(z[j] for j in nb[i]) / len(nb[i]) if nb[i] else z[i] for i in range(n)]
        for g in groups:
            m = sum(z[i] for i in g) / len(g)
            for i in g:
                z[i] = m
    half, margin = gap_m / 2, 0.0005
    moved = 0
    for i, v in enumerate(me.vertices):
        t = min(max((facing[i] + band) / (2 * band), 0.0), 1.0)
        # back (t = 0): [margin, half - 1 mm]; front (t = 1): [half + 1 mm, gap - margin]
        lo = margin + t * (half + 0.001 - margin)
        hi = (half - 0.001) + t * (gap_m - margin - (half - 0.001))
        zz = min(max(z[i], lo), hi)
        if abs(zz - v.co.z) > 1e-4:
            moved += 1
        v.co.z = zz
    return moved


def _open_edge_points(me):
    """Points on an edge with one face: the hem, cuffs, neck and face openings, and every seam (the export
    split the mesh there)."""
    bm = bmesh.new()
    bm.from_mesh(me)
    out = np.zeros(len(me.vertices), dtype=bool)
    for e in bm.edges:
        if e.is_boundary:
            for v in e.verts:
                out[v.index] = True
    bm.free()
    return out


def _square_up(me, torso):
    """Turn the laid garment about the table's normal so its torso's long axis runs up the table, as one squares a
    garment up before the photo (the press leaves it a few degrees askew). Returns the turn in degrees."""
    pts = np.array([me.vertices[i].co[:2] for i in np.where(torso)[0]])
    c = pts.mean(axis=0)
    _w, vec = np.linalg.eigh(np.cov((pts - c).T))
    ax = vec[:, -1] if vec[1, -1] >= 0 else -vec[:, -1]  # the long axis, pointing to the collar
    angle = math.atan2(ax[0], ax[1])  # from +y, clockwise positive
    rot = Matrix.Translation((c[0], c[1], 0)) @ Matrix.Rotation(angle, 4, "Z") @ Matrix.Translation((-c[0], -c[1], 0))
    me.transform(rot)
    return round(math.degrees(angle), 2)


def _plane(name, z, size=4.0, facing_down=False):
    """A square collider at height z; its normal (the side cloth is kept on) up, or down for the plate."""
    me = bpy.data.meshes.new(name)
    h = size / 2
    quad = (0, 3, 2, 1) if facing_down else (0, 1, 2, 3)
    me.from_pydata([(-h, -h, 0), (h, -h, 0), (h, h, 0), (-h, h, 0)], [], [quad])
    ob = bpy.data.objects.new(name, me)
    ob.location.z = z
    bpy.context.scene.collection.objects.link(ob)
    col = ob.modifiers.new("collision", "COLLISION")
    return ob, col


def lay_flat(ob, garment, cm_per_uv, settings=None, log=print):
    """Turn `ob` (a draped `garment`, "tee" | "hoodie": Z up, front = -Y) front up onto a table at z = 0 and
    press it flat.
    Returns (flat mesh datablock, report)."""
    s = settings or Settings()
    me = ob.data
    me.transform(ob.matrix_world)
    ob.matrix_world = Matrix.Identity(4)
    # front (-Y) up, collar towards +Y
    me.transform(Matrix.Rotation(-math.pi / 2, 4, "X"))
    ys = [v.co.y for v in me.vertices]
    me.transform(Matrix.Translation((0.0, -(min(ys) + max(ys)) / 2, 0.0)))
    groups = seam_groups(me, s.weld_mm / 1000.0)
    rest = _rest_positions(me, cm_per_uv)
    me.update()
    facing = np.array([v.normal.z for v in me.vertices])  # +1: the front, facing up; -1: the back, on the table
    spread, layer, part_of, fit = unroll(np.array([v.co[:] for v in me.vertices]), facing, _islands(me),
                              [tuple(e.vertices) for e in me.edges], groups, _open_edge_points(me),
                              np.array([r[:] for r in rest]))
    for i, v in enumerate(me.vertices):
        v.co = spread[i]
    me.update()
    facing = [2.0 * x - 1.0 for x in layer]  # the layer each point was spread onto: -1 bottom, 0 fold, +1 top

    # sewing springs: loose edges from each group's first vertex to the others
    bm = bmesh.new()
    bm.from_mesh(me)
    bm.verts.ensure_lookup_table()
    for g in groups:
        for j in g[1:]:
            if bm.edges.get((bm.verts[g[0]], bm.verts[j])) is None:
                bm.edges.new((bm.verts[g[0]], bm.verts[j]))
    bm.to_mesh(me)
    bm.free()
    ob.shape_key_add(name="Basis")
    key = ob.shape_key_add(name="cut")
    for i, p in enumerate(rest):
        key.data[i].co = p
    key.value = 0.0

    table, tcol = _plane("table", 0.0)
    plate, pcol = _plane("plate", float(spread[:, 2].max()) + 0.02, facing_down=True)
    for c, fr in ((tcol, Press.TABLE_FRICTION), (pcol, Press.PLATE_FRICTION)):
        c.settings.thickness_outer = 0.001
        c.settings.cloth_friction = fr
        c.settings.damping = 0.5
    press_end = max(2, int(s.frames * s.press_share))
    plate.keyframe_insert("location", frame=1)
    plate.location.z = s.gap_cm / 100.0
    plate.keyframe_insert("location", frame=press_end)
    for fc in plate.animation_data.action.fcurves:
        for kp in fc.keyframe_points:
            kp.interpolation = "LINEAR"

    cloth = knit_cloth(ob, garment, key, s.quality, s.collision_cm / 100.0, mass=Press.MASS_KG, stretch=Press.STRETCH,
                       bending=Press.BENDING)
    hands = ob.vertex_groups.new(name="hands")
    for i, part in enumerate(part_of):
        sleeve_fold = part in (Part.RIGHT, Part.LEFT) and layer[i] == 0.5
        hold = "hood" if part == Part.HOOD else "fold" if sleeve_fold else "cloth"
        hands.add([i], Press.HOLD[hold], "REPLACE")
    cloth.settings.vertex_group_mass = hands.name
    cloth.settings.pin_stiffness = Press.HOLD_STIFFNESS
    flat = run_cloth(ob, cloth, s.frames)

    # close the seams exactly (each group at its mean) and drop the sewing edges
    gaps = []
    for g in groups:
        c = sum((flat.vertices[i].co for i in g), Vector()) / len(g)
        gaps.append(max((flat.vertices[i].co - c).length for i in g))
        for i in g:
            flat.vertices[i].co = c
    clamped = _layers(flat, facing, groups, s.gap_cm / 100.0)
    turned = _square_up(flat, part_of == Part.TORSO)
    bm = bmesh.new()
    bm.from_mesh(flat)
    bmesh.ops.delete(bm, geom=[e for e in bm.edges if not e.link_faces], context="EDGES")
    bm.to_mesh(flat)
    bm.free()
    for poly in flat.polygons:
        poly.use_smooth = True
    for o in (table, plate):
        o.hide_set(True)
        o.hide_render = True
    zs = [v.co.z for v in flat.vertices]
    report = {
        "seamGroups": len(groups),
        "sleeveFitCm": fit,
        "seamGapMaxMm": round(1000 * max(gaps or [0.0]), 2),
        "clamped": clamped,
        "squaredDeg": turned,
        "zMinCm": round(100 * min(zs), 2),
        "zMaxCm": round(100 * max(zs), 2),
        "vertices": len(flat.vertices),
        "triangles": len(flat.polygons),
    }
    log("flat lay: %s" % report)
    return flat, report
