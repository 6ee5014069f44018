import { useId, useState, type FormEvent } from "react";
import { FACETS, type FacetCount, type FacetCounts, type FacetDef } from "./facets";
import {
  VIEW_FILTERS,
  withFilter,
  withTag,
  type SearchState,
  type SingleFilter,
} from "./searchState";
import styles from "./SearchPage.module.css";

interface Props {
  state: SearchState;
  /** Counts per facet for the current search; absent while unknown. */
  counts?: FacetCounts | undefined;
  onChange: (next: SearchState) => void;
}

/** The filters that apply to the current view, one group of choices per facet. */
export function FacetPanel({ state, counts, onChange }: Props) {
  const allowed = VIEW_FILTERS[state.view];
  return (
    <div className={styles.facets}>
      {FACETS.filter((facet) => allowed.includes(facet.key)).map((facet) =>
        facet.multi ? (
          <MultiFacet
            key={facet.key}
            facet={facet}
            count={counts?.[facet.key]}
            selected={state.tags}
            onToggle={(value, on) => onChange(withTag(state, value, on))}
          />
        ) : (
          <SingleFacet
            key={facet.key}
            facet={facet}
            count={counts?.[facet.key]}
            selected={state.filters[facet.key as SingleFilter]}
            onSelect={(value) => onChange(withFilter(state, facet.key as SingleFilter, value))}
          />
        ),
      )}
    </div>
  );
}

/**
 * The choice shown at once while the URL (and so `actual`) catches up: the router navigates
 * asynchronously, and a controlled input would otherwise spring back for a moment.
 */
function useShownChoice<T>(actual: T): [T, (next: T) => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  const [seen, setSeen] = useState(actual);
  if (actual !== seen) {
    setSeen(actual);
    setPending(null);
  }
  return [pending ? pending.value : actual, (next) => setPending({ value: next })];
}

interface Option {
  value: string;
  count?: number;
}

/** The values to offer: counted ones, else the fixed vocabulary; chosen values always appear. */
function optionsOf(facet: FacetDef, count: FacetCount | undefined, selected: string[]): Option[] {
  const options: Option[] = count?.values ?? facet.fixed?.map((value) => ({ value })) ?? [];
  const missing = selected.filter((value) => !options.some((o) => o.value === value));
  return [...options, ...missing.map((value) => ({ value }))];
}

function OptionLabel({ facet, option }: { facet: FacetDef; option: Option }) {
  return (
    <>
      <span className={styles.optionText}>{facet.valueLabel?.(option.value) ?? option.value}</span>{" "}
      {option.count !== undefined && (
        <span className={styles.count}>
          {option.count}
          <span className="visually-hidden"> {option.count === 1 ? "model" : "models"}</span>
        </span>
      )}
    </>
  );
}

interface SingleProps {
  facet: FacetDef;
  count: FacetCount | undefined;
  selected: string | undefined;
  onSelect: (value: string | null) => void;
}

/** One choice among a facet's values (or any). */
function SingleFacet({ facet, count, selected: actual, onSelect: select }: SingleProps) {
  const name = useId();
  const [selected, show] = useShownChoice(actual);
  const onSelect = (value: string | null) => {
    show(value ?? undefined);
    select(value);
  };
  const options = optionsOf(facet, count, selected ? [selected] : []);
  const open = !facet.fixed;
  return (
    <fieldset className={styles.facet}>
      <legend>{facet.label}</legend>
      {facet.hint && <p className="hint">{facet.hint}</p>}
      {options.length > 0 && (
        <ul className={styles.options}>
          <li>
            <label>
              <input
                type="radio"
                name={name}
                checked={selected === undefined}
                onChange={() => onSelect(null)}
              />
              <span className={styles.optionText}>Any</span>
            </label>
          </li>
          {options.map((option) => (
            <li key={option.value}>
              <label>
                <input
                  type="radio"
                  name={name}
                  value={option.value}
                  checked={selected === option.value}
                  onChange={() => onSelect(option.value)}
                />
                <OptionLabel facet={facet} option={option} />
              </label>
            </li>
          ))}
        </ul>
      )}
      {count?.truncated && <p className="hint">Most common values shown.</p>}
      {open && (!count || count.truncated) && (
        <OtherValue
          label={count ? `Other ${facet.label.toLowerCase()}` : `${facet.label} is`}
          placeholder={facet.placeholder}
          initial={count ? "" : (selected ?? "")}
          submitLabel="Apply"
          onSubmit={(value) => onSelect(value || null)}
        />
      )}
    </fieldset>
  );
}

interface MultiProps {
  facet: FacetDef;
  count: FacetCount | undefined;
  selected: string[];
  onToggle: (value: string, on: boolean) => void;
}

/** Several values of a facet, each required (tags). */
function MultiFacet({ facet, count, selected: actual, onToggle: toggle }: MultiProps) {
  const [selected, show] = useShownChoice(actual);
  const onToggle = (value: string, on: boolean) => {
    show(
      on ? [...selected.filter((v) => v !== value), value] : selected.filter((v) => v !== value),
    );
    toggle(value, on);
  };
  const options = optionsOf(facet, count, selected);
  return (
    <fieldset className={styles.facet}>
      <legend>{facet.label}</legend>
      {facet.hint && <p className="hint">{facet.hint}</p>}
      {options.length > 0 && (
        <ul className={styles.options}>
          {options.map((option) => (
            <li key={option.value}>
              <label>
                <input
                  type="checkbox"
                  checked={selected.includes(option.value)}
                  onChange={(event) => onToggle(option.value, event.target.checked)}
                />
                <OptionLabel facet={facet} option={option} />
              </label>
            </li>
          ))}
        </ul>
      )}
      {count?.truncated && <p className="hint">Most common values shown.</p>}
      <OtherValue
        label={`Add ${facet.label.toLowerCase().replace(/s$/, "")}`}
        placeholder={facet.placeholder}
        initial=""
        submitLabel="Add"
        validate={(value) => (/^[^=]+=/.test(value) ? null : "Write it as key=value.")}
        onSubmit={(value) => value && onToggle(value, true)}
        clearOnSubmit
      />
    </fieldset>
  );
}

interface OtherProps {
  label: string;
  placeholder: string | undefined;
  initial: string;
  submitLabel: string;
  onSubmit: (value: string) => void;
  validate?: (value: string) => string | null;
  clearOnSubmit?: boolean;
}

/** A free-text value for an open-ended facet (exact match), applied on Enter or the button. */
function OtherValue(props: OtherProps) {
  const { label, placeholder, initial, submitLabel, onSubmit, validate, clearOnSubmit } = props;
  const id = useId();
  const [value, setValue] = useState(initial);
  const [seen, setSeen] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  if (initial !== seen) {
    // The filter changed elsewhere (a chip removed, back/forward): show the new value.
    setSeen(initial);
    setValue(initial);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = value.trim();
    const problem = trimmed && validate ? validate(trimmed) : null;
    setError(problem);
    if (problem) return;
    onSubmit(trimmed);
    if (clearOnSubmit) setValue("");
  }
  return (
    <form className={styles.other} onSubmit={submit} noValidate>
      <label htmlFor={id} className={styles.otherLabel}>
        {label}
      </label>
      <div className={styles.otherRow}>
        <input
          id={id}
          type="text"
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="button tiny">
          {submitLabel}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </form>
  );
}
