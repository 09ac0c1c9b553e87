"""Re-clean a committed garment GLB with the drape's junction clean-up (garment/simulate.py), without
draping again: near-duplicate vertices where panels meet are merged, degenerate faces dropped, and the mesh
made mirror-symmetric. Usage (run from the repository root):
blender -b --factory-startup -noaudio --python-exit-code 1 --python blender/tools/clean_glb.py -- in.glb out.glb"""
import os
import sys

import bmesh
import bpy
import numpy

numpy.bool = bool
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from garment.simulate import junction_cleanup  # noqa: E402
from scene.model import export_glb  # noqa: E402

src, dst = sys.argv[sys.argv.index("--") + 1:][:2]
bpy.ops.wm.read_factory_settings(use_empty=True)
bpy.ops.import_scene.gltf(filepath=src)
ob = next(o for o in bpy.context.scene.objects if o.type == "MESH")
bm = bmesh.new()
bm.from_mesh(ob.data)
before = len(bm.verts)
# the importer splits vertices at UV seams: join them by position first (UVs live on the loops)
bmesh.ops.remove_doubles(bm, verts=list(bm.verts), dist=1e-6)
joined = len(bm.verts)
junction_cleanup(bm)
bm.to_mesh(ob.data)
bm.free()
for p in ob.data.polygons:
    p.use_smooth = True
print("clean_glb: %d -> %d (seams joined) -> %d vertices" % (before, joined, len(ob.data.vertices)))
export_glb(ob, dst)
