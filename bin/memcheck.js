#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx memcheck` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = main(process.argv.slice(2));
