/** Settings shapes shared by the server and the settings page (no server code: the browser bundle imports it). */
export const SERVICES = ["cgtrader", "mockey", "virtualthreads"] as const;
export type Service = (typeof SERVICES)[number];

/** What the browser may see: API keys only as "set" / "not set". */
export interface PublicSettings {
  /** available: false while the provider's connector is not built ("not available yet") */
  providers: Record<string, { name: string; label: string; enabled: boolean; available: boolean; service?: Service }[]>;
  services: Record<
    Service,
    {
      baseUrl: string | null;
      apiKey: "set" | "not set";
      /** the stored key's last four characters ("…7890"), null when none is stored */
      apiKeyHint: string | null;
      /** OAuth client id (CGTrader); not a secret */
      clientId: string | null;
      clientSecret: "set" | "not set";
      /** VirtualThreads.io: serves the storefront's live mockups before the local provider */
      storefront: boolean;
    }
  >;
  /** outage alerts: the merchant's outgoing webhook and how long an outage lasts before it alerts */
  alerts: { webhookUrl: string | null; outageMinutes: number };
}
