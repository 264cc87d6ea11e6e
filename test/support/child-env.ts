// The environment of a certwatch child process: PATH, HOME and what the test sets, so the developer's own settings
// (REDIS_URL, API_TOKEN, ...) never leak in. NODE_V8_COVERAGE is passed on: the coverage run counts the code a child
// runs (the CLI, the composition root) like the code run in the test process.
export function childEnv(env: Record<string, string> = {}): Record<string, string> {
  const inherited: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
  if (process.env.NODE_V8_COVERAGE) inherited.NODE_V8_COVERAGE = process.env.NODE_V8_COVERAGE;
  return { ...inherited, ...env };
}
