#!/usr/bin/env node
// The `inlay` CLI (companion/main.ts), run through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../companion/main.ts');
