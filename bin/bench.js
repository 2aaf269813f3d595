#!/usr/bin/env node
// Runs the TypeScript benchmarks (bench/run.ts) through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
