import { randomBytes } from 'node:crypto';

/** Injected id generation, so tests get predictable ids. */
export interface IdGen {
  /** A new unique id, optionally with a short prefix (`mem_…`, `evt_…`). */
  id(prefix?: string): string;
}

export const randomIds: IdGen = {
  id: (prefix) => (prefix ? `${prefix}_` : '') + randomBytes(12).toString('base64url'),
};

export function sequentialIds(): IdGen {
  let n = 0;
  return { id: (prefix) => `${prefix ?? 'id'}_${String(++n).padStart(6, '0')}` };
}
