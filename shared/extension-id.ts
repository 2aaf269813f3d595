/**
 * The Chrome build's fixed extension id. wxt.config.ts puts the matching
 * public key in the manifest's `key`, so every unpacked install of this
 * build has this id and the companion can allow exactly its origin.
 * (Firefox origins are per install; they are recorded at pairing.)
 */
export const CHROME_EXTENSION_ID = 'amkdgbfmlafjlkmhncjnmhdphjkjbodi';
export const CHROME_EXTENSION_ORIGIN = `chrome-extension://${CHROME_EXTENSION_ID}`;
/** Public key (base64 DER SubjectPublicKeyInfo) whose SHA-256 gives CHROME_EXTENSION_ID. */
export const CHROME_MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA9HsbMq/OXK0dA7KEOiWKMBQjz+HJcIjhuTeHW8EMgx/qhZrNeFMe5HbxW2/unfxeBoGdwPhpI6lsJZoQLPk/KN+ruBCeCSW5wq3qNoQAZXRwQBogOhUV7c0AMGiZ453srIAQUe/7QmnQR2Xcvzo9Nb0drY9uzTnVZOslh5Ebh/EnFcUc0zISfwribMMZrwhAFgDrbrgpkrvfPGEual7YeJF0t6koXJe1HKlbTK5uGt/V93pcu93qH7zmAGPMi6vGQeeNRbiCPQ+HBUtcnXX3lVuwIG+sJcIdyZz5H8Hl2tWG4egIG7FSqwSseA9teKqRv8bjI+wXm6QFEnTvicat1wIDAQAB';
