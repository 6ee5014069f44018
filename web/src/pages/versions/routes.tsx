import type { RouteObject } from "react-router";

export const versionRoutes: RouteObject[] = [];
