// A version's current security findings, blocking ones said in words and listed first.
import type { Schemas } from "../../api/client";
import { StatusBadge } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import styles from "./Review.module.css";
import { ScrollRegion } from "./ScrollRegion";

type Finding = Schemas["FindingRead"];

/** The findings table, or a sentence when there are none. */
export function FindingsTable({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <EmptyState title="No findings on this digest" />;
  const ordered = [...findings].sort((a, b) => Number(b.blocking) - Number(a.blocking));
  const blocking = findings.filter((finding) => finding.blocking).length;
  return (
    <>
      <p>
        {findings.length} finding{findings.length === 1 ? "" : "s"},{" "}
        <strong>{blocking === 0 ? "none blocking" : `${blocking} blocking`}</strong>.
      </p>
      <ScrollRegion label="Findings">
        <table>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Rule</th>
              <th scope="col">File</th>
              <th scope="col">Message</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((finding) => (
              <tr key={finding.id} className={finding.blocking ? styles.blockedRow : undefined}>
                <td>{finding.severity}</td>
                <th scope="row">
                  <code>{finding.rule}</code>
                </th>
                <td className="mono">{finding.path}</td>
                <td>{finding.message}</td>
                <td>
                  {finding.blocking ? (
                    <StatusBadge tone="bad">blocking</StatusBadge>
                  ) : finding.excepted ? (
                    <StatusBadge tone="info">excepted</StatusBadge>
                  ) : (
                    <StatusBadge tone="neutral">not blocking</StatusBadge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
