import { useMe } from "../../app/me";
import { Skeleton } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { TokensPanel } from "./TokensPanel";

/** The signed-in user's own tokens. */
export function MyTokensPage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="My tokens" />
      <p className="hint">
        Tokens let scripts and the CLI act as you. Revoke one you no longer use; revoking the token
        this tab signed in with ends this session.
      </p>
      {me ? <TokensPanel username={me.username} /> : <Skeleton rows={3} label="Loading" />}
    </>
  );
}
