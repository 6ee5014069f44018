import { Link, useLocation } from "react-router";
import { PageHeader } from "../components/PageHeader";

/** Shown for a path the console does not know. */
export function NotFoundPage() {
  const location = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        Nothing lives at <code>{location.pathname}</code>. <Link to="/">Search the registry</Link>{" "}
        instead.
      </p>
    </>
  );
}
