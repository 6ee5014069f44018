import {
  useCallback,
  useEffect,
  useEffectEvent,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { useSearchParams } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { Skeleton } from "../../components/Loading";
import { PageHeader } from "../../components/PageHeader";
import { ProblemAlert } from "../../components/ProblemAlert";
import type { FacetCounts } from "./facets";
import { ActiveFilters } from "./ActiveFilters";
import { FacetPanel } from "./FacetPanel";
import { ModelResult, VersionResult } from "./ResultItems";
import {
  activeFilterCount,
  MODEL_SORTS,
  parseSearch,
  toSearchParams,
  VERSION_SORTS,
  withView,
  type SearchState,
  type View,
} from "./searchState";
import { useDebouncedText } from "./useDebouncedText";
import { useModelFacets, useModelResults, useVersionResults } from "./useSearchResults";
import styles from "./SearchPage.module.css";

const SORT_LABELS: Record<string, string> = {
  name: "Name (A–Z)",
  "-name": "Name (Z–A)",
  "-updated_at": "Recently updated",
  updated_at: "Least recently updated",
  "-created_at": "Newest first",
  created_at: "Oldest first",
  "-version": "Highest version first",
  version: "Lowest version first",
};

/** True when a key press belongs to a field the user is typing in. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

/** The search state held in the URL, and a way to change it (push, or replace while typing). */
function useSearchState(): [SearchState, (next: SearchState, replace?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseSearch(params), [params]);
  const update = useCallback(
    (next: SearchState, replace = false) => setParams(toSearchParams(next), { replace }),
    [setParams],
  );
  return [state, update];
}

/** Search as you type across models and versions, with facets, sort and paging. */
export function SearchPage() {
  const [state, update] = useSearchState();
  const box = useRef<HTMLInputElement>(null);
  const results = useRef<HTMLDivElement>(null);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const panelId = useId();

  const commitQuery = useCallback((q: string) => update({ ...state, q }, true), [state, update]);
  const { text, setText, commitNow } = useDebouncedText(state.q, commitQuery);

  // "/" focuses the search box from anywhere on the page, unless the user is typing elsewhere.
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      event.preventDefault();
      box.current?.focus();
      box.current?.select();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function resultLinks(): HTMLAnchorElement[] {
    return [...(results.current?.querySelectorAll<HTMLAnchorElement>("a[data-result-link]") ?? [])];
  }

  function onBoxKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      const first = resultLinks()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      commitNow("");
    }
  }

  // Arrow keys move through the result links; Escape clears the search and returns to the box.
  // Listened for on the list's container (delegation), since links come and go with each page.
  const onResultsKey = useEffectEvent((event: globalThis.KeyboardEvent) => {
    if (isTyping(event.target)) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const links = resultLinks();
      const current = links.findIndex((link) => link.contains(event.target as Node));
      if (current === -1) return;
      event.preventDefault();
      const next = current + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) box.current?.focus();
      else links[Math.min(next, links.length - 1)]?.focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      commitNow("");
      box.current?.focus();
    }
  });
  useEffect(() => {
    const element = results.current;
    element?.addEventListener("keydown", onResultsKey);
    return () => element?.removeEventListener("keydown", onResultsKey);
  }, []);

  const activeCount = activeFilterCount(state);
  const sorts: readonly string[] = state.view === "models" ? MODEL_SORTS : VERSION_SORTS;
  const facets = useModelFacets(state);
  const counts: FacetCounts | undefined = state.view === "models" ? facets.data : undefined;

  return (
    <>
      <PageHeader title="Search" />
      <form
        role="search"
        className={styles.searchBar}
        onSubmit={(event) => {
          event.preventDefault();
          commitNow(text);
        }}
      >
        <div className={styles.searchField}>
          <label htmlFor="search-box">Search models and versions</label>
          <input
            id="search-box"
            ref={box}
            type="search"
            value={text}
            placeholder="Name, description, tag…"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="search-keys"
            aria-controls="search-results"
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onBoxKey}
          />
          <p id="search-keys" className="hint">
            Press <kbd>/</kbd> to search, <kbd>↓</kbd> <kbd>↑</kbd> to move through results,{" "}
            <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to clear.
          </p>
        </div>
        <div className={styles.controls}>
          <ViewSwitch view={state.view} onChange={(view) => update(withView(state, view))} />
          <label className={styles.sort}>
            <span>Sort by</span>
            <select
              value={state.sort}
              onChange={(event) =>
                update({ ...state, sort: event.target.value as SearchState["sort"] })
              }
            >
              {sorts.map((sort) => (
                <option key={sort} value={sort}>
                  {SORT_LABELS[sort] ?? sort}
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>

      <div className={styles.layout}>
        <section className={styles.filters} aria-labelledby="filters-heading">
          <h2 id="filters-heading" className={styles.filtersHeading}>
            Filters
          </h2>
          <button
            type="button"
            className={`button ${styles.filtersToggle}`}
            aria-expanded={filtersOpen}
            aria-controls={panelId}
            onClick={() => setFiltersOpen(!filtersOpen)}
          >
            Filters{activeCount > 0 ? ` (${activeCount})` : ""}
          </button>
          <div id={panelId} className={styles.panel} data-open={filtersOpen}>
            <FacetPanel state={state} counts={counts} onChange={(next) => update(next)} />
          </div>
        </section>

        <section className={styles.results} aria-labelledby="results-heading">
          <h2 id="results-heading" className="visually-hidden">
            Results
          </h2>
          <ActiveFilters state={state} onChange={(next) => update(next)} />
          <div id="search-results" ref={results}>
            {state.view === "models" ? <ModelHits state={state} /> : <VersionHits state={state} />}
          </div>
        </section>
      </div>
    </>
  );
}

/** Models or versions, as a pair of toggle buttons. */
function ViewSwitch({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  return (
    <div role="group" aria-label="Show" className={styles.viewSwitch}>
      {(["models", "versions"] as const).map((option) => (
        <button
          key={option}
          type="button"
          className="button"
          aria-pressed={view === option}
          onClick={() => onChange(option)}
        >
          {option === "models" ? "Models" : "Versions"}
        </button>
      ))}
    </div>
  );
}

interface HitsProps {
  state: SearchState;
}

/** The result count, said politely to screen readers when it changes. */
function ResultCount({ shown, more, noun }: { shown: number; more: boolean; noun: string }) {
  const text =
    shown === 0
      ? `No ${noun}s match`
      : `${shown}${more ? "+" : ""} ${shown === 1 && !more ? noun : `${noun}s`}${more ? " (more to load)" : ""}`;
  return (
    <p className={styles.count} role="status" aria-live="polite" aria-atomic="true">
      {text}
    </p>
  );
}

/**
 * The results block. It names the query whose results it shows and is busy while the previous
 * query's results stand in, which is what bench/ui_bench.py times from the last keystroke.
 */
function ResultsFrame({
  query,
  busy,
  children,
}: {
  query: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <div data-search-results="" data-query={query} aria-busy={busy || undefined}>
      {children}
    </div>
  );
}

function ModelHits({ state }: HitsProps) {
  const query = useModelResults(state);
  // A failed "load more" keeps the pages already shown (LoadMore reports it).
  if (!query.data) {
    return query.isError ? (
      <ProblemAlert error={query.error} action="Searching models" />
    ) : (
      <Skeleton rows={6} label="Searching models" />
    );
  }
  const items = query.data.pages.flatMap((page) => page.items);
  return (
    <ResultsFrame query={state.q} busy={query.isPlaceholderData}>
      <ResultCount shown={items.length} more={query.hasNextPage} noun="model" />
      {items.length === 0 ? (
        <EmptyState title="No models match">Try fewer words or remove a filter.</EmptyState>
      ) : (
        <ol className={styles.list} aria-busy={query.isPlaceholderData || undefined}>
          {items.map((model) => (
            <ModelResult key={model.full_name} model={model} />
          ))}
        </ol>
      )}
      <LoadMore query={query} noun="models" />
    </ResultsFrame>
  );
}

function VersionHits({ state }: HitsProps) {
  const query = useVersionResults(state);
  // A failed "load more" keeps the pages already shown (LoadMore reports it).
  if (!query.data) {
    return query.isError ? (
      <ProblemAlert error={query.error} action="Searching versions" />
    ) : (
      <Skeleton rows={6} label="Searching versions" />
    );
  }
  const items = query.data.pages.flatMap((page) => page.items);
  return (
    <ResultsFrame query={state.q} busy={query.isPlaceholderData}>
      <ResultCount shown={items.length} more={query.hasNextPage} noun="version" />
      {items.length === 0 ? (
        <EmptyState title="No versions match">Try fewer words or remove a filter.</EmptyState>
      ) : (
        <ol className={styles.list} aria-busy={query.isPlaceholderData || undefined}>
          {items.map((version) => (
            <VersionResult key={`${version.model}@${version.version}`} version={version} />
          ))}
        </ol>
      )}
      <LoadMore query={query} noun="versions" />
    </ResultsFrame>
  );
}

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => Promise<unknown>;
}

/** The next page by cursor, appended below. */
function LoadMore({ query, noun }: { query: PagedQuery; noun: string }) {
  return (
    <div className={styles.more}>
      {query.isFetchNextPageError && (
        <ProblemAlert error={query.error} action={`Loading more ${noun}`} />
      )}
      {query.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? "Loading…" : `Load more ${noun}`}
        </button>
      )}
    </div>
  );
}
