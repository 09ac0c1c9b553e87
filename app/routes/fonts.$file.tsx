import type { LoaderFunctionArgs } from "@remix-run/node";
import { fontResponse } from "../designs/text/font-files.server";

// GET /fonts/<id>.woff | <id>.json | <id>.txt (also /apps/mockup/fonts/... through the app proxy): the editor's
// open-licence fonts, their glyph sets and their licences. Public bytes, nothing shop-specific, so no signature check.
export const loader = ({ params, request }: LoaderFunctionArgs) => fontResponse(params.file ?? "", request);
