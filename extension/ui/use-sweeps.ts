/** Preact hook: the companion's live sweep status (`sweeps.status`), for the popup and the options page. */
import { useEffect, useState } from 'preact/hooks';
import type { SweepStatus } from '../../shared/sweeps';
import type { ExtensionState } from '../messaging/messages';
import { ask } from './bg-client';
import { fetchSweepStatus } from './sweeps';

/** Loads `sweeps.status` now, every 30 s, and whenever `key` changes (a job started or ended, a notice came); never while `active` is false. */
export function useSweepStatus(
  key: string,
  active = true,
): {
  status: SweepStatus | null;
  error: string | null;
  reload: () => Promise<void>;
} {
  const [status, setStatus] = useState<SweepStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = async (): Promise<void> => {
    const r = await fetchSweepStatus(ask);
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(r.error);
  };
  useEffect(() => {
    if (active) void reload();
  }, [key, active]);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => void reload(), 30_000);
    return () => clearInterval(t);
  }, [active]);
  return { status, error, reload };
}

export function statusKey(sweeps: ExtensionState['sweeps']): string {
  return `${sweeps.running?.jobId ?? ''}|${sweeps.notices[0]?.at ?? ''}|${sweeps.notices.length}`;
}
