"""Developer preview: import a GLB and render quick Workbench views to PNGs (not used by the pipeline).
Usage: blender -b --factory-startup --python blender/tools/preview.py -- model.glb out_prefix"""
import math
import sys

import bpy
import numpy
from mathutils import Vector

numpy.bool = bool
src, prefix = sys.argv[sys.argv.index("--") + 1:][:2]
bpy.ops.wm.read_factory_settings(use_empty=True)
bpy.ops.import_scene.gltf(filepath=src)
obs = [o for o in bpy.context.scene.objects if o.type == "MESH"]
pts = [o.matrix_world @ Vector(c) for o in obs for c in o.bound_box]
lo = Vector((min(p.x for p in pts), min(p.y for p in pts), min(p.z for p in pts)))
hi = Vector((max(p.x for p in pts), max(p.y for p in pts), max(p.z for p in pts)))
c = (lo + hi) / 2
r = (hi - lo).length / 2
sc = bpy.context.scene
sc.render.engine = "BLENDER_WORKBENCH"
sc.display.shading.light = "STUDIO"
sc.display.shading.show_cavity = True
sc.render.resolution_x = sc.render.resolution_y = int(__import__("os").environ.get("PREVIEW_SIZE", "400"))
cam = bpy.data.objects.new("cam", bpy.data.cameras.new("cam"))
sc.collection.objects.link(cam)
sc.camera = cam
for name, yaw, pitch in (("front", 0, 5), ("tq", 40, 10), ("side", 90, 0), ("top", 0, 80), ("back", 180, 5)):
    d = 3.2 * r
    yw, pt = math.radians(yaw), math.radians(pitch)
    cam.location = c + Vector((d * math.sin(yw) * math.cos(pt), -d * math.cos(yw) * math.cos(pt), d * math.sin(pt)))
    cam.rotation_euler = (c - cam.location).to_track_quat("-Z", "Y").to_euler()
    sc.render.filepath = "%s_%s.png" % (prefix, name)
    bpy.ops.render.render(write_still=True)
