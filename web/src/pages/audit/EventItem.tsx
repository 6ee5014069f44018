import { Link } from "react-router";
import { ScrollRegion } from "../../components/ScrollRegion";
import type { Schemas } from "../../api/client";
import { Digest } from "../../components/Digest";
import { formatTime } from "../../components/Time";
import { actionLabel, decisionIds } from "./actions";
import { subjectLink } from "./subjects";
import styles from "./AuditPage.module.css";

type AuditEvent = Schemas["AuditEventRead"];

interface Props {
  event: AuditEvent;
  /** The actor's username when the caller may look users up. */
  actorName: string | undefined;
  /** Where "only this subject" leads: the current filters with this subject. */
  subjectFilterHref: string;
}

/** One event of the chain: who did what to which subject, its details and its hashes. */
export function EventItem({ event, actorName, subjectFilterHref }: Props) {
  const link = subjectLink(event.subject);
  const decisions = decisionIds(event.details);
  const hasDetails = Object.keys(event.details).length > 0;
  return (
    <li className={styles.event}>
      <article aria-labelledby={`event-${event.seq}`}>
        <h3 id={`event-${event.seq}`} className={styles.eventTitle}>
          <span className={styles.seq}>#{event.seq}</span> {actionLabel(event.action)}{" "}
          <code className={styles.code}>{event.action}</code>
        </h3>
        <dl className={`facts ${styles.eventFacts}`}>
          <dt>Time</dt>
          <dd>
            <time dateTime={event.occurred_at}>{formatTime(event.occurred_at)}</time>
          </dd>
          <dt>Actor</dt>
          <dd>
            {actorName ? (
              <>
                {actorName} <code className={styles.code}>{event.actor}</code>
              </>
            ) : (
              <code>{event.actor}</code>
            )}
          </dd>
          <dt>Subject</dt>
          <dd>
            {link ? <Link to={link.to}>{link.label}</Link> : <code>{event.subject}</code>}{" "}
            <Link to={subjectFilterHref} className={styles.filterLink}>
              Only this subject<span className="visually-hidden">: {event.subject}</span>
            </Link>
          </dd>
          {decisions.length > 0 && (
            <>
              <dt>Decision</dt>
              <dd>
                {decisions.map((id) => (
                  <Link key={id} to={`/audit/decisions/${encodeURIComponent(id)}`}>
                    Decision record {id}
                  </Link>
                ))}
              </dd>
            </>
          )}
          <dt>Hash</dt>
          <dd>
            <Digest value={event.hash} label={`hash of event ${event.seq}`} />
          </dd>
          <dt>Previous</dt>
          <dd>
            <Digest value={event.prev_hash} label={`previous hash of event ${event.seq}`} />
          </dd>
        </dl>
        {hasDetails && (
          <details className={styles.details}>
            <summary>Details</summary>
            <ScrollRegion label={`Details of event ${event.seq}`} className={styles.json}>
              <pre>{JSON.stringify(event.details, null, 2)}</pre>
            </ScrollRegion>
          </details>
        )}
      </article>
    </li>
  );
}
