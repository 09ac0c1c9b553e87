# Makes tests/gltf/fixtures/two.fbx (our own file, no third-party content): a red sphere, and a cube
# textured with an 8×8 generated image embedded in the FBX. Units: Blender metres exported as FBX cm.
# Run: blender -b --factory-startup -noaudio --python-exit-code 1 --python export_fbx.py -- OUT.fbx
import os
import sys
import tempfile

import bpy

out = sys.argv[sys.argv.index("--") + 1]
bpy.ops.wm.read_factory_settings(use_empty=True)

bpy.ops.mesh.primitive_uv_sphere_add(segments=16, ring_count=8, radius=0.5)
sphere = bpy.context.active_object
red = bpy.data.materials.new("red_paint")
red.use_nodes = True
red.node_tree.nodes["Principled BSDF"].inputs["Base Color"].default_value = (0.8, 0.1, 0.1, 1)
sphere.data.materials.append(red)

bpy.ops.mesh.primitive_cube_add(size=0.3, location=(1, 0, 0))
cube = bpy.context.active_object
img = bpy.data.images.new("checker", 8, 8)
img.pixels = [v for i in range(64) for v in ((1, 1, 1, 1) if (i // 8 + i % 8) % 2 else (0, 0.3, 0.8, 1))]
png = os.path.join(tempfile.mkdtemp(), "checker.png")
img.filepath_raw = png
img.file_format = "PNG"
img.save()
printed = bpy.data.materials.new("printed")
printed.use_nodes = True
tex = printed.node_tree.nodes.new("ShaderNodeTexImage")
tex.image = img
printed.node_tree.links.new(tex.outputs["Color"], printed.node_tree.nodes["Principled BSDF"].inputs["Base Color"])
cube.data.materials.append(printed)

bpy.ops.export_scene.fbx(filepath=out, path_mode="COPY", embed_textures=True)
