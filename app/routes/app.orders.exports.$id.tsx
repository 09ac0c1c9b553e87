import { exportFile } from "../orders/admin.server";
import { downloadLoader } from "../orders/download-route.server";

// a customers/data_request export of this shop
export const loader = downloadLoader((db, assets, shop, params) => exportFile(db, assets, shop, params.id ?? ""));
