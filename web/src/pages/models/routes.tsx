import type { RouteObject } from "react-router";

export const modelRoutes: RouteObject[] = [];
