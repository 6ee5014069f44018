// Placeholder until this tab is built in its own branch (issue 10).
export function LineageTab() {
  return null;
}
