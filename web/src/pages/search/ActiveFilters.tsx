import { FACETS } from "./facets";
import { SINGLE_FILTERS, VIEW_FILTERS, withFilter, withTag, type SearchState } from "./searchState";
import styles from "./SearchPage.module.css";

interface Props {
  state: SearchState;
  onChange: (next: SearchState) => void;
}

/** The filters in force as removable chips, with a way to clear them all. */
export function ActiveFilters({ state, onChange }: Props) {
  const allowed = VIEW_FILTERS[state.view];
  const chips: { label: string; remove: SearchState }[] = [];
  for (const key of SINGLE_FILTERS) {
    const value = state.filters[key];
    if (value === undefined || !allowed.includes(key)) continue;
    const facet = FACETS.find((f) => f.key === key);
    chips.push({
      label: `${facet?.label ?? key}: ${facet?.valueLabel?.(value) ?? value}`,
      remove: withFilter(state, key, null),
    });
  }
  if (allowed.includes("tag")) {
    for (const tag of state.tags)
      chips.push({ label: `Tag: ${tag}`, remove: withTag(state, tag, false) });
  }
  if (chips.length === 0) return null;
  return (
    <div className={styles.active}>
      <ul aria-label="Filters in force">
        {chips.map((chip) => (
          <li key={chip.label}>
            <button
              type="button"
              className="button tiny"
              aria-label={`Remove filter ${chip.label}`}
              onClick={() => onChange(chip.remove)}
            >
              {chip.label} <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button tiny subtle"
        onClick={() => onChange({ ...state, filters: {}, tags: [] })}
      >
        Clear filters
      </button>
    </div>
  );
}
