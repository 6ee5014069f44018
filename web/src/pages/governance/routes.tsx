import type { RouteObject } from "react-router";

export const governanceRoutes: RouteObject[] = [];
