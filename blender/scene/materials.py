"""Materials: the garment fabric and the white diffuse override used for the shading pass."""
import bpy


def fabric(name="fabric", rgb=(0.8, 0.8, 0.8)):
    m = bpy.data.materials.new(name)
    m.use_nodes = True
    bsdf = m.node_tree.nodes.get("Principled BSDF")
    bsdf.inputs["Base Color"].default_value = (*rgb, 1.0)
    bsdf.inputs["Roughness"].default_value = 0.9
    bsdf.inputs["Specular"].default_value = 0.2
    bsdf.inputs["Sheen"].default_value = 0.4
    m.use_backface_culling = False
    return m


def white_diffuse():
    m = bpy.data.materials.new("white_diffuse")
    m.use_nodes = True
    nt = m.node_tree
    nt.nodes.clear()
    d = nt.nodes.new("ShaderNodeBsdfDiffuse")
    d.inputs["Color"].default_value = (1, 1, 1, 1)
    o = nt.nodes.new("ShaderNodeOutputMaterial")
    nt.links.new(d.outputs["BSDF"], o.inputs["Surface"])
    return m


def knit_maps(mat):
    """The knit normal map (image + the importer's KHR_texture_transform mapping) and the construction
    stitch map (the glTF occlusion texture, app/library/construction/stitch-map.ts) of an imported material:
    (normal image, (scale, location), stitch image); None where absent."""
    if not mat or not mat.use_nodes:
        return None, None, None
    nt = mat.node_tree
    knit = mapping = None
    nm = next((n for n in nt.nodes if n.type == "NORMAL_MAP"), None)
    if nm and nm.inputs["Color"].links:
        img = nm.inputs["Color"].links[0].from_node
        if img.type == "TEX_IMAGE" and img.image:
            knit = img.image
            vec = img.inputs["Vector"].links
            if vec and vec[0].from_node.type == "MAPPING":
                mp = vec[0].from_node
                mapping = (tuple(mp.inputs["Scale"].default_value), tuple(mp.inputs["Location"].default_value))
    stitch = next((n.image for n in nt.nodes if n.type == "TEX_IMAGE" and n.image and "stitch" in n.image.name), None)
    return knit, mapping, stitch


def _image(nt, image, uv_socket=None, mapping=None):
    tex = nt.nodes.new("ShaderNodeTexImage")
    tex.image = image
    image.colorspace_settings.name = "Non-Color"
    uv = nt.nodes.new("ShaderNodeUVMap")
    src = uv.outputs["UV"]
    if mapping:
        mp = nt.nodes.new("ShaderNodeMapping")
        mp.inputs["Scale"].default_value = mapping[0]
        mp.inputs["Location"].default_value = mapping[1]
        nt.links.new(src, mp.inputs["Vector"])
        src = mp.outputs["Vector"]
    nt.links.new(src, tex.inputs["Vector"])
    return tex


def knit_strength(bounds, size):
    """How strongly the knit normal map shades a render of this framing: Cycles does not mip-map, so stitches
    (0.6-0.8 mm) far below a pixel turn into sampling noise (grain on light colours) instead of averaging out as
    they do in a photo. Full strength from 0.35 mm per pixel (a close-up), down to 0.15 for a small render."""
    lo, hi, _pts = bounds
    mm_per_px = max(hi - lo) * 1000.0 * 1.1 / max(1, size)
    return min(1.0, max(0.15, 0.35 / mm_per_px))


def detail_normal(nt, knit, mapping, stitch, bump_strength=0.9, strength=1.0):
    """Nodes giving the cloth's shading normal: the tiled knit normal map (at `strength`), then the stitch map as
    a bump (stitches and seams are grooves). Returns the Normal output socket, or None when there is neither."""
    out = None
    if knit:
        tex = _image(nt, knit, mapping=mapping)
        nm = nt.nodes.new("ShaderNodeNormalMap")
        nm.inputs["Strength"].default_value = strength
        nt.links.new(tex.outputs["Color"], nm.inputs["Color"])
        out = nm.outputs["Normal"]
    if stitch:
        st = _image(nt, stitch)
        bump = nt.nodes.new("ShaderNodeBump")
        bump.inputs["Strength"].default_value = bump_strength
        bump.inputs["Distance"].default_value = 0.0015
        nt.links.new(st.outputs["Color"], bump.inputs["Height"])
        if out is not None:
            nt.links.new(out, bump.inputs["Normal"])
        out = bump.outputs["Normal"]
    return out


def drop_sheen_add(mat):
    """The glTF importer turns KHR_materials_sheen into a Velvet BSDF *added* to the Principled BSDF, which
    brightens the cloth past its colour; our renders light sheen through the Principled BSDF's own Sheen
    (one calibrated rig, docs/decisions/131), so the Principled BSDF goes straight to the output again."""
    nt = mat.node_tree
    out = next((n for n in nt.nodes if n.type == "OUTPUT_MATERIAL"), None)
    bsdf = next((n for n in nt.nodes if n.type == "BSDF_PRINCIPLED"), None)
    if out and bsdf and out.inputs["Surface"].links and out.inputs["Surface"].links[0].from_node.type == "ADD_SHADER":
        nt.links.new(bsdf.outputs["BSDF"], out.inputs["Surface"])


def white_diffuse_detailed(knit, mapping, stitch, strength=1.0):
    """The shading pass's white diffuse override, with the cloth's knit and stitching (so the compositor's
    2D mockups show the knit through the print, as the hero renders do)."""
    m = white_diffuse()
    nt = m.node_tree
    d = next(n for n in nt.nodes if n.type == "BSDF_DIFFUSE")
    n = detail_normal(nt, knit, mapping, stitch, strength=strength)
    if n is not None:
        nt.links.new(n, d.inputs["Normal"])
    return m
