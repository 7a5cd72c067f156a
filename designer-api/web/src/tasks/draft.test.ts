import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProblemError } from '../api/problems';
import {
  Autosaver,
  clearLocalDraft,
  readLocalDraft,
  restoreDecision,
  sameData,
  writeLocalDraft,
  type DraftStorage,
  type FormData,
  type SaveState,
} from './draft';

class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const copy = (data: FormData, baseVersion = 3) => ({ taskId: 't1', baseVersion, data, changedAt: '2026-12-02T08:00:00.000Z' });

describe('the copy on this device', () => {
  it('is read back as it was written, and is gone once cleared', () => {
    const storage = new MemoryStorage();
    writeLocalDraft(storage, copy({ period: '2026' }));
    expect(readLocalDraft(storage, 't1')).toEqual(copy({ period: '2026' }));
    clearLocalDraft(storage, 't1');
    expect(readLocalDraft(storage, 't1')).toBeNull();
  });

  it('of another task, or unreadable, is no copy', () => {
    const storage = new MemoryStorage();
    storage.setItem('formflow.draft.t1', '{not json');
    expect(readLocalDraft(storage, 't1')).toBeNull();
    storage.setItem('formflow.draft.t1', JSON.stringify(copy({}, 1)).replace('"t1"', '"t2"'));
    expect(readLocalDraft(storage, 't1')).toBeNull();
  });

  it('that the browser refuses to keep is reported, not thrown', () => {
    const full: DraftStorage = { getItem: () => null, removeItem: () => undefined, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(writeLocalDraft(full, copy({ a: 1 }))).toBe(false);
  });

  it('is restored when it was typed on the server version and differs from the server data', () => {
    expect(restoreDecision(copy({ period: '2026' }, 3), 3, { period: '' })).toEqual({ kind: 'restore', draft: copy({ period: '2026' }, 3) });
  });

  it('is only offered when the task was saved since (another tab or device)', () => {
    expect(restoreDecision(copy({ period: '2026' }, 3), 4, { period: '2025' }).kind).toBe('behind');
  });

  it('is not needed when the server has the same data, whatever the order of members', () => {
    expect(restoreDecision(copy({ a: 1, b: [{ x: 1, y: 2 }] }), 3, { b: [{ y: 2, x: 1 }], a: 1 }).kind).toBe('none');
    expect(restoreDecision(null, 3, {}).kind).toBe('none');
  });

  it('compares undefined members as absent', () => {
    expect(sameData({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameData({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});

describe('the autosaver', () => {
  let states: SaveState[];
  let saves: { data: FormData; version: number }[];
  let answer: (data: FormData, version: number) => Promise<number>;

  const make = (version = 1) =>
    new Autosaver({
      delayMs: 2000,
      version,
      saved: {},
      save: (data, v) => {
        saves.push({ data, version: v });
        return answer(data, v);
      },
      onState: (s) => states.push(s),
      now: () => new Date('2026-12-02T08:30:00Z'),
    });
  const kinds = () => states.map((s) => s.kind);

  beforeEach(() => {
    vi.useFakeTimers();
    states = [];
    saves = [];
    answer = async (_d, v) => v + 1;
  });
  afterEach(() => vi.useRealTimers());

  it('saves two seconds after the last change, once, on the task version', async () => {
    const saver = make(5);
    saver.change({ period: '2' });
    await vi.advanceTimersByTimeAsync(1500);
    saver.change({ period: '2026' });
    await vi.advanceTimersByTimeAsync(1999);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toEqual([{ data: { period: '2026' }, version: 5 }]);
    expect(kinds()).toEqual(['pending', 'pending', 'saving', 'saved']);
    expect(saver.currentVersion).toBe(6);
    expect(saver.unsaved).toBe(false);
  });

  it('saves each time on the version the last save answered', async () => {
    const saver = make(1);
    saver.change({ a: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    saver.change({ a: 2 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(saves.map((s) => s.version)).toEqual([1, 2]);
  });

  it('saves what was typed during a save after it, never two at once', async () => {
    let release: (v: number) => void = () => undefined;
    answer = (_d, v) => new Promise<number>((resolve) => { release = () => resolve(v + 1); });
    const saver = make(1);
    saver.change({ a: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    saver.change({ a: 2 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(saves).toHaveLength(1);
    release(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(saves.map((s) => s.data)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(saves[1]!.version).toBe(2);
  });

  it('saves nothing when the form is changed back to what the server has', async () => {
    const saver = make();
    saver.change({ a: 1 });
    saver.change({});
    await vi.advanceTimersByTimeAsync(5000);
    expect(saves).toEqual([]);
    expect(saver.current.kind).toBe('idle');
  });

  it('saves at once when the page is left', async () => {
    const saver = make();
    saver.change({ a: 1 });
    await saver.flush();
    expect(saves).toHaveLength(1);
    expect(saver.current).toEqual({ kind: 'saved', at: new Date('2026-12-02T08:30:00Z') });
  });

  it('waits for the connection when it is lost, and saves the latest data when it is back', async () => {
    answer = () => Promise.reject(new ProblemError({ status: 0, code: 'network' }));
    const saver = make();
    saver.change({ a: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(saver.current.kind).toBe('offline');
    saver.change({ a: 2 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saves).toHaveLength(1);
    answer = async (_d, v) => v + 1;
    saver.online();
    await vi.advanceTimersByTimeAsync(0);
    expect(saves.map((s) => s.data)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(saver.current.kind).toBe('saved');
  });

  it('tries again by itself while offline, in case the browser never says the connection is back', async () => {
    answer = () => Promise.reject(new ProblemError({ status: 0, code: 'network' }));
    const saver = make();
    saver.change({ a: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    answer = async (_d, v) => v + 1;
    await vi.advanceTimersByTimeAsync(14_999);
    expect(saver.current.kind).toBe('offline');
    await vi.advanceTimersByTimeAsync(1);
    expect(saver.current.kind).toBe('saved');
  });

  it('stops on a 409 and, once the page reloaded the task, saves what was typed on the new version', async () => {
    answer = () => Promise.reject(new ProblemError({ status: 409, code: 'task.stale', currentVersion: 7 }));
    const saver = make(3);
    saver.change({ a: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(saver.current).toMatchObject({ kind: 'conflict', problem: { code: 'task.stale' } });
    saver.change({ a: 2 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saves).toHaveLength(1);
    answer = async (_d, v) => v + 1;
    saver.resume(7, { a: 0 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(saves[1]).toEqual({ data: { a: 2 }, version: 7 });
    expect(saver.current.kind).toBe('saved');
  });

  it('reports the field problems of a refused save and tries again on the next change', async () => {
    answer = () => Promise.reject(new ProblemError({ status: 400, errors: { '/period': [{ code: 'maxLength', message: '太长' }] } }));
    const saver = make();
    saver.change({ period: 'x'.repeat(50) });
    await vi.advanceTimersByTimeAsync(2000);
    expect(saver.current.kind).toBe('invalid');
    answer = async (_d, v) => v + 1;
    saver.change({ period: '2026' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(saver.current.kind).toBe('saved');
  });

  it('reports a server failure as failed, kept for a retry', async () => {
    answer = () => Promise.reject(new ProblemError({ status: 503 }));
    const saver = make();
    saver.change({ a: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(saver.current.kind).toBe('failed');
    expect(saver.unsaved).toBe(true);
  });

  it('hands over to a submit: no save after settling, the version of the last save', async () => {
    const saver = make(1);
    saver.change({ a: 1 });
    await saver.flush();
    saver.change({ a: 2 });
    expect(await saver.settle()).toBe(2);
    saver.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(saves).toHaveLength(1);
  });
});
