// /apps/mockup/fonts/<id>.woff through the app proxy: same origin as the storefront, so no CORS round trip.
export { loader } from "./fonts.$file";
