import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveLibraryThumbnail } from "../shopify/thumbs.server";

// GET /thumbs/library/{name} → a built-in model's thumbnail from its front pass
export const loader = ({ params }: LoaderFunctionArgs) => serveLibraryThumbnail(params.name ?? "");
