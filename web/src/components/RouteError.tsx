import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { ProblemAlert } from "./ProblemAlert";

/** Shown when a page fails to load or render; offers a way back instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error;
  return (
    <main id="main" className="main">
      <h1>This page could not be shown</h1>
      <ProblemAlert error={message instanceof Error ? message : new Error(String(message))} />
      <p>
        <Link to="/">Back to search</Link> or reload the page.
      </p>
    </main>
  );
}
