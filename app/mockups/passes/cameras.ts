/**
 * Simple cameras for the built-in rasteriser, framed on the model's bounding sphere. glTF: +Y up, the model
 * faces +Z. Perspective for front/back/three_quarter, orthographic for flat_lay (a garment laid flat is seen
 * without perspective).
 */
import type { View } from "../../contracts/view";

export type Vec3 = [number, number, number];

export interface Camera {
  eye: Vec3;
  /** camera basis in world space: right, up, and forward (the direction the camera looks) */
  right: Vec3;
  up: Vec3;
  forward: Vec3;
  /** vertical half-angle tangent (perspective) or half-height in world units (orthographic) */
  perspective: boolean;
  tanHalfFov: number;
  halfHeight: number;
}

const norm = (v: Vec3): Vec3 => {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
};
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** Camera for `view` framing a sphere (centre, radius) with a small margin. */
export function viewCamera(view: View, center: Vec3, radius: number): Camera {
  const yaw = view === "back" ? Math.PI : view === "three_quarter" ? (35 * Math.PI) / 180 : 0;
  const pitch = view === "three_quarter" ? (8 * Math.PI) / 180 : 0;
  // direction from the centre towards the eye
  const dir: Vec3 = norm([Math.sin(yaw) * Math.cos(pitch), Math.sin(pitch), Math.cos(yaw) * Math.cos(pitch)]);
  const forward: Vec3 = [-dir[0], -dir[1], -dir[2]];
  const right = norm(cross(forward, [0, 1, 0]));
  const up = cross(right, forward);
  const margin = 1.06;
  if (view === "flat_lay") {
    const eye: Vec3 = [center[0] + dir[0] * radius * 3, center[1] + dir[1] * radius * 3, center[2] + dir[2] * radius * 3];
    return { eye, right, up, forward, perspective: false, tanHalfFov: 0, halfHeight: radius * margin };
  }
  const tanHalfFov = Math.tan((25 * Math.PI) / 180 / 2);
  const dist = (radius * margin) / Math.sin(Math.atan(tanHalfFov));
  const eye: Vec3 = [center[0] + dir[0] * dist, center[1] + dir[1] * dist, center[2] + dir[2] * dist];
  return { eye, right, up, forward, perspective: true, tanHalfFov, halfHeight: 0 };
}
