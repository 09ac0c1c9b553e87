"""Spread a draped garment out on the table before the press, as hands spread a garment before smoothing it.

A plate pressing the drape straight down folds whatever faced sideways on the form (the torso's side walls under
the arms, a hood's sides) into pleats that the solver cannot pull out again under the plate (decision 160). Here the
garment is laid out first, folded where a garment laid flat folds:
- the torso, with the hood above it, is one tube round the body, folded at its sides. Across, a point lies at its
  distance along the cloth to the nearer of the tube's back line and front line (the front line is the front's
  centre line and the hood's face edge; both start at their distance from the centre plane, so the face opening
  stays as wide as it hung on the form): on the bottom layer if the back line is nearer, on top otherwise, so the
  tube folds over halfway round. Along, it lies at its distance along the cloth from the hem;
- a sleeve lies as its panel folded in half along the cut's centre line (the top of the arm), the half that faced up
  on the form on top, its underarm seam along the lower edge; it is turned and moved onto its seam partners on the
  torso (a least-squares rigid fit, of the cut or its mirror image, lying out from the body), then drawn the last bit
  onto the torso along its seam (the shift fading out over SEAM_REACH_M);
- a point within FOLD_M of a fold (on a sleeve's top line, SLEEVE_FOLD_M: half a triangle, as the cut's centre line
  runs through the triangles) lies on it, halfway up between the layers, so the garment's edge follows the fold
  instead of zig-zagging from vertex to vertex across it (flatten holds those points firmly while pressing).
What comes from the drape: which tube a point belongs to, its side, which way its face looked (the tube's front and
back lines are the points on its centre plane facing up and facing the table), which half of a sleeve faced up.
Distances come from the cut (each panel's rest shape, flatten._rest_positions): the garment off the form relaxes to
its cut, and the form's stretch (up to 5 % round the hoodie's chest) is not laid onto the table. They are shortest
paths over the mesh's edges and its second ring of neighbours (on a flat panel within a few mm of the straight
line). Decision 163."""
import heapq
import math

import numpy as np


class Part:
    TORSO, HOOD, RIGHT, LEFT = 0, 1, 2, 3


SLEEVE_X_M = 0.15  # an island whose centre lies further out than this from the centre line is (part of) a sleeve
LINE_M = 0.012  # points this close to the torso's centre plane make its front and back lines
FOLD_M = 0.01  # torso points this close (along the cloth) to a fold lie on it
SLEEVE_FOLD_M = 0.013  # sleeve points this close to the top of the arm lie on it: half a triangle of the 2.4-2.6 cm lattice
LAYER_M = (0.0035, 0.0105)  # heights of the bottom and the top layer over the table (the plate stops at 1.4 cm)
SEAM_REACH_M = 0.08  # how far from its seam a sleeve is drawn onto the torso


def classify(co, islands):
    """Which part each point belongs to (co: N x 3, table frame, centred on x = 0; islands: N panel ids). The front
    and back panels are the two largest islands near the centre line; an island out to the side is a sleeve (or
    its cuff); one near the centre line whose centre lies above the shoulders' high point is the hood; the rest is
    the torso. (The committed drapes have front, back, two sleeves and three hood panels; rib bands and the pocket
    are added later, by the library.)"""
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
    """Neighbours with distances on the cut: mesh edges and the second ring within each panel, seam partners at
    distance 0 (a second ring reached through a seam partner would lie on another panel, its distance read across the
    UV layout's packing)."""
    n = len(rest)
    ring = [set() for _ in range(n)]
    for a, b in edges:
        ring[a].add(b)
        ring[b].add(a)
    nb = []
    for i in range(n):  # the second ring within the panel (mesh edges never cross a seam: the export split them)
        two = set(ring[i])
        for j in ring[i]:
            two |= ring[j]
        two.discard(i)
        nb.append([(j, float(np.linalg.norm(rest[i] - rest[j]))) for j in two])
    for g in groups:
        for i in g:
            nb[i] += [(j, 0.0) for j in g if j != i]
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


def _spread_torso(ids, co, facing, nb, mask, boundary, sewn, hood):
    """The torso and hood tube: (points, N x 2 table positions, layers)."""
    x = co[:, 0]  # across the tube (its centre plane is x = 0)
    near = ids[np.abs(x[ids]) < LINE_M]
    off = np.abs(x)  # centre-line points start at their distance from the plane
    w_b, _o = _distances(nb, near[facing[near] < -0.3], mask, start=off)
    face_edge = [i for i in ids if hood[i] and boundary[i] and i not in sewn]
    w_f, _o = _distances(nb, near[facing[near] > 0.3].tolist() + face_edge, mask, start=off)
    # the hem: the torso's open edge in its lower quarter (the front's may hang a few cm higher than the back's)
    body = ids[~hood[ids]]
    y0, y1 = co[body, 1].min(), co[body, 1].max()
    hem = [i for i in body if boundary[i] and i not in sewn and co[i, 1] < y0 + 0.25 * (y1 - y0)]
    along, _o = _distances(nb, hem, mask)
    ok = ids[np.isfinite(w_b[ids]) & np.isfinite(w_f[ids]) & np.isfinite(along[ids])]
    on_fold = np.abs(w_b[ok] - w_f[ok]) / 2 < FOLD_M
    across = np.where(on_fold, (w_b[ok] + w_f[ok]) / 2, np.minimum(w_b[ok], w_f[ok]))
    layer = np.where(on_fold, 0.5, np.where(w_f[ok] < w_b[ok], 1.0, 0.0))
    return ok, np.stack([np.where(x[ok] > 0, 1.0, -1.0) * across, y0 + along[ok]], axis=1), layer


def _spread_sleeve(ids, facing, rest, sewn, part):
    """A sleeve (its points `ids`) as its panel folded along the cut's centre line: (N x 2 local positions with the
    sleeve along +y, the same mirrored, layers)."""
    xc = rest[ids, 0] - (rest[ids, 0].min() + rest[ids, 0].max()) / 2
    up = 1.0 if np.mean(facing[ids] * np.sign(xc)) > 0 else -1.0  # the half that faced up on the form
    v = np.abs(xc)
    top = v < SLEEVE_FOLD_M
    v = np.where(top, 0.0, v)
    on_fold = top | np.array([sewn.get(int(i)) == {part} for i in ids])  # the top line, the underarm seam
    layer = np.where(on_fold, 0.5, np.where(np.sign(xc) == up, 1.0, 0.0))
    local = np.stack([v, rest[ids, 1]], axis=1)
    return local, local * np.array([-1.0, 1.0]), layer


def _place_sleeve(local_pair, ids, partner, out, part):
    """The rigid placement of a sleeve onto its seam partners on the torso: its cut or the mirror image, whichever
    fits better lying out from the body (a folded armhole fits a sleeve folded in over the body as well).
    Returns (N x 2 positions, mean and max cm off the partners)."""
    pairs = [(k, partner[int(i)]) for k, i in enumerate(ids) if int(i) in partner]
    if len(pairs) < 3:
        return local_pair[0], (None, None)
    dst = np.array([out[j, :2] for _k, j in pairs])
    sgn = 1.0 if part == Part.RIGHT else -1.0
    best = None
    for local in local_pair:
        src = np.array([local[k] for k, _j in pairs])
        r, c = _fit(src, dst)
        moved = local @ r.T + c
        res = np.linalg.norm(src @ r.T + c - dst, axis=1)
        score = res.mean() + (0.0 if sgn * (moved[:, 0].mean() - dst[:, 0].mean()) > 0 else 1.0)
        if best is None or score < best[0]:
            best = (score, moved, res)
    _s, moved, res = best
    return moved, (round(float(res.mean()) * 100, 2), round(float(res.max()) * 100, 2))


def _draw_onto_seam(out, ok, partner, nb, mask):
    """Move a sleeve the last bit onto the torso: each of its seam points onto its partner, the points near the
    seam by the same amount fading out over SEAM_REACH_M along the cloth, so no sewing spring has a gap to close
    when the press starts."""
    seam = [int(i) for i in ok if int(i) in partner]
    if not seam:
        return
    d, origin = _distances(nb, seam, mask)
    shift = {i: out[partner[i], :2] - out[i, :2] for i in seam}
    for i in ok:
        if origin[i] >= 0:
            out[i, :2] += shift[int(origin[i])] * math.exp(-d[i] / SEAM_REACH_M)


def unroll(co, facing, islands, edges, groups, boundary, rest):
    """Spread `co` (N x 3, table frame: z up, the garment's front up, collar towards +y, centred on x = 0) out on
    the table. facing: the z of each point's normal (+1 up); islands: panel id per point; edges: mesh edges
    (pairs); groups: seam groups (coincident points); boundary: points on an edge with one face; rest: N x 3 cut
    positions. Returns (N x 3 positions, N layers (0 bottom, 0.5 on a fold, 1 top), N parts (Part), [(sleeve,
    mean and max cm off its seam partners after its rigid fit)])."""
    part_of = classify(co, islands)
    nb = _graph(rest, edges, groups)
    sewn = {}  # point -> the parts it is sewn to
    for g in groups:
        ps = {int(part_of[i]) for i in g}
        for i in g:
            sewn[i] = ps
    out = co.copy()
    layer = np.zeros(len(co))
    hood = part_of == Part.HOOD
    mask = (part_of == Part.TORSO) | hood
    ok, xy, lay = _spread_torso(np.where(mask)[0], co, facing, nb, mask, boundary, sewn, hood)
    out[ok, :2], layer[ok] = xy, lay
    partner = {}  # point -> its seam partner on the torso
    for g in groups:
        on_torso = [i for i in g if part_of[i] == Part.TORSO]
        if on_torso:
            for i in g:
                partner[i] = on_torso[0]
    report = []
    for part in (Part.RIGHT, Part.LEFT):
        ids = np.where(part_of == part)[0]
        if len(ids) < 10:
            continue
        local, mirrored, lay = _spread_sleeve(ids, facing, rest, sewn, part)
        out[ids, :2], fit = _place_sleeve((local, mirrored), ids, partner, out, part)
        layer[ids] = lay
        report.append((part,) + fit)
        _draw_onto_seam(out, ids, partner, nb, part_of == part)
    out[:, 2] = LAYER_M[0] + layer * (LAYER_M[1] - LAYER_M[0])
    return out, layer, part_of, report
