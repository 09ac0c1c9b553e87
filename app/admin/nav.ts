/**
 * The app's pages in the admin's navigation (App Bridge NavMenu), in order. The first entry is the app
 * home. To add a page: add a row here with a message key under "nav" in app/i18n/en.json and de.json.
 */
export interface NavEntry {
  to: string;
  /** message key of the label, e.g. "nav.products" */
  label: string;
}

export const NAV: NavEntry[] = [
  { to: "/app", label: "nav.home" },
  { to: "/app/products", label: "nav.products" },
  { to: "/app/designs", label: "nav.designs" },
  { to: "/app/jobs", label: "nav.jobs" },
  { to: "/app/library", label: "nav.library" },
  { to: "/app/orders", label: "nav.orders" },
  { to: "/app/settings", label: "nav.settings" },
];
