import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { TokenForm } from "./TokenForm";

/**
 * Asks for a new token when the server refuses the current one. The page underneath stays
 * mounted, so a half-filled form is not lost; queries run again once signed in.
 */
export function SessionExpiredDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const client = useQueryClient();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="expired-title">
      <h2 id="expired-title">Your session has ended</h2>
      <p>
        The registry no longer accepts your token (it expired or was revoked). Sign in again to
        carry on; this page and anything you typed stay as they are.
      </p>
      <TokenForm
        submitLabel="Sign in again"
        onSignedIn={() => {
          void client.invalidateQueries();
        }}
      />
    </dialog>
  );
}
