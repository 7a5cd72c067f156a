import { ProblemError, type Problem } from '../api/problems';

/** What a task's form holds: its data by field name. */
export type FormData = Record<string, unknown>;

/**
 * The copy of what the person typed, kept on this device (localStorage) until the server has it: the task, the
 * version of the task the edits were made on, the data and when it last changed.
 */
export interface LocalDraft {
  taskId: string;
  baseVersion: number;
  data: FormData;
  changedAt: string;
}

/** The part of the browser's `Storage` the copies use (localStorage, or a stand-in in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function localDraftKey(taskId: string): string {
  return `formflow.draft.${taskId}`;
}

/** The copy of a task's draft kept on this device, or null when there is none (or it cannot be read). */
export function readLocalDraft(storage: DraftStorage, taskId: string): LocalDraft | null {
  let text: string | null;
  try {
    text = storage.getItem(localDraftKey(taskId));
  } catch {
    return null;
  }
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<LocalDraft>;
    if (parsed.taskId !== taskId || typeof parsed.baseVersion !== 'number' || typeof parsed.changedAt !== 'string' || !isRecord(parsed.data)) return null;
    return { taskId, baseVersion: parsed.baseVersion, data: parsed.data, changedAt: parsed.changedAt };
  } catch {
    return null;
  }
}

/** Keeps the copy; false when the browser refuses (storage full or off), so the page can say the copy is not kept. */
export function writeLocalDraft(storage: DraftStorage, draft: LocalDraft): boolean {
  try {
    storage.setItem(localDraftKey(draft.taskId), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearLocalDraft(storage: DraftStorage, taskId: string): void {
  try {
    storage.removeItem(localDraftKey(taskId));
  } catch {
    // Nothing to do: a copy the browser will not let us remove cannot be restored over newer data either (sameData).
  }
}

/**
 * What to do with the copy on this device when the task is opened:
 * - `none`: there is none, or the server has the same data (the copy can go);
 * - `restore`: it was typed on top of the server's current version and never saved: put it back in the form;
 * - `behind`: the task was saved since (another tab or device): keep the server's, offer the copy.
 */
export type RestoreDecision = { kind: 'none' } | { kind: 'restore'; draft: LocalDraft } | { kind: 'behind'; draft: LocalDraft };

export function restoreDecision(local: LocalDraft | null, serverVersion: number, serverData: FormData): RestoreDecision {
  if (!local || sameData(local.data, serverData)) return { kind: 'none' };
  return local.baseVersion >= serverVersion ? { kind: 'restore', draft: local } : { kind: 'behind', draft: local };
}

/** Whether two form data are the same, whatever the order of their members. */
export function sameData(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where the draft stands, as the action bar shows it: nothing changed (`idle`), changes waiting (`pending`), being
 * saved, saved at a time, not saved because the connection is gone (retried when it is back), because the task
 * changed elsewhere (409), because the server refused the data (its field problems), or because of another failure.
 */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'offline' }
  | { kind: 'conflict'; problem: Problem }
  | { kind: 'invalid'; problem: Problem }
  | { kind: 'failed'; problem: Problem };

export interface AutosaverOptions {
  /** How long after the last change the draft is saved. */
  delayMs: number;
  /** While offline, how often to try again besides when the browser says the connection is back (it does not always). */
  retryMs?: number;
  /** The task's version (its ETag) the first save is made on. */
  version: number;
  /** The data as the server has it: a change back to it needs no save. */
  saved: FormData;
  /** Saves the data on that version; answers the task's new version or throws a {@link ProblemError}. */
  save(data: FormData, version: number): Promise<number>;
  /** Told of every change of state. */
  onState(state: SaveState): void;
  /** Told when the server has this data at this version. */
  onSaved?(data: FormData, version: number): void;
  now?(): Date;
}

/**
 * Saves a task's draft a moment after the person stops typing, one save at a time, each on the version the last one
 * answered. A lost connection waits for {@link online}; a 409 stops saving until {@link resume} (the page has
 * reloaded the task); a refused save waits for the next change. {@link settle} hands over to a submit.
 */
export class Autosaver {
  private readonly options: AutosaverOptions;
  private version: number;
  private latest: FormData;
  private saved: FormData;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private state: SaveState = { kind: 'idle' };
  private stopped = false;

  constructor(options: AutosaverOptions) {
    this.options = options;
    this.version = options.version;
    this.latest = options.saved;
    this.saved = options.saved;
  }

  get current(): SaveState {
    return this.state;
  }

  get currentVersion(): number {
    return this.version;
  }

  /** What the person typed last. */
  get latestData(): FormData {
    return this.latest;
  }

  /** Whether what the person typed differs from what the server has. */
  get unsaved(): boolean {
    return !sameData(this.latest, this.saved);
  }

  /** The person changed the form: save it {@link AutosaverOptions.delayMs} after the last change. */
  change(data: FormData): void {
    this.latest = data;
    if (this.stopped) return;
    if (this.state.kind === 'conflict' || this.state.kind === 'offline') return;
    if (!this.unsaved) {
      this.clearTimer();
      if (!this.running) this.set(this.state.kind === 'saved' ? this.state : { kind: 'idle' });
      return;
    }
    if (!this.running) this.set({ kind: 'pending' });
    this.schedule();
  }

  /** Saves now what is not saved yet (leaving the page, the 保存草稿 button, a retry); resolves when it is done. */
  async flush(): Promise<void> {
    this.clearTimer();
    if (this.stopped) return;
    while (this.running) await this.running;
    if (!this.unsaved || this.state.kind === 'conflict') return;
    this.running = this.saveLatest().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  /** The connection is back: save what waited for it. */
  online(): void {
    if (this.state.kind === 'offline') {
      this.set({ kind: 'pending' });
      void this.flush();
    }
  }

  /** After the page reloaded the task (a 409): save on top of its version from now on, keeping what was typed. */
  resume(version: number, serverData: FormData): void {
    this.version = version;
    this.saved = serverData;
    this.set(this.unsaved ? { kind: 'pending' } : { kind: 'idle' });
    if (this.unsaved) this.schedule();
  }

  /** For a submit: no more automatic saves; waits for the one running; answers the version to submit on. */
  async settle(): Promise<number> {
    this.clearTimer();
    while (this.running) await this.running;
    return this.version;
  }

  /** The task's version moved by another command of this page (a submit that failed after changing nothing does not). */
  moved(version: number): void {
    this.version = version;
  }

  /** The page is gone or the task is done: nothing more is saved. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private schedule() {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.delayMs);
  }

  private retryLater() {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.online();
    }, this.options.retryMs ?? 15_000);
  }

  private clearTimer() {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private async saveLatest(): Promise<void> {
    const data = this.latest;
    this.set({ kind: 'saving' });
    try {
      this.version = await this.options.save(data, this.version);
      this.saved = data;
      this.options.onSaved?.(data, this.version);
      if (this.unsaved) {
        // Typed while it was being saved: that waits for its own save.
        this.set({ kind: 'pending' });
        if (!this.stopped) this.schedule();
      } else {
        this.set({ kind: 'saved', at: this.options.now?.() ?? new Date() });
      }
    } catch (error) {
      const problem: Problem = error instanceof ProblemError ? error.problem : { status: 0 };
      if (problem.status === 0) {
        this.set({ kind: 'offline' });
        if (!this.stopped) this.retryLater();
      }
      else if (problem.status === 409 || problem.status === 412) this.set({ kind: 'conflict', problem });
      else if (problem.status === 400 || problem.status === 403 || problem.status === 422) this.set({ kind: 'invalid', problem });
      else this.set({ kind: 'failed', problem });
    }
  }

  private set(state: SaveState) {
    this.state = state;
    this.options.onState(state);
  }
}
