/** Providers of the design capabilities, for the lead's provider registry. */
import type { Provider } from "../pipeline/types";
import { floodCutoutProvider, imglyCutoutProvider } from "./cutout/providers";

/** design.cutout: "imgly" (skipped unless the package is installed), then "flood" (degraded, uniform backgrounds only). */
export function designProviders(): Provider[] {
  return [imglyCutoutProvider(), floodCutoutProvider()];
}

export { intakeDesign, storeDesign, DesignRejectedError } from "./intake";
