import { useCallback, useEffect, useRef, useState } from 'react';
import { ProblemError } from '../api/problems';
import { draftETag, lintDefinition, openDefinition, saveDraft, type AuthoringKind, type Finding } from './definitions';

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'conflict' | 'failed';

export interface DraftEditor<T> {
  kind: AuthoringKind;
  key: string;
  /** missing: no draft, no published version and nothing to create one from. `new`: from `create`, saved at the first edit. */
  state: 'loading' | 'ready' | 'missing' | 'failed';
  error?: Error;
  document: T | undefined;
  from: 'draft' | 'published' | 'new' | undefined;
  /** A local change: saved as the draft shortly after the last edit, with If-Match. */
  edit(next: T): void;
  save: SaveStatus;
  savedAt?: Date;
  saveError?: Error;
  /** After a 409: takes the server's current ETag and saves what the author has over it. */
  keepMine(): Promise<void>;
  /** Saves now (publishing calls it first); throws when the save fails. */
  flush(): Promise<void>;
  findings: Finding[];
  linting: boolean;
  /** After publishing: the draft is gone, the next edit starts a new one from this version. */
  markPublished(version: number): void;
  /** The published version the document was opened from (or last published as). */
  version?: number;
}

const saveDelay = 800;
const lintDelay = 500;

/**
 * The one way a designer edits a draft: opens the draft (else the newest published version, else `create`), keeps the
 * author's edits locally, saves them as the draft after a pause with the ETag it read (a 409 keeps them and offers to
 * save them over the other change), and lints the document as edited.
 */
export function useDraftEditor<T>(kind: AuthoringKind, key: string, options?: { create?: () => T }): DraftEditor<T> {
  const [state, setState] = useState<DraftEditor<T>['state']>('loading');
  const [error, setError] = useState<Error>();
  const [document, setDocument] = useState<T>();
  const [from, setFrom] = useState<DraftEditor<T>['from']>();
  const [save, setSaveState] = useState<SaveStatus>('saved');
  const status = useRef<SaveStatus>('saved');
  const setSave = useCallback((next: SaveStatus) => {
    status.current = next;
    setSaveState(next);
  }, []);
  const [savedAt, setSavedAt] = useState<Date>();
  const [saveError, setSaveError] = useState<Error>();
  const [findings, setFindings] = useState<Finding[]>([]);
  const [linting, setLinting] = useState(false);
  const [version, setVersion] = useState<number>();

  // The latest values the timers work with; state would be stale in their closures.
  const eTag = useRef<string | null>(null);
  const latest = useRef<T | undefined>(undefined);
  const unsaved = useRef(false);
  const saving = useRef<Promise<void> | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lintTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lintRound = useRef(0);
  const create = useRef(options?.create);
  create.current = options?.create;

  const lint = useCallback(
    (doc: T) => {
      clearTimeout(lintTimer.current);
      lintTimer.current = setTimeout(async () => {
        const round = ++lintRound.current;
        setLinting(true);
        try {
          const answer = await lintDefinition(kind, key, doc);
          if (round === lintRound.current) setFindings(answer.findings);
        } catch (cause) {
          // A document the API cannot read at all (400) comes back as a problem naming where: shown as a finding.
          if (round === lintRound.current && cause instanceof ProblemError && cause.problem.status === 400) {
            setFindings([{ code: cause.problem.code ?? 'request.invalid', severity: 'error', path: '', message: { 'zh-CN': cause.message, en: cause.message } }]);
          }
        } finally {
          if (round === lintRound.current) setLinting(false);
        }
      }, lintDelay);
    },
    [kind, key],
  );

  const write = useCallback(async () => {
    if (!unsaved.current || latest.current === undefined) return;
    const doc = latest.current;
    unsaved.current = false;
    setSave('saving');
    try {
      eTag.current = await saveDraft(kind, key, doc, eTag.current);
      setFrom('draft');
      setSavedAt(new Date());
      setSaveError(undefined);
      setSave(unsaved.current ? 'pending' : 'saved');
    } catch (cause) {
      unsaved.current = true;
      const problem = cause instanceof ProblemError ? cause.problem : undefined;
      setSave(problem?.status === 409 ? 'conflict' : 'failed');
      setSaveError(cause as Error);
      throw cause;
    }
  }, [kind, key, setSave]);

  const flush = useCallback(async () => {
    clearTimeout(saveTimer.current);
    while (saving.current) await saving.current.catch(() => undefined);
    if (!unsaved.current) return;
    const run = write();
    saving.current = run.finally(() => (saving.current = null));
    await run;
  }, [write]);

  useEffect(() => {
    let live = true;
    setState('loading');
    openDefinition<T>(kind, key).then(
      (opened) => {
        if (!live) return;
        if (opened) {
          eTag.current = opened.eTag;
          latest.current = opened.document;
          setDocument(opened.document);
          setFrom(opened.from);
          setVersion(opened.version);
          setState('ready');
          lint(opened.document);
        } else if (create.current) {
          // What `create` starts from (a shipped text, an empty document) is saved as a draft at the first edit only:
          // opening something must not leave a draft nobody wrote.
          const made = create.current();
          latest.current = made;
          setDocument(made);
          setFrom('new');
          setState('ready');
          lint(made);
        } else {
          setState('missing');
        }
      },
      (cause: Error) => {
        if (!live) return;
        setError(cause);
        setState('failed');
      },
    );
    return () => {
      live = false;
      clearTimeout(lintTimer.current);
    };
  }, [kind, key, lint, flush, setSave]);

  // Leaving the page saves what is pending (the timer would not run any more).
  useEffect(
    () => () => {
      clearTimeout(saveTimer.current);
      if (unsaved.current) void flush().catch(() => undefined);
    },
    [flush],
  );

  const edit = useCallback(
    (next: T) => {
      latest.current = next;
      unsaved.current = true;
      setDocument(next);
      if (status.current !== 'conflict') setSave('pending');
      lint(next);
      clearTimeout(saveTimer.current);
      // After a conflict nothing is saved until the author chooses: their edits stay on screen meanwhile.
      saveTimer.current = setTimeout(() => {
        if (status.current !== 'conflict') void flush().catch(() => undefined);
      }, saveDelay);
    },
    [lint, flush, setSave],
  );

  const keepMine = useCallback(async () => {
    eTag.current = await draftETag(kind, key);
    unsaved.current = true;
    await flush();
  }, [kind, key, flush]);

  const markPublished = useCallback((published: number) => {
    eTag.current = null;
    setVersion(published);
    setFrom('published');
  }, []);

  return { markPublished, version, kind, key, state, error, document, from, edit, save, savedAt, saveError, keepMine, flush, findings, linting };
}
