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
 * Server code under app/ finds files next to itself through import.meta.url (the generated Prisma clients
 * in app/db, worker scripts, Python under blender/). Bundled into build/server/**, import.meta.url would be
 * the bundle's location, so in the server build every `import.meta.url` in app/ is replaced by the URL of
 * its source file, expressed relative to the chunk it ends up in (the build stays inside the repository).
 */
const SRC_URL_MARK = "__MOCKUP_SRC_URL__";

function sourceImportMetaUrl(): Plugin {
  let root = process.cwd();
  return {
    name: "mockup:source-import-meta-url",
    apply: "build",
    configResolved(config) {
      root = config.root;
    },
    transform(code, id, options) {
      const file = id.split("?")[0];
      if (!options?.ssr || !file.startsWith(path.join(root, "app") + path.sep) || !code.includes("import.meta.url")) return null;
      const rel = path.relative(root, file).split(path.sep).join("/");
      return { code: code.replaceAll("import.meta.url", JSON.stringify(`${SRC_URL_MARK}${rel}${SRC_URL_MARK}`)), map: null };
    },
    renderChunk(code, chunk, output) {
      if (!code.includes(SRC_URL_MARK)) return null;
      const chunkDir = path.dirname(path.join(output.dir ?? path.join(root, "build/server"), chunk.fileName));
      const re = new RegExp(`"${SRC_URL_MARK}(.+?)${SRC_URL_MARK}"`, "g");
      return {
        code: code.replace(re, (_m, rel: string) => {
          const fromChunk = path.relative(chunkDir, path.join(root, rel)).split(path.sep).join("/");
          return `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`;
        }),
        map: null,
      };
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
    sourceImportMetaUrl(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
}) satisfies UserConfig;
