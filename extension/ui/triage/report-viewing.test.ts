import { describe, expect, it, vi } from 'vitest';
import { createViewingReporter } from './report-viewing';

describe('createViewingReporter', () => {
  it('reports the cursor item as viewing, refreshes it, and goes idle when the cursor leaves or stops', () => {
    vi.useFakeTimers();
    try {
      const sent: string[] = [];
      const r = createViewingReporter((k, s) => sent.push(`${k}:${s}`), { refreshMs: 1000 });
      r.set('x:1');
      r.set('x:1'); // same item: nothing new
      vi.advanceTimersByTime(2500);
      r.set('x:2');
      r.set(null);
      r.set('x:3');
      r.stop();
      vi.advanceTimersByTime(5000);
      expect(sent).toEqual([
        'x:1:viewing',
        'x:1:viewing',
        'x:1:viewing',
        'x:1:idle',
        'x:2:viewing',
        'x:2:idle',
        'x:3:viewing',
        'x:3:idle',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
