import { useEffect } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useSessionState } from "../../app/session";
import { TokenForm } from "../../components/TokenForm";

/** Where a page asked to go after sign-in; only same-origin paths are honoured. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** Sign in with a registry token (single sign-on arrives with the identity capability). */
export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const state = useSessionState();
  const next = safeNext(params.get("next"));
  useEffect(() => {
    document.title = "Sign in · modelreg";
  }, []);
  if (state === "active") return <Navigate to={next} replace />;
  return (
    <main id="main" className="login">
      <div className="login-card">
        <h1>
          <img src="/favicon.svg" alt="" width="32" height="32" /> Sign in to modelreg
        </h1>
        <TokenForm submitLabel="Sign in" onSignedIn={() => navigate(next, { replace: true })} />
      </div>
    </main>
  );
}
