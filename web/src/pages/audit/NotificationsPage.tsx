import { useInfiniteQuery } from "@tanstack/react-query";
import { ScrollRegion } from "../../components/ScrollRegion";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { useMe } from "../../app/me";
import { StatusBadge, type Tone } from "../../components/Badges";
import { EmptyState } from "../../components/EmptyState";
import { Skeleton } from "../../components/Loading";
import { markSeen, useSeenUntil } from "../../components/notificationsSeen";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { formatTime } from "../../components/Time";
import { subjectLink } from "./subjects";
import styles from "./AuditPage.module.css";

type Notification = Schemas["NotificationRead"];

const PAGE_SIZE = 50;

function severityTone(severity: string): Tone {
  if (severity === "critical" || severity === "high") return "bad";
  if (severity === "medium") return "warn";
  return "info";
}

function NotificationItem({ item, isNew }: { item: Notification; isNew: boolean }) {
  const link = subjectLink(item.subject);
  return (
    <li className={styles.event}>
      <article aria-labelledby={`n-${item.id}`}>
        <h2 id={`n-${item.id}`} className={styles.eventTitle}>
          <StatusBadge tone={severityTone(item.severity)}>{item.severity}</StatusBadge>
          {isNew && <StatusBadge tone="info">new</StatusBadge>}
          {link ? <Link to={link.to}>{item.title}</Link> : item.title}
        </h2>
        <dl className={`facts ${styles.eventFacts}`}>
          <dt>When</dt>
          <dd>
            <time dateTime={item.created_at}>{formatTime(item.created_at)}</time>
          </dd>
          <dt>Kind</dt>
          <dd>
            <code>{item.kind}</code>
          </dd>
          <dt>For</dt>
          <dd>{item.audience}</dd>
          <dt>Concerns</dt>
          <dd>{link ? <Link to={link.to}>{link.label}</Link> : <code>{item.subject}</code>}</dd>
        </dl>
        {Object.keys(item.details).length > 0 && (
          <details className={styles.details}>
            <summary>Details</summary>
            <ScrollRegion label={`Details of ${item.title}`} className={styles.json}>
              <pre>{JSON.stringify(item.details, null, 2)}</pre>
            </ScrollRegion>
          </details>
        )}
      </article>
    </li>
  );
}

/** Security violations and other records teams must look at, newest first. */
export function NotificationsPage() {
  const me = useMe();
  const seenUntil = useSeenUntil(me?.username);
  // The marker as it was when the page opened, so "new" badges stay while the user reads.
  const [seenAtOpen, setSeenAtOpen] = useState<string | null>(null);
  if (seenAtOpen === null && me) setSeenAtOpen(seenUntil);
  const list = useInfiniteQuery({
    queryKey: ["notifications", "list"],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/notifications", {
          params: { query: { limit: PAGE_SIZE, before: pageParam ?? undefined } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) =>
      last.length === PAGE_SIZE ? (last[last.length - 1]?.created_at ?? null) : null,
  });
  const items = useMemo(() => list.data?.pages.flat() ?? [], [list.data]);
  const newest = items[0]?.created_at;

  useEffect(() => {
    if (me?.username && newest && seenAtOpen !== null) markSeen(me.username, newest);
  }, [me?.username, newest, seenAtOpen]);

  const seen = seenAtOpen ? Date.parse(seenAtOpen) : -Infinity;
  return (
    <>
      <PageHeader title="Notifications" />
      {list.isPending ? (
        <Skeleton rows={5} label="Loading notifications" />
      ) : list.isError && items.length === 0 ? (
        <ProblemAlert error={list.error} action="Loading notifications" />
      ) : items.length === 0 ? (
        <EmptyState title="No notifications">
          Security violations (blocking findings, refused deployments) appear here.
        </EmptyState>
      ) : (
        <div className="stack">
          <ol className={styles.events} aria-label="Notifications">
            {items.map((item) => (
              <NotificationItem
                key={item.id}
                item={item}
                isNew={Date.parse(item.created_at) > seen}
              />
            ))}
          </ol>
          {list.isFetchNextPageError && (
            <ProblemAlert error={list.error} action="Loading older notifications" />
          )}
          {list.hasNextPage && (
            <div>
              <button
                type="button"
                className="button"
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? "Loading…" : "Older notifications"}
              </button>
            </div>
          )}
        </div>
      )}
    </>
  );
}
