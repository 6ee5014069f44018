import { Link } from "react-router";
import { StatusBadge } from "../../components/Badges";
import { Digest } from "../../components/Digest";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { formatTime } from "../../components/Time";
import { usePolicies, useUserNames } from "./queries";
import { ScrollRegion } from "../../components/ScrollRegion";

/** Every policy-set version, newest first, with the active one marked. */
export function PoliciesPage() {
  const policies = usePolicies();
  const userName = useUserNames();
  return (
    <>
      <PageHeader
        title="Policy sets"
        actions={
          <Link className="button primary" to="/policies/edit">
            Edit and dry-run
          </Link>
        }
      />
      <p className="hint">
        Promotions are judged under the active policy set. Each upload is a new version; old
        versions stay for the record.
      </p>
      <h2>Versions</h2>
      <QueryState query={policies} rows={4} label="Loading policy sets">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No policy set yet">
              The default pack is installed on first use.
            </EmptyState>
          ) : (
            <ScrollRegion label="Policy set versions">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col">Digest</th>
                    <th scope="col">Uploaded by</th>
                    <th scope="col">Uploaded</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((policy) => (
                    <tr key={policy.number}>
                      <th scope="row">
                        <Link to={`/policies/${policy.number}`}>#{policy.number}</Link>
                      </th>
                      <td>{policy.name}</td>
                      <td>
                        {policy.active ? (
                          <StatusBadge tone="ok">active</StatusBadge>
                        ) : (
                          <StatusBadge tone="neutral">superseded</StatusBadge>
                        )}
                      </td>
                      <td>
                        <Digest
                          value={policy.digest}
                          label={`digest of version ${policy.number}`}
                        />
                      </td>
                      <td>{userName(policy.created_by)}</td>
                      <td>
                        <time dateTime={policy.created_at}>{formatTime(policy.created_at)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )
        }
      </QueryState>
    </>
  );
}
