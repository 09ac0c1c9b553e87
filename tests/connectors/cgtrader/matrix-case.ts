/**
 * CGTrader's cells of the fault matrix (tests/connectors/fault-matrix.test.ts owns the matrix): how to reach the
 * double, what a job for it is, and what "the next provider" means for it.
 *
 * CGTrader answers model.fetch *imports*: nothing else can fetch a model that exists only on CGTrader, so there is
 * no next provider (`fallback: null`): a first import in a fault fails with the fault in its error, and a re-import
 * is finished by the earlier import's result (the step cache, staleKey `import/cgtrader/<id>`), marked degraded.
 * Each job names a new library model for the same CGTrader model, so no step-cache hit hides the vendor.
 */
import { cgtraderProviderOn } from "../../../app/connectors/cgtrader/wiring.server";
import type { ConnectorKit } from "../../../app/connectors/shared/connector";
import type { Db } from "../../../app/db/client.server";
import type { JobSpec, Provider } from "../../../app/pipeline/types";
import { saveSettings } from "../../../app/shopify/settings.server";
import { DEMO_CLIENT, startCgtraderDouble, type CgtraderDouble } from "../../doubles/cgtrader/server";
import type { FaultMode, FaultSettings } from "../../doubles/vendor-faults";
import { sharedPath } from "../../helpers/shared-data";

/** The smallest sample (Kenney's mug, 232 triangles): conversions stay fast in a matrix of many jobs. */
export const MATRIX_MODEL_ID = "4101";

export interface CgtraderMatrixCase {
  name: string;
  capability: "model.fetch";
  provider: "cgtrader";
  /** nothing else can fetch a CGTrader model */
  fallback: null;
  /** fault modes this API has no meaning for (it has no tasks) */
  notApplicable: FaultMode[];
  double: CgtraderDouble;
  /** the provider to register (on the matrix's kit) */
  providers: Provider[];
  /** every request the double answered */
  hits(): number;
  setFault(mode: FaultMode, settings?: FaultSettings): void;
  spec(i: number): JobSpec;
  close(): Promise<void>;
}

/** Starts the double and stores the shop's CGTrader settings (base URL, client id, encrypted client secret). */
export async function cgtraderMatrixCase(db: Db, shop: string, kit: ConnectorKit | (() => ConnectorKit)): Promise<CgtraderMatrixCase> {
  const double = await startCgtraderDouble({ samplesDir: sharedPath("samples/models") });
  await saveSettings(db, shop, { services: { cgtrader: { baseUrl: double.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret } } }, { registered: {} });
  return {
    name: "CGTrader model.fetch",
    capability: "model.fetch",
    provider: "cgtrader",
    fallback: null,
    notApplicable: ["task_failed"],
    double,
    providers: [cgtraderProviderOn(typeof kit === "function" ? kit : () => kit)],
    hits: () => double.calls.filter((c) => c.target !== "thumb").length,
    setFault: (mode, settings) => double.setFault(mode, settings),
    spec: (i) => ({
      shop,
      type: "library-import",
      steps: [
        {
          name: "fetch",
          capability: "model.fetch",
          params: { model: `cgt-m${i}`, source: { vendor: "cgtrader", id: MATRIX_MODEL_ID } },
          staleKey: `import/cgtrader/${MATRIX_MODEL_ID}`,
        },
      ],
    }),
    close: () => double.close(),
  };
}
