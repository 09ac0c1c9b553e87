/**
 * The providers a merchant can switch per capability (admin → Services), in their default fallback order: names and
 * labels only, no implementations, so settings and routes read it without loading any provider.
 */
import type { Service } from "./settings-types";

export interface CatalogEntry {
  name: string;
  label: string;
  service?: Service;
  /** true while the connector is not built: the settings page shows it as "not available yet" (switch disabled) */
  notBuilt?: boolean;
}

/** Providers the merchant can switch per capability, in their default fallback order. */
export const PROVIDER_CATALOG: Record<string, CatalogEntry[]> = {
  "model.fetch": [
    { name: "local", label: "Built-in model library" },
    { name: "cgtrader", label: "CGTrader (imports)", service: "cgtrader" },
  ],
  "mockup.compose": [
    { name: "local", label: "Fast compositor" },
    { name: "mockey", label: "Mockey.ai", service: "mockey" },
  ],
  "design.cutout": [
    { name: "imgly", label: "Background removal (on this server)" },
    { name: "mockey", label: "Mockey.ai", service: "mockey" },
    { name: "flood", label: "Flood fill (degraded)" },
  ],
  "render.hero": [
    { name: "blender", label: "Blender (Cycles)" },
    { name: "compositor", label: "Fast compositor (degraded)" },
  ],
  "mockup.live": [
    { name: "local", label: "Storefront viewer" },
    { name: "virtualthreads", label: "VirtualThreads.io", service: "virtualthreads" },
  ],
};
