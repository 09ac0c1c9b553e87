/** Limits applied to every model we read; an input over any of them is refused before it is parsed. */
export interface AssetLimits {
  /** largest input file. Default 128 MB. */
  maxFileBytes: number;
  /** largest byteLength any buffer may declare. Default 256 MB. */
  maxBufferBytes: number;
  /** largest texture width or height in pixels (header-checked before decoding). Default 8192. */
  maxTextureSide: number;
  /** largest texture pixel count. Default 8192 × 8192. */
  maxTexturePixels: number;
  /** most images in one model. Default 64. */
  maxImages: number;
  /** largest JSON chunk. Default 32 MB. */
  maxJsonBytes: number;
}

export const DEFAULT_LIMITS: AssetLimits = {
  maxFileBytes: 128 * 1024 * 1024,
  maxBufferBytes: 256 * 1024 * 1024,
  maxTextureSide: 8192,
  maxTexturePixels: 8192 * 8192,
  maxImages: 64,
  maxJsonBytes: 32 * 1024 * 1024,
};
