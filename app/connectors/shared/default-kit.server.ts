/**
 * The process's connector kit for the default registry (app/providers.server.ts): built on first use, so
 * building the registry opens no database connection, with the outage alerts attached.
 */
import { getDb } from "../../db/client.server";
import { logger } from "../../monitoring/logger.server";
import { connectorKit, type ConnectorKit, type ConnectorKitOptions } from "./connector";
import { OutageAlerts } from "./outage.server";

export const PROVIDER_LABELS: Record<string, string> = { mockey: "Mockey.ai", virtualthreads: "VirtualThreads.io", cgtrader: "CGTrader" };

declare global {
  // on globalThis, not in this module: the e2e server (tsx) and the Remix build it loads hold separate copies of this
  // module, and the kit the server configures (allowLoopback for the local doubles) must be the one routes use
  var __mockupConnectorKit: ConnectorKit | undefined;
}

/** The process's kit; the first caller's options win (the e2e server and the demo call it first, in code). */
export function defaultConnectorKit(opts: ConnectorKitOptions = {}): ConnectorKit {
  if (!globalThis.__mockupConnectorKit) {
    const db = getDb();
    const kit = connectorKit(db, opts);
    new OutageAlerts(db, { guard: opts.guard, log: logger, labels: PROVIDER_LABELS }).attach(kit.breakers);
    globalThis.__mockupConnectorKit = kit;
  }
  return globalThis.__mockupConnectorKit;
}

/** A lazy handle: adapters call it when they first need the kit. */
export type KitSource = ConnectorKit | (() => ConnectorKit);
export const resolveKit = (k: KitSource): ConnectorKit => (typeof k === "function" ? k() : k);
