"""Spread a draped garment out on the table before the press, as hands spread a garment before smoothing it.

A plate pressing the drape straight down folds whatever faced sideways on the form (the torso's side walls under
the arms, a hood's sides) into pleats that the solver cannot pull out again under the plate (decision 160). Here
each tube of the garment (the torso, each sleeve, the hood) is opened out first and folded at its sides:
- across: a point's distance along the cloth to the tube's back line and to its front line (for the hood, open at
  the face, to the face edge). The nearer one is its distance from the middle of the spread tube: on the bottom
  layer if the back line is nearer, on top otherwise, so each tube folds over halfway round, at its sides. A point
  within FOLD_M of the fold lies on it, so the garment's edge follows the fold instead of zig-zagging from vertex
  to vertex across it;
- along: its distance along the cloth from the tube's end (the torso's hem, a sleeve's cuff); a hood point rises
  from where its nearest neck seam point lies on the torso;
- each sleeve is turned and moved onto its seam partners on the torso (a least-squares rigid fit), and then each
  sleeve and the hood is drawn the last bit onto the torso along its seam (fading out away from it).
What comes from the drape: which tube a point belongs to, its side, which of its faces looks up (the front, the back,
the tube's front and back lines) and where a sleeve points. Distances come from the cut (each panel's rest shape,
flatten._rest_positions): the garment off the form relaxes to its cut, and the form's stretch (up to 5 % round the
hoodie's chest) is not spread onto the table. They are shortest paths over the mesh's edges and its second ring of
neighbours (on a flat panel a two-ring path is within a few mm of the straight line). Decision 163."""
import heapq
import math

import numpy as np


class Part:
    TORSO, HOOD, RIGHT, LEFT = 0, 1, 2, 3


SLEEVE_X_M = 0.15  # an island whose centre lies further out than this from the centre line is (part of) a sleeve
LINE_M = 0.012  # points this close to a tube's centre plane make its front and back lines
FOLD_M = 0.01  # points this close (along the cloth) to a fold lie on it
LAYER_M = (0.0035, 0.0105)  # heights of the bottom and the top layer over the table (the plate stops at 1.4 cm)
SEAM_REACH_M = 0.08  # how far from its seam a sleeve or the hood is drawn onto the torso


def classify(co, islands):
    """Which tube each point belongs to (co: N x 3, table frame, centred on x = 0; islands: N panel ids). The front
    and back panels are the two largest islands near the centre line; an island out to the side is a sleeve (or
    its cuff); one near the centre line whose centre lies above the shoulders' high point is the hood; the rest
    (neckband, pocket, waistband) is the torso."""
    isl = np.asarray(islands)
    ids = np.unique(isl)
    mean = {k: co[isl == k].mean(axis=0) for k in ids}
    central = sorted((k for k in ids if abs(mean[k][0]) < SLEEVE_X_M), key=lambda k: -(isl == k).sum())
    y_hps = max(co[isl == k][:, 1].max() for k in central[:2])
    part = {}
    for k in ids:
        if abs(mean[k][0]) >= SLEEVE_X_M:
            part[k] = Part.RIGHT if mean[k][0] > 0 else Part.LEFT
        else:
            part[k] = Part.HOOD if mean[k][1] > y_hps else Part.TORSO
    return np.array([part[k] for k in isl])


def _graph(rest, edges, groups):
    """Neighbours with distances on the cut: mesh edges and the second ring, seam partners at distance 0."""
    n = len(rest)
    ring = [set() for _ in range(n)]
    for a, b in edges:
        ring[a].add(b)
        ring[b].add(a)
    for g in groups:
        for i in g:
            ring[i].update(j for j in g if j != i)
    nb = []
    for i in range(n):
        two = set(ring[i])
        for j in ring[i]:
            two |= ring[j]
        two.discard(i)
        nb.append([(j, float(np.linalg.norm(rest[i] - rest[j]))) for j in two])
    for g in groups:
        for i in g:
            nb[i] = [(j, 0.0 if j in g else d) for j, d in nb[i]]
    return nb


def _distances(nb, seeds, allowed, start=None):
    """Shortest path length from any of `seeds` to every point of `allowed` (a boolean mask), inf elsewhere, and
    the seed each point is nearest to (-1 where none). start: each seed's starting value (default 0)."""
    dist = np.full(len(nb), np.inf)
    origin = np.full(len(nb), -1)
    heap = [(0.0 if start is None else float(start[int(s)]), int(s)) for s in seeds]
    for d0, s in heap:
        dist[s], origin[s] = d0, s
    heapq.heapify(heap)
    while heap:
        d, i = heapq.heappop(heap)
        if d > dist[i]:
            continue
        for j, w in nb[i]:
            if allowed[j] and d + w < dist[j]:
                dist[j], origin[j] = d + w, origin[i]
                heapq.heappush(heap, (d + w, j))
    return dist, origin


def _fit(src, dst):
    """Rotation R and translation c (2-D) taking points src onto dst in the least-squares sense."""
    sc, dc = src.mean(axis=0), dst.mean(axis=0)
    u, _s, vt = np.linalg.svd((src - sc).T @ (dst - dc))
    r = (u @ vt).T
    if np.linalg.det(r) < 0:
        vt[-1] *= -1
        r = (u @ vt).T
    return r, dc - r @ sc


def _draw_onto_seam(out, ok, partner, nb, mask):
    """Move a sleeve or the hood the last bit onto the torso: each of its seam points onto its partner, the points
    near the seam by the same amount fading out over SEAM_REACH_M along the cloth, so no sewing spring has a gap
    to close when the press starts."""
    seam = [int(i) for i in ok if int(i) in partner]
    if not seam:
        return
    d, origin = _distances(nb, seam, mask)
    shift = {i: out[partner[i], :2] - out[i, :2] for i in seam}
    for i in ok:
        if origin[i] >= 0:
            out[i, :2] += shift[int(origin[i])] * math.exp(-d[i] / SEAM_REACH_M)


def _spread_tube(part, ids, co, facing, nb, mask, boundary, sewn):
    """One tube's spread coordinates: (points, N x 2 (along, across), on top, nearest end point)."""
    if part in (Part.TORSO, Part.HOOD):
        o, d = np.zeros(2), np.array([0.0, 1.0])
    else:  # a sleeve points from its cap (the points sewn to the torso) through its middle
        c = co[ids, :2].mean(axis=0)
        cap = [i for i in ids if Part.TORSO in sewn.get(i, ())]
        d = c - co[cap, :2].mean(axis=0) if cap else np.array([math.copysign(1.0, c[0]), 0.0])
        d, o = d / np.linalg.norm(d), c
    across = np.array([-d[1], d[0]])
    n = (co[:, :2] - o) @ across
    near = ids[np.abs(n[ids]) < LINE_M]
    # front and back lines: the points on the tube's centre plane facing up and those facing the table (those facing
    # sideways, over a hood's crown or round a shoulder, are neither); they start at their distance from the plane
    off = np.abs(n)
    w_b, _o = _distances(nb, near[facing[near] < -0.3], mask, start=off)
    if part == Part.HOOD:  # open at the face: its front line is the face edge
        w_f, _o = _distances(nb, [i for i in ids if boundary[i] and i not in sewn], mask)
    else:
        w_f, _o = _distances(nb, near[facing[near] > 0.3], mask, start=off)
    if part == Part.TORSO:  # the hem: the open edge in the lower quarter (the front's may hang higher than the back's)
        y0, y1 = co[ids, 1].min(), co[ids, 1].max()
        ends = [i for i in ids if boundary[i] and i not in sewn and co[i, 1] < y0 + 0.25 * (y1 - y0)]
    elif part == Part.HOOD:
        ends = [i for i in ids if Part.TORSO in sewn.get(i, ())]
    else:  # a sleeve's only open edge: its cuff
        ends = [i for i in ids if boundary[i] and i not in sewn]
    along, origin = _distances(nb, ends, mask)
    ok = ids[np.isfinite(w_b[ids]) & np.isfinite(w_f[ids]) & np.isfinite(along[ids])]
    side = np.where(n[ok] >= 0, 1.0, -1.0)
    on_fold = np.abs(w_b[ok] - w_f[ok]) / 2 < FOLD_M
    v = side * np.where(on_fold, (w_b[ok] + w_f[ok]) / 2, np.minimum(w_b[ok], w_f[ok]))
    u = along[ok] if part != Part.RIGHT and part != Part.LEFT else -along[ok]  # a sleeve: back from the cuff
    layer = np.where(on_fold, 0.5, np.where(w_f[ok] < w_b[ok], 1.0, 0.0))
    return ok, np.stack([u, v], axis=1), layer, origin[ok]


def unroll(co, facing, islands, edges, groups, boundary, rest):
    """Spread `co` (N x 3, table frame: z up, the garment's front up, collar towards +y, centred on x = 0) out on
    the table. facing: the z of each point's normal (+1 up); islands: panel id per point; edges: mesh edges
    (pairs); groups: seam groups (coincident points); boundary: points on an edge with one face; rest: N x 3 cut
    positions. Returns (N x 3 positions, N layers (0 bottom, 0.5 on a fold, 1 top), N torso flags, [(sleeve, mean
    and max cm off its seam partners after its rigid fit)])."""
    part_of = classify(co, islands)
    nb = _graph(rest, edges, groups)
    sewn = {}  # point -> the parts it is sewn to
    for g in groups:
        ps = {int(part_of[i]) for i in g}
        for i in g:
            sewn[i] = ps
    out = co.copy()
    layer = np.zeros(len(co))
    spread = {}
    for part in (Part.TORSO, Part.HOOD, Part.RIGHT, Part.LEFT):
        mask = part_of == part
        ids = np.where(mask)[0]
        if len(ids) >= 10:
            spread[part] = _spread_tube(part, ids, co, facing, nb, mask, boundary, sewn)
            layer[spread[part][0]] = spread[part][2]
    # the torso: along is up the table from the hem, across is x (across = (-1, 0) for an axis along +y)
    ok, uv, _l, _o = spread[Part.TORSO]
    out[ok, 0], out[ok, 1] = -uv[:, 1], co[ok, 1].min() + uv[:, 0]
    partner = {}  # point -> its seam partner on the torso
    for g in groups:
        on_torso = [i for i in g if part_of[i] == Part.TORSO]
        if on_torso:
            for i in g:
                partner[i] = on_torso[0]
    if Part.HOOD in spread:  # each hood point rises from where its nearest neck seam point lies on the torso
        ok, uv, _l, org = spread[Part.HOOD]
        base = np.array([out[partner[o], 1] if o in partner else co[o, 1] for o in org])
        out[ok, 0], out[ok, 1] = -uv[:, 1], base + uv[:, 0]
        _draw_onto_seam(out, ok, partner, nb, part_of == Part.HOOD)
    report = []
    for part in (Part.RIGHT, Part.LEFT):
        if part not in spread:
            continue
        ok, uv, _l, _o = spread[part]
        local = np.stack([-uv[:, 1], uv[:, 0]], axis=1)  # as if the sleeve pointed along +y
        pairs = [(k, partner[int(i)]) for k, i in enumerate(ok) if int(i) in partner]
        if len(pairs) >= 3:
            src = np.array([local[k] for k, _j in pairs])
            dst = np.array([out[j, :2] for _k, j in pairs])
            r, c = _fit(src, dst)
            moved = local @ r.T + c
            resid = np.linalg.norm(src @ r.T + c - dst, axis=1)
            report.append((part, round(float(resid.mean()) * 100, 2), round(float(resid.max()) * 100, 2)))
        else:
            moved = local + co[ok, :2].mean(axis=0) - local.mean(axis=0)
        out[ok, 0], out[ok, 1] = moved[:, 0], moved[:, 1]
        _draw_onto_seam(out, ok, partner, nb, part_of == part)
    out[:, 2] = LAYER_M[0] + layer * (LAYER_M[1] - LAYER_M[0])
    return out, layer, part_of == Part.TORSO, report
