import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useCan } from "../../app/me";
import { Field } from "../../components/Field";
import { ProblemAlert } from "../../components/ProblemAlert";
import { securityKeys } from "./queries";
import styles from "./Governance.module.css";

type Lists = Schemas["LicenseLists"];
export type ListName = keyof Lists;

const LISTS: { name: ListName; title: string; hint: string }[] = [
  {
    name: "allow",
    title: "Allowed",
    hint: "Versions under these licenses pass the license check.",
  },
  { name: "deny", title: "Denied", hint: "A critical finding: blocks promotion." },
  {
    name: "review",
    title: "Needs review",
    hint: "A finding until a security architect accepts it. Unlisted licenses need review too.",
  },
];

/**
 * Which lists a refusal of the server concerns: by location (`allow.3`) or by the list its message
 * names ("allow list entry …", "on more than one list (allow and deny)").
 */
export function listErrors(error: unknown): {
  lists: Partial<Record<ListName, string>>;
  placed: boolean;
} {
  const lists: Partial<Record<ListName, string>> = {};
  const problems = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  for (const problem of problems) {
    const loc = problem.loc.filter((part) => part !== "body");
    const named = new Set<ListName>();
    if (loc[0] === "allow" || loc[0] === "deny" || loc[0] === "review") named.add(loc[0]);
    const entry = /^(allow|deny|review) list entry/.exec(problem.msg);
    if (entry) named.add(entry[1] as ListName);
    const overlap = /more than one list \((allow|deny|review) and (allow|deny|review)\)/.exec(
      problem.msg,
    );
    if (overlap) {
      named.add(overlap[1] as ListName);
      named.add(overlap[2] as ListName);
    }
    for (const name of named) lists[name] ??= problem.msg;
  }
  return { lists, placed: Object.keys(lists).length > 0 };
}

function same(a: Lists, b: Lists): boolean {
  return LISTS.every(({ name }) => a[name].join("\n") === b[name].join("\n"));
}

interface ListProps {
  name: ListName;
  title: string;
  hint: string;
  entries: string[];
  editable: boolean;
  error: string | undefined;
  onChange: (entries: string[]) => void;
}

/** One list of license ids: chips to remove, a field to add. */
function LicenseList({ name, title, hint, entries, editable, error, onChange }: ListProps) {
  const [adding, setAdding] = useState("");
  const [local, setLocal] = useState<string | undefined>();
  const add = () => {
    const id = adding.trim();
    if (!id) return setLocal("Type an SPDX id, a LicenseRef-… id or a prefix ending in *.");
    if (entries.some((entry) => entry.toLowerCase() === id.toLowerCase())) {
      return setLocal(`${id} is already on this list.`);
    }
    setLocal(undefined);
    setAdding("");
    onChange([...entries, id]);
  };
  const headingId = `licenses-${name}`;
  return (
    <section aria-labelledby={headingId} className="card stack">
      <h3 id={headingId}>
        {title} ({entries.length})
      </h3>
      <p className="hint">{hint}</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {entries.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul className={styles.chips} aria-label={`${title} licenses`}>
          {entries.map((entry) => (
            <li key={entry} className={styles.chip}>
              <span>{entry}</span>
              {editable && (
                <button
                  type="button"
                  className="button tiny subtle"
                  aria-label={`Remove ${entry} from ${title.toLowerCase()}`}
                  onClick={() => onChange(entries.filter((other) => other !== entry))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <div className={styles.addRow}>
          <Field label={`Add to ${title.toLowerCase()}`} error={local}>
            <input
              value={adding}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => setAdding(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  add();
                }
              }}
            />
          </Field>
          <button type="button" className="button" onClick={add}>
            Add
          </button>
        </div>
      )}
    </section>
  );
}

/** The license lists in force; security architects edit them and save a new version. */
export function LicenseLists({ saved }: { saved: Schemas["LicensePolicyRead"] }) {
  const client = useQueryClient();
  const editable = useCan("security:write");
  // What the server holds: the props, or the answer to our own save until a refetch catches up.
  const [answer, setAnswer] = useState<Schemas["LicensePolicyRead"] | null>(null);
  const current = answer && answer.number >= saved.number ? answer : saved;
  const stored: Lists = { allow: current.allow, deny: current.deny, review: current.review };
  const [lists, setLists] = useState<Lists>(stored);
  const save = useMutation({
    mutationFn: (body: Lists) => unwrap(api.PUT("/api/v1/security/license-policy", { body })),
    onSuccess: async (result) => {
      setAnswer(result);
      setLists({ allow: result.allow, deny: result.deny, review: result.review });
      await client.invalidateQueries({ queryKey: securityKeys.licenses });
    },
  });
  const placed = save.isError ? listErrors(save.error) : { lists: {}, placed: false };
  const changed = !same(lists, stored);
  return (
    <div className="stack">
      <p className="hint">
        {current.number === 0 ? "The built-in default lists" : `Lists version ${current.number}`}.
        SPDX ids or LicenseRef-… ids; a trailing * matches a prefix.
      </p>
      <div className={styles.listColumns}>
        {LISTS.map((list) => (
          <LicenseList
            key={list.name}
            {...list}
            entries={lists[list.name]}
            editable={editable}
            error={placed.lists[list.name]}
            onChange={(entries) => setLists({ ...lists, [list.name]: entries })}
          />
        ))}
      </div>
      {editable && (
        <div className="row">
          <button
            type="button"
            className="button primary"
            disabled={!changed || save.isPending}
            onClick={() => save.mutate(lists)}
          >
            {save.isPending ? "Saving…" : "Save license lists"}
          </button>
          <button
            type="button"
            className="button"
            disabled={!changed || save.isPending}
            onClick={() => {
              save.reset();
              setLists(stored);
            }}
          >
            Discard changes
          </button>
          {changed && <span className="hint">Unsaved changes</span>}
        </div>
      )}
      {save.isError && !placed.placed && (
        <ProblemAlert error={save.error} action="Saving the license lists" />
      )}
      {save.isError && placed.placed && (
        <p className="field-error" role="status">
          Not saved: the server refused the lists (see the list named above).
        </p>
      )}
      {save.isSuccess && !changed && (
        <p className="alert alert-success" role="status">
          Saved as lists version {save.data.number}; live versions are re-checked.
        </p>
      )}
    </div>
  );
}
