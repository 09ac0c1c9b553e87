/** Settings shapes shared by the server and the settings page (no server code: the browser bundle imports it). */
export const SERVICES = ["cgtrader", "mockey", "virtualthreads"] as const;
export type Service = (typeof SERVICES)[number];

/** What the browser may see: API keys only as "set" / "not set". */
export interface PublicSettings {
  /** available: false while the provider's connector is not built ("not available yet") */
  providers: Record<string, { name: string; label: string; enabled: boolean; available: boolean; service?: Service }[]>;
  services: Record<Service, { baseUrl: string | null; apiKey: "set" | "not set" }>;
}
