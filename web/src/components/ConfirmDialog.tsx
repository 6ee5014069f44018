import { useEffect, useId, useRef, type ReactNode } from "react";

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** A destructive action (the default) gets the danger style; others the primary one. */
  danger?: boolean;
  busy?: boolean;
  /** The failed attempt's problem, shown inside the dialog. */
  error?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question before an action that changes shared state; Escape or Cancel backs out. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = true,
  busy,
  error,
  onConfirm,
  onCancel,
}: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element || element.open) return;
    // Without showModal (older engines, jsdom) the dialog still opens, just not as a modal.
    if (typeof element.showModal === "function") element.showModal();
    else element.setAttribute("open", "");
    return () => element.close?.();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <div className="stack">
        <h2 id={`${id}-title`}>{title}</h2>
        <div>{children}</div>
        {error}
        <div className="row">
          <button
            type="button"
            className={danger ? "button danger" : "button primary"}
            onClick={onConfirm}
            disabled={busy}
          >
            {busy ? "Working…" : confirmLabel}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </dialog>
  );
}
