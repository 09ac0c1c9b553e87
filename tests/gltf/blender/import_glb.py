# Imports a GLB with Blender's own glTF importer and prints one JSON line describing what arrived.
# Run: blender -b --factory-startup -noaudio --python-exit-code 1 --python import_glb.py -- FILE.glb
import json
import sys

import numpy

numpy.bool = bool  # Blender 3.4's importer still uses numpy.bool (removed in numpy 1.24)

import bpy

path = sys.argv[sys.argv.index("--") + 1]
bpy.ops.wm.read_factory_settings(use_empty=True)
result = bpy.ops.import_scene.gltf(filepath=path)
if "FINISHED" not in result:
    raise SystemExit("import failed: %s" % result)

triangles = 0
materials = set()
for obj in bpy.context.scene.objects:
    if obj.type != "MESH":
        continue
    mesh = obj.data
    mesh.calc_loop_triangles()
    triangles += len(mesh.loop_triangles)
    for slot in obj.material_slots:
        if slot.material:
            materials.add(slot.material.name)

variants = [v.name for v in getattr(bpy.context.scene, "gltf2_KHR_materials_variants_variants", [])]
print("RESULT " + json.dumps({"triangles": triangles, "materials": sorted(materials), "variants": variants}))
