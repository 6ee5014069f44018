// Downloads go through fetch so the bearer token is sent; the bytes are handed to the browser as a file.
import { apiError, offlineError } from "../api/client";
import { session } from "../app/session";

/** Fetches `url` with the session's token and saves the response as `filename`. */
export async function downloadWithAuth(url: string, filename: string): Promise<void> {
  const headers: Record<string, string> = {};
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers });
  } catch (cause) {
    throw offlineError(cause);
  }
  if (!response.ok) {
    if (response.status === 401) session.expire();
    throw apiError(response, await response.json().catch(() => null));
  }
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}
