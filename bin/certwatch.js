#!/usr/bin/env node
// Entry point of the `certwatch` command: the compiled build when present, else the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../dist/src/cli.js', import.meta.url);
if (existsSync(built)) {
  // Stack traces name the TypeScript files and lines, also where the command is run without --enable-source-maps.
  process.setSourceMapsEnabled(true);
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli.ts', import.meta.url).href);
}
