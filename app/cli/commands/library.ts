/** `mockup library list` and `mockup library export NAME OUT`: the built-in product models. */
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileArgError, parse } from "../args";
import { UsageError, type CliCommand } from "../types";
import { AssetError } from "../../gltf/errors";
import { listModels, loadModel, modelNames } from "../../library/index";

export const command: CliCommand = {
  name: "library",
  summary: "list or export the built-in product models",
  usage: "mockup library list [--json] | mockup library export NAME OUT.glb",
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === "list") {
      const { values } = parse(rest, { json: { type: "boolean" } });
      const models = listModels();
      if (values.json) io.out(JSON.stringify(models, null, 2));
      else for (const m of models) io.out(`${m.name.padEnd(10)} ${m.productType.padEnd(10)} ${m.title}  [${m.printAreas.map((a) => a.name).join(", ")}]  licence: ${m.licence}`);
      return 0;
    }
    if (sub === "export") {
      const { positionals } = parse(rest, {}, { min: 2, max: 2 });
      const [name, out] = positionals;
      if (!modelNames().includes(name)) throw new UsageError(`unknown model "${name.slice(0, 40)}" (available: ${modelNames().join(", ")})`);
      try {
        const { glb, info, source } = await loadModel(name);
        const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
        try {
          await writeFile(tmp, glb);
          await rename(tmp, out);
        } catch (err) {
          await rm(tmp, { force: true });
          throw err;
        }
        io.out(JSON.stringify({ name, output: out, bytes: glb.byteLength, source, printAreas: info.printAreas.map((a) => a.name) }));
        return 0;
      } catch (err) {
        // OUT cannot be written (missing folder, no permission): a bad argument
        const bad = fileArgError(err);
        if (bad) throw bad;
        if (err instanceof AssetError) {
          io.err(`error: ${err.message}`);
          return 1;
        }
        throw err;
      }
    }
    throw new UsageError(sub ? `unknown subcommand "${sub.slice(0, 40)}"` : "expected a subcommand: list or export");
  },
};
