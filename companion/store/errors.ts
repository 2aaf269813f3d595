/**
 * Failures the store reports by type so handlers can turn them into protocol
 * errors (OP_ID_REUSED → CONFLICT, UNKNOWN_MEMBER → NOT_FOUND). CORRUPT_ROW
 * means the database holds something the schemas refuse: a bug or a damaged
 * file, never a client's fault.
 */
export type StoreErrorCode = 'OP_ID_REUSED' | 'UNKNOWN_MEMBER' | 'CORRUPT_ROW';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
