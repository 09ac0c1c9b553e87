"""Studio lighting, one rig for every colour and view: a key sun from the upper left front, a soft fill from
the right, a rim from behind and a dim white world. The rig turns with the camera.

Exposed like a product photographer exposes: lit mid-tone fabric reads at its own colour (shading ≈ 1.0),
so a mockup of #2E8B57 looks #2E8B57 where the light falls on it, not 30 % darker. A Cycles sun of strength
S lights a white diffuse card facing it at S / π, hence a key near π. Measured on the M tee's front torso
(tests/blender/lit-colour.test.ts): shading p5 0.53, median 1.01, p95 1.29; the key from 45° to the side
gives the folds enough contrast that black fabric shows them (L* p95 - p5 ≈ 9.7, issue 16 asks ≥ 8).
See docs/decisions/131."""
import math

import bpy
from mathutils import Vector

# name: (direction towards the light x, y, z in the front view; strength; angular diameter in degrees)
RIG = {
    "key": ((-0.85, -0.9, 0.7), 3.9, 12.0),
    "fill": ((1.0, -0.6, 0.1), 0.45, 40.0),
    "rim": ((0.3, 1.0, 0.6), 1.1, 20.0),
}
WORLD = 0.1  # a dim white world: shadowed folds stay readable, not black


def _sun(name, direction, strength, angle_deg):
    d = bpy.data.lights.new(name, "SUN")
    d.energy = strength
    d.angle = math.radians(angle_deg)
    o = bpy.data.objects.new(name, d)
    o.rotation_euler = Vector(direction).normalized().to_track_quat("Z", "Y").to_euler()
    bpy.context.scene.collection.objects.link(o)
    return o


def studio(view_yaw_deg=0.0):
    """Lights turn with the camera so every view is lit like the front one."""
    yw = math.radians(view_yaw_deg)

    def turn(x, y, z):
        return (x * math.cos(yw) - y * math.sin(yw), x * math.sin(yw) + y * math.cos(yw), z)

    for name, (direction, strength, angle) in RIG.items():
        _sun(name, turn(*direction), strength, angle)
    world = bpy.data.worlds.new("studio")
    world.use_nodes = True
    bg = world.node_tree.nodes["Background"]
    bg.inputs["Color"].default_value = (1, 1, 1, 1)
    bg.inputs["Strength"].default_value = WORLD
    bpy.context.scene.world = world
