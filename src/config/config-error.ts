// A configuration that cannot run: every problem listed, the CLI prints them and exits 2.
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}
