/** An asset's key in the content-addressed store: the sha256 of its bytes, lower-case hex. */
import { z } from "zod";

export const assetKeySchema = z.string().regex(/^[0-9a-f]{64}$/, "asset key must be sha256 hex");
export type AssetKey = z.infer<typeof assetKeySchema>;

/** A built-in library model's name (tee, hoodie, mug …), also the `name` of its ModelInfo. */
export const modelNameSchema = z.string().regex(/^[a-z0-9_-]{1,40}$/, "model must be a library name like tee or hoodie");
