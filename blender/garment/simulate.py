"""Sew the panels around the body form with Blender cloth and return the settled garment object.

Rest lengths come from a flat shape key (the panels as cut), so the start shape may be an approximate
wrap around the body; sewing springs (loose edges between paired seam vertices) close the seams."""
import math
import bmesh
import bpy
from mathutils import Vector

from . import bodyform
from .panels import PanelMesh, seam_counts

# height (m) of the high point of the shoulder on the body form: every size hangs from the same neck point
Z_HPS = {"tee": 1.46, "hoodie": 1.45}


def z_hem(garment):
    return Z_HPS[garment.name] - garment.length / 100.0


class Settings:
    """resolution: target edge length in cm; frames: simulated frames (24 fps); quality: cloth steps/frame;
    symmetric: average each vertex with its mirror partner after the simulation (product shots are symmetric;
    the solver's small left/right differences are noise, not drape); smooth_passes: Taubin passes over the
    whole cloth (off: it flattened sub-fold wrinkles and measurably compressed the print areas)."""

    def __init__(self, resolution=2.4, frames=70, quality=5, symmetric=True, smooth_passes=0):
        self.resolution, self.frames, self.quality, self.symmetric = resolution, frames, quality, symmetric
        self.smooth_passes = smooth_passes


class Cloth:
    """Blender cloth parameters for a knit garment (SI units as Blender takes them).

    Chosen by looking at drapes of the M tee and hoodie (docs/decisions/042): stiffer tension/compression
    (30/40) buckled the hoodie's front; less damping let the sleeves swing for the whole run."""

    MASS_KG = 0.25  # Blender's per-vertex mass; with 1.5-3 k vertices it settles like a light knit at 24 fps
    AIR_DAMPING = 1.0  # a still studio: settles without swinging
    STRETCH = 15.0  # tension = compression stiffness: cotton jersey / fleece (Blender's "cotton" preset)
    SHEAR = 8.0
    BENDING = {"tee": 0.6, "hoodie": 1.2}  # a 300 g/m² fleece folds in wider waves than 150 g/m² jersey
    DAMPING = 5.0  # tension, compression and shear damping
    BENDING_DAMPING = 0.5
    SEWING_FORCE_MAX = 12.0  # strong enough to close 5-8 cm start gaps in the first third of the run
    GRAVITY_RAMP = 1 / 3  # gravity ramps 0 -> 1 over this share of the frames, after the seams have pulled in
    COLLISION_DISTANCE_M = 0.004  # the cloth keeps 4 mm off the form: no skin-tight look, no z-fighting
    COLLISION_QUALITY = 3
    BODY_MARGIN_M = 0.003  # final clean-up: no vertex closer to the form than this
    SEAM_SMOOTHING = 0.5  # sewing springs leave a pinched crease at each seam: half a Laplacian step
    BOUNDARY_SMOOTHING_PASSES = 2  # hems, cuffs and the neck follow a smooth line, not the lattice's steps


def _fade(pm, out, anchors, radius_cm):
    """Spread offsets given at anchor vertices over the panel, fading to zero radius_cm away (2D)."""
    moved = []
    for k, (x, y) in enumerate(pm.points):
        wsum, acc, near = 0.0, Vector(), 1e9
        for i, off in anchors:
            ax, ay = pm.points[i]
            d = math.hypot(x - ax, y - ay)
            near = min(near, d)
            w = 1.0 / (d * d + 1e-6)
            wsum += w
            acc += off * w
        f = min(near / radius_cm, 1.0)
        moved.append(out[k] + acc / wsum * (1.0 - f * f * (3 - 2 * f)))
    out[:] = moved


def _open_armholes(pm, out, depth=0.055):
    """Bulge the armhole edges forward (front) or backward (back) so the armhole becomes an open loop
    around the arm root instead of a slit on the side."""
    sign = -1.0 if pm.panel.role == "front" else 1.0
    anchors = []
    for seg in ("arm_r", "arm_l"):
        idx = pm.seg_verts[seg]
        for n, i in enumerate(idx):
            u = n / (len(idx) - 1)
            anchors.append((i, Vector((0.0, sign * depth * math.sin(math.pi * u) ** 0.7, 0.0))))
    _fade(pm, out, anchors, 8.0)


def _ellipse_table(a, b, n=400):
    """Quarter ellipse from the front centre (0, -b) to the side (a, 0): (arc length, x, y)."""
    pts = [(a * math.sin(t), -b * math.cos(t)) for t in (math.pi / 2 * i / n for i in range(n + 1))]
    table, s = [(0.0, pts[0][0], pts[0][1])], 0.0
    for p, q in zip(pts, pts[1:]):
        s += math.dist(p, q)
        table.append((s, q[0], q[1]))
    return table


def _along(table, s):
    total = table[-1][0]
    s = min(max(s, 0.0), total)
    lo, hi = 0, len(table) - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if table[mid][0] < s:
            lo = mid
        else:
            hi = mid
    s0, x0, y0 = table[lo]
    s1, x1, y1 = table[hi]
    f = (s - s0) / (s1 - s0 or 1)
    return x0 + (x1 - x0) * f, y0 + (y1 - y0) * f


def place(garment, pm, ws):
    """Initial 3D position of every vertex of a panel mesh (metres, Z up, front = -Y)."""
    panel = pm.panel
    role = panel.role
    out = []
    if role in ("front", "back"):
        hw = max(abs(p[0]) for p in pm.points)
        top = max(p[1] for p in pm.points)
        ua = panel.segment("side_r").points[-1][1]
        # wrap ellipse whose half circumference equals the panel width; depth/width like the torso
        a, b = 0.185 * ws, 0.148 * ws
        table = _ellipse_table(a, b)
        k = table[-1][0] / (hw / 100.0)
        for x, y in pm.points:
            px, py = _along(table, abs(x) / 100.0 * k)
            px = math.copysign(px, x)
            if role == "back":
                py = -py
            t = min(max((y - (ua + 4)) / (top - (ua + 4)), 0.0), 1.0)
            py *= 1.0 - 0.88 * t * t
            px *= 1.0 - 0.15 * t
            p = Vector((px, py, z_hem(garment) + y / 100.0))
            out.append(p)
        _open_armholes(pm, out)
        out = [bodyform.push_out(p, ws, 0.012) for p in out]
    elif role.startswith("sleeve"):
        side = 1 if role.endswith("_r") else -1
        j, d = bodyform.arm_axis(side, ws)
        th = bodyform.ARM_ANGLE
        pv = Vector((side * math.sin(th), 0.0, math.cos(th)))
        qv = Vector((0.0, 1.0, 0.0))
        w = max(p[0] for p in pm.points)
        length = panel.segment("under_a").points[-1][1]  # underarm; the crown rises above it
        cuff = panel.segment("cuff")
        c = cuff.points[-1][0]
        for s, t in pm.points:
            f = min(max(1.0 - t / length, 0.0), 1.0)  # 0 at the underarm line, 1 at the cuff
            c_t = c * f
            width = w - 2 * c_t
            phi = 2 * math.pi * min(max((s - c_t) / width, 0.0), 1.0)
            r = width / (2 * math.pi) / 100.0
            centre = j + d * (0.05 * ws + (length - t) / 100.0)
            p = centre + (-math.cos(phi) * pv + math.sin(phi) * qv) * r
            out.append(bodyform.push_out(p, ws, 0.008))
    elif role == "hood_c":  # the centre strip bridges the two side panels' crown edges
        side_panel = garment.panel("hood_r")
        crown = side_panel.segment("crown")
        cl = crown.length()
        length = max(p[1] for p in pm.points)
        for x, y in pm.points:
            # the crown runs face -> nape; the strip's y runs nape (0) -> face (length)
            t = min(max(1.0 - y / length, 0.0), 1.0)
            cx, cy = _point_at(crown, t * cl)
            right = _hood_point(garment, side_panel, 1, cx, cy)
            left = Vector((-right.x, right.y, right.z))
            half = max(abs(q[0]) for q in pm.points if abs(q[1] - y) < 1.5) or 1.0
            f = min(max(x / half * 0.5 + 0.5, 0.0), 1.0)
            p = left.lerp(right, f)
            p.z += 0.01 * math.sin(math.pi * f)  # a little crown, so the strip starts outside the head
            out.append(bodyform.push_out(p, ws, 0.012, head=True))
    else:  # hood side panels: wrap the head from the neck up, x = 0 at the centre back
        side = 1 if role.endswith("_r") else -1
        for x, y in pm.points:
            out.append(bodyform.push_out(_hood_point(garment, panel, side, x, y), ws, 0.012, head=True))
    return out


def _point_at(seg, s):
    """The point at arc length s along a segment's polyline."""
    pts = seg.points
    for a, b in zip(pts, pts[1:]):
        d = math.dist(a, b)
        if s <= d or b is pts[-1]:
            f = min(max(s / (d or 1.0), 0.0), 1.0)
            return a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f
        s -= d
    return pts[-1]


def _hood_point(garment, panel, side, x, y):
    """Start position of hood side-panel point (x, y) cm: wrapped round the head from the neck seam up."""
    nl = max(p[0] for p in panel.segment("hood_nf").points)
    hc, hr = bodyform.HEAD
    ws = garment.body_ws
    z0 = z_hem(garment) + max(p[1] for p in garment.panel("back").segment("neck_r").points) / 100.0 - 0.01
    f = min(max(y / 14.0, 0.0), 1.0)
    # x = 0 is where the centre strip meets the neck: half the strip's width round from the centre back
    c = max(p[0] for p in garment.panel("hood_c").segment("strip_nr").points)
    psi = math.pi * min(max((x + c) / (nl + c), -0.1), 1.05) * (1.0 - 0.38 * f * f * (3 - 2 * f))
    z = z0 + y / 100.0 * 0.9
    rr = (hr + 0.035) ** 2 - (z - hc.z) ** 2
    r = math.sqrt(rr) if rr > 0 else 0.0
    if z < hc.z:
        r = max(r, 0.085 * ws)
    r = max(r, 0.01)
    return Vector((side * r * math.sin(psi), hc.y + r * math.cos(psi), z))


def uv_layout(garment, meshes):
    """Shelf-pack the flat panels into the unit square at one scale (cm per UV unit).

    Returns {panel name: (u0, v0, scale, xmin, xmax, ymax)} in glTF convention (v down)."""
    rows = [["front", "back"], ["sleeve_r", "sleeve_l", "hood_c"], ["hood_r", "hood_l"]]  # the hood strip fits beside the sleeves
    gap = 2.0
    boxes = {}
    for pm in meshes:
        xs = [p[0] for p in pm.points]
        ys = [p[1] for p in pm.points]
        boxes[pm.panel.name] = (min(xs), max(xs), min(ys), max(ys))
    rows = [[n for n in r if n in boxes] for r in rows]
    rows = [r for r in rows if r]
    width = max(sum(boxes[n][1] - boxes[n][0] for n in r) + gap * (len(r) + 1) for r in rows)
    height = sum(max(boxes[n][3] - boxes[n][2] for n in r) for r in rows) + gap * (len(rows) + 1)
    scale = max(width, height)
    layout = {}
    y = gap
    for r in rows:
        x = gap
        for n in r:
            x0, x1, y0, y1 = boxes[n]
            layout[n] = (x / scale, y / scale, scale, x0, x1, y1)
            x += x1 - x0 + gap
        y += max(boxes[n][3] - boxes[n][2] for n in r) + gap
    return layout


def to_uv(layout, panel, x, y):
    u0, v0, scale, x0, x1, y1 = layout[panel.name]
    u = u0 + ((x1 - x) if panel.mirror_uv else (x - x0)) / scale
    v = v0 + (y1 - y) / scale
    return u, v  # glTF convention


def print_areas(garment, layout):
    areas = []
    for panel in garment.panels:
        if not panel.print_area:
            continue
        name, x0, y0, x1, y1 = panel.print_area
        ua, va = to_uv(layout, panel, x0, y1)
        ub, vb = to_uv(layout, panel, x1, y0)
        areas.append({
            "name": name,
            "uv": {"u0": round(min(ua, ub), 6), "v0": round(min(va, vb), 6), "u1": round(max(ua, ub), 6), "v1": round(max(va, vb), 6)},
            "widthCm": round(x1 - x0, 2),
            "heightCm": round(y1 - y0, 2),
        })
    return areas


def _smooth_boundaries(bm, passes):
    """Smooth open edges (hems, cuffs, neck) along themselves only, so they stay where they hang."""
    for _ in range(passes):
        new = {}
        for v in bm.verts:
            if not v.is_boundary:
                continue
            nb = [e.other_vert(v) for e in v.link_edges if e.is_boundary]
            if len(nb) == 2:
                new[v] = v.co * 0.5 + (nb[0].co + nb[1].co) * 0.25
        for v, co in new.items():
            v.co = co


def _mirror_map(meshes, offsets):
    """Global vertex index -> its left/right mirror partner (same panel mirrored, or the twin panel)."""
    by_name = {pm.panel.name: pm for pm in meshes}
    partner = {}
    for pm in meshes:
        base = offsets[pm.panel.name]
        role = pm.panel.role
        if role in ("front", "back", "hood_c"):
            where = {(round(x, 2), round(y, 2)): i for i, (x, y) in enumerate(pm.points)}
            for i, (x, y) in enumerate(pm.points):
                j = where.get((round(-x, 2), round(y, 2)))
                if j is not None:
                    partner[base + i] = base + j
        elif role.endswith("_r"):
            twin = by_name[pm.panel.name[:-2] + "_l"]
            tb = offsets[twin.panel.name]
            if len(twin.points) == len(pm.points):
                for i in range(len(pm.points)):
                    partner[base + i] = tb + i
                    partner[tb + i] = base + i
    return partner


def _symmetrize(me, partner):
    co = [v.co.copy() for v in me.vertices]
    for i, j in partner.items():
        m = co[j]
        me.vertices[i].co = (co[i] + Vector((-m.x, m.y, m.z))) / 2


def _attach_sleeves(meshes, offsets, verts, cap_targets, blend_cm=9.0):
    """Move each sleeve so its cap starts on the armhole: the cap's offset to its partners fades out
    down the sleeve, so sewing starts from small gaps instead of a ring floating beside the body."""
    for pm in meshes:
        if not pm.panel.role.startswith("sleeve"):
            continue
        base = offsets[pm.panel.name]
        length = max(p[1] for p in pm.points)
        caps = [(pm.points[i - base][0], cap_targets[i] - verts[i]) for i in cap_targets if base <= i < base + len(pm.points)]
        caps.sort(key=lambda c: c[0])
        for k, (s, t) in enumerate(pm.points):
            f = min(max((length - t) / blend_cm, 0.0), 1.0)
            w = 1.0 - f * f * (3 - 2 * f)
            if w <= 0:
                continue
            # offset of the cap point with the nearest s (linear between neighbours)
            lo = max([c for c in caps if c[0] <= s] or [caps[0]], key=lambda c: c[0])
            hi = min([c for c in caps if c[0] >= s] or [caps[-1]], key=lambda c: c[0])
            g = 0.0 if hi[0] == lo[0] else (s - lo[0]) / (hi[0] - lo[0])
            off = lo[1].lerp(hi[1], g)
            verts[base + k] = verts[base + k] + off * w


def print_stretch(me, areas):
    """Worst (over print areas) 90th percentile of per-triangle stretch |sigma - 1| of the UV -> surface map,
    the same measure tests/blender/garments.test.ts applies to the exported GLB."""
    uv = me.uv_layers[0].data
    worst = 0.0
    for a in areas:
        r = a["uv"]
        cu = a["widthCm"] / (r["u1"] - r["u0"])
        cv = a["heightCm"] / (r["v1"] - r["v0"])
        vals = []
        for poly in me.polygons:
            if len(poly.loop_indices) != 3:
                continue
            q = [(uv[li].uv.x, 1.0 - uv[li].uv.y) for li in poly.loop_indices]
            if not all(r["u0"] <= u <= r["u1"] and r["v0"] <= v <= r["v1"] for u, v in q):
                continue
            p = [me.vertices[me.loops[li].vertex_index].co * 100.0 for li in poly.loop_indices]
            q = [(u * cu, v * cv) for u, v in q]
            du1, dv1 = q[1][0] - q[0][0], q[1][1] - q[0][1]
            du2, dv2 = q[2][0] - q[0][0], q[2][1] - q[0][1]
            det = du1 * dv2 - du2 * dv1
            if abs(det) < 1e-9:
                continue
            e1, e2 = p[1] - p[0], p[2] - p[0]
            tu = (e1 * dv2 - e2 * dv1) / det
            tv = (-e1 * du2 + e2 * du1) / det
            a11, a22, a12 = tu.dot(tu), tv.dot(tv), tu.dot(tv)
            d = math.sqrt(max(0.0, (a11 - a22) ** 2 / 4 + a12 * a12))
            s1 = math.sqrt((a11 + a22) / 2 + d)
            s2 = math.sqrt(max(0.0, (a11 + a22) / 2 - d))
            vals.append(max(abs(s1 - 1), abs(s2 - 1)))
        if vals:
            vals.sort()
            worst = max(worst, vals[int(len(vals) * 0.9)])
    return round(worst, 4)


def _assemble(garment, meshes, layout):
    """One vertex list for all panels: start positions around the form, the flat (rest) positions laid
    side by side, faces and their UVs. Returns (verts, flat, faces, uvs, offsets by panel name)."""
    verts, flat, faces, uvs, offsets = [], [], [], [], {}
    for k, pm in enumerate(meshes):
        base = offsets[pm.panel.name] = len(verts)
        verts += place(garment, pm, garment.body_ws)
        flat += [Vector((1.2 * k + x / 100.0, 0.0, y / 100.0)) for x, y in pm.points]  # 1.2 m apart: no overlap
        for f in pm.faces:
            faces.append(tuple(base + i for i in f))
            uvs.append([to_uv(layout, pm.panel, *pm.points[i]) for i in f])
    return verts, flat, faces, uvs, offsets


def _seam_pairs(garment, meshes, offsets, verts):
    """Sewing pairs (i < j) with the seam each belongs to, and where each sleeve-cap vertex should start."""
    by_name = {pm.panel.name: pm for pm in meshes}
    seam_of, cap_targets = {}, {}
    for pa, sa, pb, sb, rev in garment.seams():
        A = [offsets[pa] + i for i in by_name[pa].seg_verts[sa]]
        B = [offsets[pb] + i for i in by_name[pb].seg_verts[sb]]
        for i, j in zip(A, list(reversed(B)) if rev else B):
            if i != j:
                seam_of[(min(i, j), max(i, j))] = "%s.%s" % (pa, sa)
            if pa.startswith("sleeve") and sa.startswith("cap"):
                cap_targets[i] = verts[j]
    return sorted(seam_of), seam_of, cap_targets


def _max_by_seam(pairs, seam_of, lengths_m):
    out = {}
    for pair, g in zip(pairs, lengths_m):
        k = seam_of[pair]
        out[k] = max(out.get(k, 0.0), round(g * 1000, 1))
    return out


def _cloth_object(garment, verts, flat, pairs, faces, uvs):
    """The garment as one mesh: faces plus loose seam edges (the sewing springs), UVs, and the flat
    pattern as the rest shape key so rest lengths are the cut panel's, whatever the start shape."""
    me = bpy.data.meshes.new(garment.name)
    me.from_pydata([tuple(v) for v in verts], list(pairs), faces)
    me.update()
    uvl = me.uv_layers.new(name="UVMap")
    for poly, fuv in zip(me.polygons, uvs):  # faces keep their order; loops follow the face's vertex order
        for k, li in enumerate(poly.loop_indices):
            u, v = fuv[k]
            uvl.data[li].uv = (u, 1.0 - v)  # Blender's v is up
    ob = bpy.data.objects.new(garment.name, me)
    bpy.context.scene.collection.objects.link(ob)
    ob.shape_key_add(name="Basis")
    rest = ob.shape_key_add(name="flat")
    for i, p in enumerate(flat):
        rest.data[i].co = p
    rest.value = 0.0
    return ob, rest


def knit_cloth(ob, garment_name, rest, quality, collision_m, mass=Cloth.MASS_KG, stretch=Cloth.STRETCH, bending=None):
    """A cloth modifier on `ob` with the knit's parameters (Cloth), sewing springs on, `rest` as its rest shape
    key, collisions with other objects only (self collision: 3-4x slower here, and a garment on a form barely
    touches itself). The flat lay passes a lighter, stiffer cloth (flatten.Press); bending None: the knit's own."""
    cloth = ob.modifiers.new("cloth", "CLOTH")
    cs = cloth.settings
    cs.quality = quality
    cs.mass = mass
    cs.air_damping = Cloth.AIR_DAMPING
    cs.tension_stiffness = cs.compression_stiffness = stretch
    cs.shear_stiffness = Cloth.SHEAR
    cs.bending_stiffness = Cloth.BENDING[garment_name] if bending is None else bending
    cs.tension_damping = cs.compression_damping = cs.shear_damping = Cloth.DAMPING
    cs.bending_damping = Cloth.BENDING_DAMPING
    cs.use_sewing_springs = True
    cs.sewing_force_max = Cloth.SEWING_FORCE_MAX
    cs.rest_shape_key = rest
    cc = cloth.collision_settings
    cc.use_collision = True
    cc.distance_min = collision_m
    cc.collision_quality = Cloth.COLLISION_QUALITY
    cc.use_self_collision = False
    return cloth


def run_cloth(ob, cloth, frames):
    """Step the scene through `frames` frames and return `ob` as the solver left it (a new mesh datablock)."""
    scene = bpy.context.scene
    scene.frame_start = cloth.point_cache.frame_start = 1
    scene.frame_end = cloth.point_cache.frame_end = frames
    for f in range(1, frames + 1):
        scene.frame_set(f)
    dg = bpy.context.evaluated_depsgraph_get()
    return bpy.data.meshes.new_from_object(ob.evaluated_get(dg))


def _simulate(garment, ob, rest, settings):
    """Run the cloth solver over the frames and return the settled mesh (a new mesh datablock)."""
    cloth = knit_cloth(ob, garment.name, rest, settings.quality, Cloth.COLLISION_DISTANCE_M)
    # gravity ramps in after the seams have pulled in
    ew = cloth.settings.effector_weights
    ew.gravity = 0.0
    ew.keyframe_insert("gravity", frame=1)
    ew.gravity = 1.0
    ew.keyframe_insert("gravity", frame=max(2, int(settings.frames * Cloth.GRAVITY_RAMP)))
    return run_cloth(ob, cloth, settings.frames)


def _weld_groups(n, pairs):
    """Union-find over the seam pairs: every group of vertices sewn together (corners join several seams)."""
    parent = list(range(n))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return [(r, members) for r, members in groups.items() if len(members) > 1]


def _stitch_and_clean(final, pairs, garment, settings):
    """Weld each seam group at its midpoint, drop the sewing edges, soften the seams and the open edges,
    and push anything the welding moved into the form back out."""
    bm = bmesh.new()
    bm.from_mesh(final)
    bm.verts.ensure_lookup_table()
    seam_layer = bm.verts.layers.int.new("seam")
    targetmap = {}
    for r, members in _weld_groups(len(final.vertices), pairs):
        c = sum((bm.verts[i].co for i in members), Vector()) / len(members)
        for i in members:
            bm.verts[i].co = c
            bm.verts[i][seam_layer] = 1
            if i != r:
                targetmap[bm.verts[i]] = bm.verts[r]
    bmesh.ops.delete(bm, geom=[e for e in bm.edges if not e.link_faces], context="EDGES")
    bmesh.ops.weld_verts(bm, targetmap=targetmap)
    seam_verts = [v for v in bm.verts if v[seam_layer] and v.link_faces and not v.is_boundary]
    bmesh.ops.smooth_vert(bm, verts=seam_verts, factor=Cloth.SEAM_SMOOTHING, use_axis_x=True, use_axis_y=True, use_axis_z=True)
    inner = [v for v in bm.verts if v.link_faces and not v.is_boundary]
    for _ in range(settings.smooth_passes):  # Taubin: shrink then inflate, so the cloth keeps its area
        bmesh.ops.smooth_vert(bm, verts=inner, factor=0.5, use_axis_x=True, use_axis_y=True, use_axis_z=True)
        bmesh.ops.smooth_vert(bm, verts=inner, factor=-0.53, use_axis_x=True, use_axis_y=True, use_axis_z=True)
    _smooth_boundaries(bm, Cloth.BOUNDARY_SMOOTHING_PASSES)
    for v in bm.verts:
        v.co = bodyform.push_out(v.co, garment.body_ws, Cloth.BODY_MARGIN_M, head=garment.hood, rounds=12)
    junction_cleanup(bm)
    bmesh.ops.recalc_face_normals(bm, faces=bm.faces)
    bm.verts.layers.int.remove(seam_layer)
    bm.to_mesh(final)
    bm.free()
    for poly in final.polygons:
        poly.use_smooth = True


def junction_cleanup(bm, merge_m=0.0015, mirror_m=0.005):
    """Where four or five panels meet (the underarm, the hood's nape), welding can leave two vertices a
    fraction of a millimetre apart, and the triangles between them pinch into edges with four faces. Merge
    such near-duplicates, drop the degenerate faces, and make the result exactly mirror-symmetric again
    (welding moved those points by their own, slightly asymmetric groups)."""
    bmesh.ops.remove_doubles(bm, verts=list(bm.verts), dist=merge_m)
    bmesh.ops.dissolve_degenerate(bm, dist=1e-6, edges=list(bm.edges))
    from mathutils.kdtree import KDTree
    bm.verts.ensure_lookup_table()
    tree = KDTree(len(bm.verts))
    for v in bm.verts:
        tree.insert(v.co, v.index)
    tree.balance()
    moved = {}
    for v in bm.verts:
        mirror = Vector((-v.co.x, v.co.y, v.co.z))
        # the nearest other vertex to this one's mirror image is its partner
        partner = next(((j, d) for _co, j, d in tree.find_n(mirror, 3) if j != v.index), (None, 1.0))
        j, d = partner
        if j is not None and d < mirror_m:
            m = bm.verts[j].co
            moved[v.index] = (v.co + Vector((-m.x, m.y, m.z))) / 2
        elif abs(v.co.x) < 0.003:  # alone near the centre plane (a merge took its partner): on the plane
            moved[v.index] = Vector((0.0, v.co.y, v.co.z))
    for i, co in moved.items():
        bm.verts[i].co = co
    # points put on the centre plane can land on each other (the tip of the hood strip): merge them once more
    bmesh.ops.remove_doubles(bm, verts=list(bm.verts), dist=merge_m)
    bmesh.ops.dissolve_degenerate(bm, dist=1e-6, edges=list(bm.edges))


def build_and_drape(garment, size, settings, log=print):
    """Triangulate the panels, place them around the form, sew and settle them, then symmetrise, weld the
    seams and clean up. Returns the draped object and a report (print areas, seam gaps, stretch, counts)."""
    h = settings.resolution
    bodyform.use_garment(garment.name)
    counts = seam_counts(garment, h)
    meshes = [PanelMesh(p, counts, h) for p in garment.panels]
    layout = uv_layout(garment, meshes)
    verts, flat, faces, uvs, offsets = _assemble(garment, meshes, layout)
    pairs, seam_of, cap_targets = _seam_pairs(garment, meshes, offsets, verts)
    _attach_sleeves(meshes, offsets, verts, cap_targets)
    log("start gaps mm: %s" % _max_by_seam(pairs, seam_of, [(verts[i] - verts[j]).length for i, j in pairs]))
    ob, rest = _cloth_object(garment, verts, flat, pairs, faces, uvs)
    body = bodyform.build(garment.body_ws, with_head=garment.hood)
    final = _simulate(garment, ob, rest, settings)
    partner = _mirror_map(meshes, offsets)
    co = final.vertices
    asym = [(co[i].co - Vector((-co[j].co.x, co[j].co.y, co[j].co.z))).length for i, j in partner.items()]
    if settings.symmetric:
        _symmetrize(final, partner)
    gaps = [(co[i].co - co[j].co).length for i, j in pairs]  # before welding: how well the sewing closed
    _stitch_and_clean(final, pairs, garment, settings)
    out = bpy.data.objects.new(garment.name + "_draped", final)
    bpy.context.scene.collection.objects.link(out)
    for o in [ob] + body:
        o.hide_set(True)
        o.hide_render = True
    areas = print_areas(garment, layout)
    info = {
        "printAreas": areas,
        "seamPairs": len(pairs),
        "asymmetryMeanMm": round(1000 * sum(asym) / max(1, len(asym)), 2),
        "printStretchP90": print_stretch(out.data, areas),
        "seamGapMeanMm": round(1000 * sum(gaps) / max(1, len(gaps)), 3),
        "seamGapMaxMm": round(1000 * max(gaps or [0]), 3),
        "seamGapMaxMmBySeam": _max_by_seam(pairs, seam_of, gaps),
        "vertices": len(final.vertices),
        "triangles": len(final.polygons),
    }
    return out, info
