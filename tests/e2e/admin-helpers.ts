/** Shared by the admin browser specs: the test shop, session tokens, the App Bridge stub, the database. */
import type { Page } from "@playwright/test";
import { createDb, type Db } from "../../app/db/client.server";
import { dbTarget } from "../../app/db/url";
import { e2eEnv } from "../../playwright.config";
import { sessionToken } from "../shopify/session-token";

export const E2E_SHOP = "e2e-shop.myshopify.com";
const SHOP = E2E_SHOP;
export const E2E_HOST = Buffer.from("admin.shopify.com/store/e2e-shop").toString("base64url");

export const token = (secret = e2eEnv.SHOPIFY_API_SECRET, shop = SHOP) => sessionToken({ shop, apiKey: e2eEnv.SHOPIFY_API_KEY, secret });

/** The URL Shopify's admin opens in the iframe. */
export const adminUrl = (pathname: string, idToken: string) => `${pathname}?embedded=1&shop=${SHOP}&host=${E2E_HOST}&id_token=${idToken}`;

/** The app's database (the webServer migrated it). */
export const e2eDb = (): Db => createDb(dbTarget({ DATABASE_URL: e2eEnv.DATABASE_URL } as unknown as NodeJS.ProcessEnv));

/** App Bridge stand-in: window.shopify with idToken(), and same-origin fetches carry the session token (as App Bridge does). */
export function appBridgeStub(idToken: string) {
  return `
    window.shopify = {
      config: { apiKey: ${JSON.stringify(e2eEnv.SHOPIFY_API_KEY)}, shop: ${JSON.stringify(SHOP)} },
      idToken: async () => ${JSON.stringify(idToken)},
      toast: { show() {} },
      loading() {},
      environment: { embedded: true, mobile: false, pos: false },
    };
    const originalFetch = window.fetch.bind(window);
    window.fetch = (input, init = {}) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url, location.href);
      if (url.origin === location.origin) {
        const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
        headers.set("Authorization", "Bearer " + ${JSON.stringify(idToken)});
        init = { ...init, headers };
      }
      return originalFetch(input, init);
    };
    // App Bridge's own elements render in the admin chrome, not in the iframe
    for (const name of ["ui-nav-menu", "ui-title-bar"]) {
      customElements.define(name, class extends HTMLElement { connectedCallback() { this.style.display = "none"; } });
    }
    window.__appBridgeStub = true;`;
}

export async function routeCdn(page: Page, idToken: string) {
  await page.route("https://cdn.shopify.com/**", (route) => {
    const url = route.request().url();
    if (url.startsWith("https://cdn.shopify.com/shopifycloud/app-bridge.js")) {
      return route.fulfill({ status: 200, contentType: "text/javascript", body: appBridgeStub(idToken) });
    }
    return route.fulfill({ status: 200, contentType: url.endsWith(".css") ? "text/css" : "text/plain", body: "" });
  });
}

