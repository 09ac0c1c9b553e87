import { exportZip } from "../orders/admin.server";
import { downloadLoader } from "../orders/download-route.server";

// a customers/data_request export of this shop with the designs and print files it names, as one ZIP
export const loader = downloadLoader((db, assets, shop, params) => exportZip(db, assets, shop, params.id ?? ""));
