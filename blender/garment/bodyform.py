"""The body form the garment settles on: a lofted torso of ellipses, a neck, a head (for the hood) and two
arms as tapered tubes. Also an analytic `push_out` so the garment's start shape never intersects it."""
import json
import math
import os

import bmesh
import bpy
from mathutils import Vector

_DATA = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "bodyform.json")))
TORSO = [tuple(r) for r in _DATA["torso"]]  # (z, half width, half depth), size M
ARM_ANGLE = math.radians(_DATA["armAngleDeg"])  # below horizontal; set per garment by use_garment()
SHOULDER = tuple(_DATA["shoulder"])
ARM = [tuple(r) for r in _DATA["arm"]]  # (distance along the arm, radius)
HEAD = (Vector(_DATA["head"]["centre"]), _DATA["head"]["radius"])


def use_garment(name):
    """Pose the form's arms for a garment (bodyform.json armAngleDegByGarment): a hoodie's long sleeves hang
    closer to the body than a tee's short ones stand out. Every later call (collider, push_out, sleeve
    placement) uses this angle."""
    global ARM_ANGLE
    ARM_ANGLE = math.radians(_DATA.get("armAngleDegByGarment", {}).get(name, _DATA["armAngleDeg"]))


def scaled(ws):
    return [(z, a * ws, b * ws) for z, a, b in TORSO]


def torso_at(z, ws):
    t = scaled(ws)
    if z <= t[0][0]:
        return t[0][1], t[0][2]
    for (z0, a0, b0), (z1, a1, b1) in zip(t, t[1:]):
        if z <= z1:
            f = (z - z0) / (z1 - z0)
            f = f * f * (3 - 2 * f)  # smoothstep between rings: no kinks in the surface
            return a0 + (a1 - a0) * f, b0 + (b1 - b0) * f
    return t[-1][1], t[-1][2]


def arm_axis(side, ws):
    """Shoulder joint and unit direction of the arm for side +1 (right, +X) or -1."""
    j = Vector((side * SHOULDER[0] * ws, SHOULDER[1], SHOULDER[2]))
    d = Vector((side * math.cos(ARM_ANGLE), 0.0, -math.sin(ARM_ANGLE)))
    return j, d


def arm_radius(s, ws):
    if s <= 0:
        return ARM[0][1] * ws
    for (s0, r0), (s1, r1) in zip(ARM, ARM[1:]):
        if s <= s1:
            return (r0 + (r1 - r0) * (s - s0) / (s1 - s0)) * ws
    return ARM[-1][1] * ws


def push_out(p, ws, margin, head=False, rounds=3):
    """Move point p (Vector) outside the body form inflated by margin."""
    q = p.copy()
    for _ in range(rounds):
        q = _push_once(q, ws, margin, head)
    return q


def _push_once(p, ws, margin, head):
    q = p.copy()
    a, b = torso_at(q.z, ws)
    if q.z < TORSO[-1][0] + 0.02:
        a, b = a + margin, b + margin
        r = (q.x / a) ** 2 + (q.y / b) ** 2
        if r < 1.0:
            if r < 1e-8:
                q.y = -b
            else:
                k = 1.0 / math.sqrt(r)
                q.x *= k
                q.y *= k
    for side in (1, -1):
        j, d = arm_axis(side, ws)
        s = (q - j).dot(d)
        if 0.0 <= s < ARM[-1][0]:
            c = j + d * s
            v = q - c
            rr = arm_radius(s, ws) + margin
            if v.length < rr:
                if v.length < 1e-6:
                    v = Vector((0, 0, 1)).cross(d)
                q = c + v.normalized() * rr
    if head:
        c, r = HEAD
        v = q - c
        if v.length < r + margin:
            q = c + v.normalized() * (r + margin)
    return q


def _loft(name, rings, close_top=True):
    bm = bmesh.new()
    prev = None
    loops = []
    for ring in rings:
        vs = [bm.verts.new(p) for p in ring]
        loops.append(vs)
        if prev:
            n = len(vs)
            for i in range(n):
                bm.faces.new((prev[i], prev[(i + 1) % n], vs[(i + 1) % n], vs[i]))
        prev = vs
    bm.faces.new(list(reversed(loops[0])))
    if close_top:
        bm.faces.new(loops[-1])
    me = bpy.data.meshes.new(name)
    bm.to_mesh(me)
    bm.free()
    ob = bpy.data.objects.new(name, me)
    bpy.context.scene.collection.objects.link(ob)
    return ob


def build(ws, with_head=False, segments=40):
    """Collider objects for the body form; returns them (hidden from renders)."""
    obs = []
    rings = []
    z = TORSO[0][0] - 0.05
    while z <= TORSO[-1][0] + 1e-6:
        a, b = torso_at(z, ws)
        rings.append([(a * math.cos(2 * math.pi * i / segments), b * math.sin(2 * math.pi * i / segments), z) for i in range(segments)])
        z += 0.02
    obs.append(_loft("body_torso", rings))
    for side in (1, -1):
        j, d = arm_axis(side, ws)
        u = Vector((0, 1, 0))
        w = d.cross(u).normalized()
        arings = []
        s = 0.0  # from the joint, as push_out: a tube started inside the torso bulged up under the shoulder seam
        while s <= ARM[-1][0] + 1e-6:
            r = arm_radius(s, ws)
            c = j + d * s
            arings.append([tuple(c + (u * math.cos(2 * math.pi * i / 20) + w * math.sin(2 * math.pi * i / 20)) * r) for i in range(20)])
            s += 0.03
        obs.append(_loft("body_arm_%s" % ("r" if side > 0 else "l"), arings))
    if with_head:
        bpy.ops.mesh.primitive_uv_sphere_add(radius=HEAD[1], location=HEAD[0], segments=24, ring_count=12)
        obs.append(bpy.context.active_object)
        obs[-1].name = "body_head"
    for ob in obs:
        ob.modifiers.new("collision", "COLLISION")
        ob.collision.thickness_outer = 0.004
        ob.collision.thickness_inner = 0.02
        ob.collision.cloth_friction = 5.0
        ob.hide_render = True
    return obs
