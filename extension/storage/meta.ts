/** Small key/value facts about the replica: the last applied event seq and which companion it came from. */
import type { InlayDb, MetaValues } from './db';

export class MetaStore {
  constructor(private readonly db: InlayDb) {}

  async lastSeq(): Promise<number> {
    const v = await this.db.get('meta', 'lastSeq');
    return typeof v === 'number' ? v : 0;
  }

  async setLastSeq(seq: number): Promise<void> {
    await this.db.put('meta', seq, 'lastSeq');
  }

  async companionId(): Promise<string | null> {
    const v = await this.db.get('meta', 'companionId');
    return typeof v === 'string' ? v : null;
  }

  async setCompanionId(id: string | null): Promise<void> {
    await this.db.put('meta', id, 'companionId');
  }

  async read(): Promise<MetaValues> {
    return { lastSeq: await this.lastSeq(), companionId: await this.companionId() };
  }
}
