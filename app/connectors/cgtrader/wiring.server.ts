/**
 * CGTrader wired to the shared connector kit (app/connectors/shared/connector.ts): the shop's base URL, client id
 * and secret from Settings, every exchange under the "cgtrader" policy (retries with Retry-After, breakers shared by
 * every process), the kit's URL guard. One function for the provider (workers) and one for the admin's routes, so
 * both call CGTrader the same way.
 */
import type { ConnectorKit } from "../shared/connector";
import { isConnectorFault } from "../shared/faults";
import { PROVIDER, type CgtraderClientOptions, type CgtraderCredentials } from "./client";
import type { CgtraderAccess } from "./import.server";
import { cgtraderProvider } from "./provider";

async function credentials(kit: ConnectorKit, shop: string): Promise<CgtraderCredentials | null> {
  try {
    const c = await kit.credentials(shop, "cgtrader", { client: true });
    return { baseUrl: c.baseUrl, clientId: c.clientId!, clientSecret: c.clientSecret! };
  } catch (err) {
    if (isConnectorFault(err) && err.fault === "not_configured") return null;
    throw err;
  }
}

function clientOptions(kit: ConnectorKit, shop: string): CgtraderClientOptions {
  const policy = kit.policy(PROVIDER);
  return {
    guard: kit.guard,
    timeoutMs: policy.options.attemptTimeoutMs,
    run: (op, signal) => policy.call({ shop, signal }, (a) => op({ timeoutMs: a.timeoutMs, signal: a.signal })),
  };
}

/** The model.fetch provider on a lazily built kit (building the registry opens no database connection). */
export function cgtraderProviderOn(kit: () => Promise<ConnectorKit> | ConnectorKit) {
  return cgtraderProvider({
    credentials: async (shop) => credentials(await kit(), shop),
    clientOptions: async (shop) => clientOptions(await kit(), shop),
  });
}

/** The admin's access (search, import) on the same kit. */
export function cgtraderAccessOn(kit: ConnectorKit): CgtraderAccess {
  return { credentials: (shop) => credentials(kit, shop), clientOptions: (shop) => clientOptions(kit, shop) };
}

/** Routes: the process's kit (the same one the registry's providers use; app/connectors/shared/default-kit.server.ts). */
export async function cgtraderAccessFor(): Promise<CgtraderAccess> {
  const { defaultConnectorKit } = await import("../shared/default-kit.server");
  return cgtraderAccessOn(defaultConnectorKit());
}
