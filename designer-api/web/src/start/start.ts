/** A person one may start a process for, as `GET /api/me/startable` names them. */
export interface Candidate {
  id: string;
  name: { 'zh-CN': string; en: string };
}

/**
 * Whom the select offers first: oneself when one may start it for oneself (the API lists the caller first then), else
 * the only person offered; nobody when the choice is the person's to make.
 */
export function defaultSubject(candidates: readonly Candidate[], meId: string | undefined): string | undefined {
  if (meId && candidates.some((c) => c.id === meId)) return meId;
  return candidates.length === 1 ? candidates[0]!.id : undefined;
}

/** What follows a start: the starter's own first task opens at once; otherwise the page says it started. */
export type AfterStart = { kind: 'task'; path: string } | { kind: 'started'; instanceId: string };

export function afterStart(started: { instanceId: string; taskId?: string | null }): AfterStart {
  return started.taskId ? { kind: 'task', path: `/tasks/${encodeURIComponent(started.taskId)}` } : { kind: 'started', instanceId: started.instanceId };
}

/** The select's options: each person by name in the page's language, oneself marked as such. */
export function subjectOptions(candidates: readonly Candidate[], meId: string | undefined, name: (c: Candidate) => string, self: (name: string) => string) {
  return candidates.map((c) => ({ value: c.id, label: c.id === meId ? self(name(c)) : name(c) }));
}
