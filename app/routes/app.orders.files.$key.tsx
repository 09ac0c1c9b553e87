import { orderFile } from "../orders/admin.server";
import { downloadLoader } from "../orders/download-route.server";

// one print file or mockup of this shop's orders
export const loader = downloadLoader((db, assets, shop, params) => orderFile(db, assets, shop, params.key ?? ""));
