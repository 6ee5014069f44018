// Audit action codes such as `model.risk_tier_raised` read as "Model: risk tier raised". The API
// does not publish the catalogue (src/modelreg/domain/audit_actions.py), so the label is derived
// from the code rather than copied, which would drift from the server.

/** A readable label for an audit action code. */
export function actionLabel(code: string): string {
  const [area = "", ...rest] = code.split(".");
  const words = (text: string) => text.replace(/[_-]+/g, " ").trim();
  const head = words(area);
  const title = head.charAt(0).toUpperCase() + head.slice(1);
  const tail = words(rest.join(" "));
  return tail ? `${title}: ${tail}` : title;
}

/** Decision ids mentioned in an event's details (promotion events carry `decision_id`). */
export function decisionIds(details: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, key: string) => {
    if (typeof value === "string" && (key === "decision_id" || key.endsWith("_decision_id"))) {
      found.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (value && typeof value === "object") {
      for (const [inner, child] of Object.entries(value)) visit(child, inner);
    }
  };
  visit(details, "");
  return [...found];
}
