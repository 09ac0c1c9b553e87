"""Import a GLB into the current scene and measure it."""
import math
import os

import bpy
from mathutils import Matrix, Vector


def import_glb(path, subdivide=0):
    """Import; with subdivide > 0 the meshes get a render-time Catmull-Clark (cloth silhouettes stay round,
    the GLB stays small). UV island borders are kept so print areas do not move."""
    from jobs.validate import InputError

    with open(path, "rb") as f:
        if f.read(4) != b"glTF":
            raise InputError("not a binary glTF (GLB) file: %s" % os.path.basename(path))
    before = set(bpy.data.objects)
    try:
        bpy.ops.import_scene.gltf(filepath=path)
    except Exception as e:  # the importer raises RuntimeError/KeyError/... on broken files
        raise InputError("cannot import the model: %s" % str(e).splitlines()[-1][:300])
    obs = [o for o in bpy.data.objects if o not in before]
    meshes = [o for o in obs if o.type == "MESH"]
    if not meshes:
        raise InputError("the model has no meshes: %s" % os.path.basename(path))
    for o in meshes:
        if subdivide:
            m = o.modifiers.new("subdivide", "SUBSURF")
            m.levels = m.render_levels = subdivide
            m.uv_smooth = "PRESERVE_BOUNDARIES"
            m.quality = 1
            m.use_limit_surface = False
            for poly in o.data.polygons:
                poly.use_smooth = True
    if subdivide:
        # bake the subdivision into the mesh once: otherwise the depsgraph and every render evaluate it again
        dg = bpy.context.evaluated_depsgraph_get()
        for o in meshes:
            me = bpy.data.meshes.new_from_object(o.evaluated_get(dg), preserve_all_data_layers=True, depsgraph=dg)
            o.modifiers.clear()
            o.data = me
    for o in obs:  # a GLB may carry its own cameras/lights: ours decide the look
        if o.type in ("CAMERA", "LIGHT"):
            bpy.data.objects.remove(o)
    return meshes


def bounds(meshes):
    pts = [o.matrix_world @ Vector(c) for o in meshes for c in o.bound_box]
    lo = Vector((min(p.x for p in pts), min(p.y for p in pts), min(p.z for p in pts)))
    hi = Vector((max(p.x for p in pts), max(p.y for p in pts), max(p.z for p in pts)))
    return lo, hi, pts


# a model whose height is under this share of its larger side lies flat (a flat-lay drape on its table)
FLAT_SHARE = 0.04


def stand_up_flat_lay(meshes):
    """Stand a garment laid flat (blender/garment/flatten.py: on the table at z = 0, front up, collar to +Y) up
    facing the front (-Y), collar up, with its table behind it: every camera of views.py then frames it as it
    frames a garment on the form, and the flat lay is seen from straight above. Returns whether it did."""
    lo, hi, _pts = bounds(meshes)
    ext = hi - lo
    if ext.z > FLAT_SHARE * max(ext.x, ext.y):
        return False
    turn = Matrix.Rotation(math.pi / 2, 4, "X")  # +Z (front) to -Y, +Y (collar) to +Z
    for o in meshes:
        o.matrix_world = turn @ o.matrix_world
    bpy.context.view_layer.update()
    return True


def export_glb(ob, path):
    """Write `ob` alone as a GLB as the committed garments are written: Y-up, UVs and normals, its materials, no
    tangents, colours, animation, cameras or lights."""
    bpy.ops.object.select_all(action="DESELECT")
    ob.select_set(True)
    bpy.context.view_layer.objects.active = ob
    bpy.ops.export_scene.gltf(
        filepath=path, export_format="GLB", use_selection=True, export_apply=True, export_yup=True,
        export_texcoords=True, export_normals=True, export_colors=False, export_tangents=False,
        export_materials="EXPORT", export_animations=False, export_skins=False, export_morph=False,
        export_cameras=False, export_lights=False,
    )
