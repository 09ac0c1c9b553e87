/** Providers of the order capabilities, for the registry (app/providers.server.ts). */
import type { Provider } from "../../pipeline/types";
import { localPrintFileProvider } from "./provider";

export function orderProviders(): Provider[] {
  return [localPrintFileProvider()];
}
