import { orderZip } from "../orders/admin.server";
import { downloadLoader } from "../orders/download-route.server";

// all print files and mockups of one of this shop's orders, as one ZIP
export const loader = downloadLoader((db, assets, shop, params) => orderZip(db, assets, shop, params.id ?? ""));
