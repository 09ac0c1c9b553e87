export { startAdminDouble, type AdminDouble, type AdminDoubleOptions, type InjectedFailure, type RecordedRequest } from "./server";
export { AdminStore } from "./store";
export { adminSchema, adminSchemaPath, ADMIN_API_VERSION } from "./schema";
export { routeAdminApiTo } from "./library-fetch";
