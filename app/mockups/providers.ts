/** Providers of the mockup capabilities, for the lead's provider registry. */
import type { Provider } from "../pipeline/types";
import { localComposeProvider } from "./providers/compose-local";
import { rasterPassesProvider } from "./providers/passes-raster";
import { compositorHeroProvider } from "./providers/hero-compositor";
import { catalogProvider } from "./catalog/provider";

/**
 * mockup.compose "local"; render.passes "raster" (degraded: register after Blender's provider);
 * render.hero "compositor" (degraded fallback after Blender's); mockup.catalog "local" (job type `catalog`).
 */
export function mockupProviders(): Provider[] {
  return [localComposeProvider(), rasterPassesProvider(), compositorHeroProvider(), catalogProvider()];
}
