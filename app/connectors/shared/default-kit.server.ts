/**
 * The process's connector kit for the default registry (app/providers.server.ts): built on first use, so
 * building the registry opens no database connection, with the outage alerts attached.
 */
import { getDb } from "../../db/client.server";
import { logger } from "../../monitoring/logger.server";
import { connectorKit, type ConnectorKit, type ConnectorKitOptions } from "./connector";
import { OutageAlerts } from "./outage.server";

export const PROVIDER_LABELS: Record<string, string> = { mockey: "Mockey.ai", virtualthreads: "VirtualThreads.io", cgtrader: "CGTrader" };

let kit: ConnectorKit | undefined;

export function defaultConnectorKit(opts: ConnectorKitOptions = {}): ConnectorKit {
  if (!kit) {
    const db = getDb();
    kit = connectorKit(db, opts);
    new OutageAlerts(db, { guard: opts.guard, log: logger, labels: PROVIDER_LABELS }).attach(kit.breakers);
  }
  return kit;
}

/** A lazy handle: adapters call it when they first need the kit. */
export type KitSource = ConnectorKit | (() => ConnectorKit);
export const resolveKit = (k: KitSource): ConnectorKit => (typeof k === "function" ? k() : k);
