// Placeholder until the version page is built in its own branch (issue 10).
import { Outlet } from "react-router";

export function VersionLayout() {
  return <Outlet />;
}
