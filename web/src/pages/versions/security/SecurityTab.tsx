// The security tab: scans, findings and exceptions, signatures, SBOMs and the deployment gate.
import { useCan } from "../../../app/me";
import { Skeleton } from "../../../components/Loading";
import { ProblemAlert } from "../../../components/ProblemAlert";
import { DeploySection } from "./DeploySection";
import { ExceptionsSection } from "./ExceptionsSection";
import { FindingsSection } from "./FindingsSection";
import { SbomSection } from "./SbomSection";
import { ScansSection } from "./ScansSection";
import styles from "./Security.module.css";
import { SignatureSection } from "./SignatureSection";
import { useVersionParams, useVersionRecord } from "./versionData";

/** Security of the version in the URL. */
export function SecurityTab() {
  const params = useVersionParams();
  const version = useVersionRecord(params);
  const canCheck = useCan("deployments:check");
  return (
    <section aria-labelledby="security-title" className="stack">
      <h2 id="security-title">Security</h2>
      {version.isError && <ProblemAlert error={version.error} action="Loading the version" />}
      <div className={styles.sections}>
        <ScansSection params={params} sealed={version.data?.sealed} />
        <FindingsSection params={params} />
        <ExceptionsSection params={params} />
        <div className={styles.pair}>
          <SignatureSection params={params} />
          {version.data ? (
            <SbomSection params={params} stage={version.data.stage} />
          ) : (
            <Skeleton rows={3} label="Loading the version" />
          )}
        </div>
        {canCheck && version.data && <DeploySection params={params} digest={version.data.digest} />}
      </div>
    </section>
  );
}
