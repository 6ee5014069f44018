// Which notifications the user has seen. The API keeps no read state, so this browser remembers
// the newest notification time the user has looked at (per user), and "new" means newer than it.
import { useQuery } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { useCan, useMe } from "../app/me";

type Notification = Schemas["NotificationRead"];

const listeners = new Set<() => void>();

function key(username: string): string {
  return `modelreg.notifications.seen.${username}`;
}

function read(username: string): string {
  try {
    return localStorage.getItem(key(username)) ?? "";
  } catch {
    return "";
  }
}

/** Remembers that `username` has seen every notification up to `createdAt`. */
export function markSeen(username: string, createdAt: string): void {
  if (!createdAt || read(username) >= createdAt) return;
  try {
    localStorage.setItem(key(username), createdAt);
  } catch {
    // Storage disabled: the count stays until the tab is closed.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The newest notification time the user has seen ("" when none). */
export function useSeenUntil(username: string | undefined): string {
  return useSyncExternalStore(
    subscribe,
    () => (username ? read(username) : ""),
    () => "",
  );
}

/** How many of `items` are newer than `seenUntil` (compared as instants). */
export function countNew(items: Notification[], seenUntil: string): number {
  const seen = seenUntil ? Date.parse(seenUntil) : -Infinity;
  return items.filter((item) => Date.parse(item.created_at) > seen).length;
}

export const LATEST_LIMIT = 50;

/** The newest notifications and how many are new to this user; nothing without permission. */
export function useNewNotifications(): { allowed: boolean; count: number } {
  const allowed = useCan("notifications:read");
  const me = useMe();
  const seenUntil = useSeenUntil(me?.username);
  const latest = useQuery({
    queryKey: ["notifications", "latest"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: LATEST_LIMIT } } })),
    enabled: allowed,
    staleTime: 60_000,
  });
  return { allowed, count: latest.data ? countNew(latest.data, seenUntil) : 0 };
}
