import type { RouteObject } from "react-router";

export const reviewRoutes: RouteObject[] = [];
