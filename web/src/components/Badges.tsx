// Stage, risk tier and status shown as text with a colour, never colour alone.
import type { Schemas } from "../api/client";

type Stage = Schemas["Stage"];
type RiskTier = Schemas["RiskTier"];

/** A version's lifecycle stage. */
export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`badge stage-${stage}`}>{stage}</span>;
}

/** A model's risk tier. */
export function RiskBadge({ tier }: { tier: RiskTier }) {
  return <span className={`badge risk-${tier}`}>{tier} risk</span>;
}

export type Tone = "ok" | "warn" | "bad" | "info" | "neutral";

/** A short status word with a tone, e.g. "verified" (ok) or "blocking" (bad). */
export function StatusBadge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}
