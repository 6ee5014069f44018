import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { api, ApiError, unwrap } from "../../api/client";
import { useCan } from "../../app/me";
import { EmptyState } from "../../components/EmptyState";
import { Skeleton } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import { EventItem } from "./EventItem";
import { FilterForm } from "./FilterForm";
import {
  apiQuery,
  filtersFromSearch,
  hasFilters,
  searchFromFilters,
  type AuditFilters,
} from "./filters";
import { VerificationPanel } from "./VerificationPanel";
import { useVerification, verifyQueryKey } from "./verification";
import styles from "./AuditPage.module.css";

const PAGE_SIZE = 50;

/** The audit chain: its verification, and its events filtered by the URL's search params. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const canListUsers = useCan("users:read");
  const client = useQueryClient();
  const verification = useVerification();

  const events = useInfiniteQuery({
    queryKey: ["audit", "events", filters],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/audit/events", {
          params: {
            query: { ...apiQuery(filters), limit: PAGE_SIZE, cursor: pageParam ?? undefined },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
  const users = useQuery({
    queryKey: ["users"],
    queryFn: () => unwrap(api.GET("/api/v1/users")),
    enabled: canListUsers,
    staleTime: 60_000,
  });

  const names = useMemo(
    () => new Map((users.data ?? []).map((user) => [user.id, user.username])),
    [users.data],
  );
  const items = useMemo(
    () => events.data?.pages.flatMap((page) => page.items) ?? [],
    [events.data],
  );
  const actions = useMemo(() => [...new Set(items.map((e) => e.action))].sort(), [items]);
  const fieldErrors = events.error instanceof ApiError ? events.error.fieldErrors() : {};

  const apply = (next: AuditFilters) => setParams(searchFromFilters(next));
  const hrefWith = (subject: string) => `?${searchFromFilters({ ...filters, subject })}`;

  return (
    <>
      <PageHeader title="Audit" />
      <div className="stack">
        <VerificationPanel
          query={verification}
          onVerify={() => void client.invalidateQueries({ queryKey: verifyQueryKey })}
        />
        <section aria-labelledby="events-title" className="stack">
          <h2 id="events-title">Events</h2>
          <FilterForm
            key={params.toString()}
            filters={filters}
            users={canListUsers ? users.data : undefined}
            actions={actions}
            errors={fieldErrors}
            onApply={apply}
          />
          <p className="hint">
            In chain order, oldest first{hasFilters(filters) ? ", filtered" : ""}.
          </p>
          {events.isPending ? (
            <Skeleton rows={6} label="Loading events" />
          ) : events.isError && items.length === 0 ? (
            <ProblemAlert error={events.error} action="Loading events" />
          ) : items.length === 0 ? (
            <EmptyState title="No events match these filters">
              Widen the time range or clear a filter.
            </EmptyState>
          ) : (
            <>
              <p role="status" className="hint">
                Showing {items.length} {items.length === 1 ? "event" : "events"}
                {events.hasNextPage ? "; more follow" : ""}.
              </p>
              <ol className={styles.events} aria-label="Audit events">
                {items.map((event) => (
                  <EventItem
                    key={event.seq}
                    event={event}
                    actorName={names.get(event.actor)}
                    subjectFilterHref={hrefWith(event.subject)}
                  />
                ))}
              </ol>
              {events.isFetchNextPageError && (
                <ProblemAlert error={events.error} action="Loading more events" />
              )}
              {events.hasNextPage && (
                <div>
                  <button
                    type="button"
                    className="button"
                    onClick={() => void events.fetchNextPage()}
                    disabled={events.isFetchingNextPage}
                  >
                    {events.isFetchingNextPage ? "Loading…" : "Later events"}
                  </button>
                </div>
              )}
            </>
          )}
        </section>
      </div>
    </>
  );
}
