/**
 * Failures the store reports by type so the router can turn them into
 * protocol errors (STORE_ERROR_CODES below). Their messages are plain words
 * meant for the person at the keyboard. CORRUPT_ROW means the database holds
 * something the schemas refuse: a bug or a damaged file, never a client's
 * fault.
 */
export type StoreErrorCode =
  | 'OP_ID_REUSED'
  | 'UNKNOWN_MEMBER'
  | 'UNKNOWN_TAG'
  /** The name is (or was) another tag's: a name always means one tag. */
  | 'TAG_NAME_TAKEN'
  | 'TAG_MERGE_SELF'
  /** An archived tag cannot be newly applied. */
  | 'TAG_ARCHIVED'
  /** The actor may not create the tag an update names. */
  | 'TAG_FORBIDDEN'
  /** The change would leave the team without an admin. */
  | 'LAST_ADMIN'
  | 'CORRUPT_ROW';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
