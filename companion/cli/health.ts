/** Asks a port whether an Inlay companion answers there (GET /healthz). */
import { request } from 'node:http';
import { z } from 'zod';
import { HEALTH_APP } from '../server/http.js';

export const HealthAnswer = z.object({ app: z.literal(HEALTH_APP), protocol: z.number(), version: z.string() });
export type HealthAnswer = z.infer<typeof HealthAnswer>;

export function fetchHealth(port: number, timeoutMs = 1500): Promise<HealthAnswer | null> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(null);
        try {
          const parsed = HealthAnswer.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          resolve(parsed.success ? parsed.data : null);
        } catch {
          resolve(null);
        }
      });
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}
