/** `mockup asset inspect FILE` and `mockup asset optimize IN OUT [--max-texture N] [--variants "Name=#hex,…"] [--low OUT_LOW]`. */
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { colorListArg, fileArgError, inputFile, parse } from "../args";
import { InputError, UsageError, type CliCommand } from "../types";
import { AssetError } from "../../gltf/errors";
import { inspectFile } from "../../gltf/inspect";
import { getIO } from "../../gltf/io";
import { writeGlb } from "../../gltf/optimise";
import { processFile } from "../../gltf/process";
import { validateGlb } from "../../gltf/validate";
import { addColorVariants } from "../../gltf/variants";
import { PRODUCT_TYPES, type ProductType } from "../../contracts/model-info";
import { DEFAULTS as OPTIMIZE_DEFAULTS } from "../../contracts/asset-optimize";

const USAGE = 'mockup asset inspect FILE | mockup asset optimize IN OUT [--max-texture 1024|2048] [--variants "Black=#000000,Beige=#F5DEB3"] [--low OUT_LOW] [--type tshirt|hoodie|mug|…] [--compat]  (--compat: no meshopt, no WebP, for Blender 3.4 and other DCC tools)';

/** Writes through a temp file so a failed run never leaves a half-written OUT. */
async function writeAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export const command: CliCommand = {
  name: "asset",
  summary: "inspect or optimise a 3D model file (GLB, glTF, OBJ, STL, FBX)",
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    try {
      if (sub === "inspect") {
        const { positionals } = parse(rest, {}, { min: 1, max: 1 });
        io.out(JSON.stringify(await inspectFile(inputFile("asset inspect", positionals[0])), null, 2));
        return 0;
      }
      if (sub === "optimize" || sub === "optimise") {
        const { values, positionals } = parse(
          rest,
          { "max-texture": { type: "string" }, variants: { type: "string" }, low: { type: "string" }, type: { type: "string" }, compat: { type: "boolean" } },
          { min: 2, max: 2 },
        );
        const [input, output] = [inputFile("asset optimize", positionals[0]), positionals[1]];
        const maxTexture = Number(values["max-texture"] ?? OPTIMIZE_DEFAULTS.maxTexture);
        if (maxTexture !== 1024 && maxTexture !== 2048) throw new UsageError("--max-texture must be 1024 or 2048");
        const productType = values.type as ProductType | undefined;
        if (productType && !PRODUCT_TYPES.includes(productType)) throw new UsageError(`--type must be one of ${PRODUCT_TYPES.join(", ")}`);
        const colors = values.variants ? colorListArg("variants", values.variants) : undefined;
        const compat = values.compat ? { compress: false, textureFormat: "original" as const } : {};
        // the same path as the providers, including refusing an input that cannot be made valid
        const result = await processFile(input, { maxTexture, productType, lowDetail: Boolean(values.low), ...compat });
        let glb = result.glb;
        let variants: string[] | undefined;
        if (colors) {
          const withVariants = await (await getIO()).readBinary(glb);
          variants = (await addColorVariants(withVariants, { colors })).variants;
          glb = await writeGlb(withVariants, { compress: !values.compat });
          const v = await validateGlb(glb);
          if (v.errors) throw new AssetError("invalid_gltf", "the variant model does not pass the glTF validator", v.messages);
        }
        await writeAtomic(output, glb);
        if (values.low && result.glbLow) await writeAtomic(values.low, result.glbLow);
        io.out(JSON.stringify({ output, bytes: glb.byteLength, variants, ...result.report }, null, 2));
        return 0;
      }
    } catch (err) {
      // a model we refuse (hostile, malformed, over budget) is a refused input file: exit 2
      if (err instanceof AssetError) throw new InputError(err.message, err.details);
      throw fileArgError(err) ?? err;
    }
    throw new UsageError(sub ? `unknown subcommand "${sub.slice(0, 40)}"` : "expected a subcommand: inspect or optimize");
  },
};
