/** Which kind of thumbnail an asset gets from its media type (light: no image or glTF library behind it). */
export type ThumbKind = "image" | "model";

export function thumbKindFor(mediaType: string): ThumbKind | null {
  if (mediaType === "model/gltf-binary") return "model";
  if (/^image\/(png|jpeg|webp|gif|avif)$/.test(mediaType)) return "image";
  return null;
}
