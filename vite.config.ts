import { vitePlugin as remix } from "@remix-run/dev";
import path from "node:path";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

// `shopify app dev` passes the tunnel URL as SHOPIFY_APP_URL; older CLIs used HOST.
if (process.env.HOST && (!process.env.SHOPIFY_APP_URL || process.env.SHOPIFY_APP_URL === process.env.HOST)) {
  process.env.SHOPIFY_APP_URL = process.env.HOST;
  delete process.env.HOST;
}

const host = new URL(process.env.SHOPIFY_APP_URL || "http://localhost").hostname;

// HMR through the CLI's tunnel needs the public host and port 443; on localhost the dev server's own port.
const hmrConfig =
  host === "localhost"
    ? { protocol: "ws", host: "localhost", port: 64999, clientPort: 64999 }
    : { protocol: "wss", host, port: parseInt(process.env.FRONTEND_PORT ?? "8002", 10), clientPort: 443 };

/**
 * app/db/client.server.ts loads the generated Prisma clients with createRequire(import.meta.url) and a
 * relative path. Bundled into build/server/index.js that base would be wrong, so in the server build the
 * base is rewritten to the source file's location, relative to the bundle (the build stays in the repo).
 */
function prismaClientBase(): Plugin {
  return {
    name: "mockup:prisma-client-base",
    apply: "build",
    transform(code, id) {
      if (!id.endsWith(path.join("app", "db", "client.server.ts")) || !code.includes("createRequire(import.meta.url)")) return null;
      return code.replace("createRequire(import.meta.url)", 'createRequire(new URL("../../app/db/client.server.ts", import.meta.url))');
    },
  };
}

export default defineConfig({
  server: {
    allowedHosts: [host],
    cors: { preflightContinue: true },
    port: Number(process.env.PORT || 3000),
    hmr: hmrConfig,
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: false,
        v3_routeConfig: false,
      },
    }),
    tsconfigPaths(),
    prismaClientBase(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
}) satisfies UserConfig;
