// three ships mikktspace-wasm as a JS module without typings.
declare module "three/examples/jsm/libs/mikktspace.module.js" {
  export const ready: Promise<void>;
  export function generateTangents(position: Float32Array, normal: Float32Array, texcoord: Float32Array): Float32Array;
}
