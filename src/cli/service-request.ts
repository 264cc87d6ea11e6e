// How the CLI's client commands (evidence, discover) reach a running service: its address, the bearer token, and a
// refusal told in words.

/** --url, else $CERTWATCH_URL, else the local service on $HTTP_PORT (8080 by default). */
export function serviceBase(url: string | undefined, env: NodeJS.ProcessEnv): string {
  return (url ?? env.CERTWATCH_URL ?? `http://127.0.0.1:${env.HTTP_PORT || 8080}`).replace(/\/+$/, '');
}

export function authHeaders(env: NodeJS.ProcessEnv): Record<string, string> {
  return env.API_TOKEN ? { Authorization: `Bearer ${env.API_TOKEN}` } : {};
}

/** The service's refusal: its message and, for evidence, what could not be read; the text as it came if not JSON. */
export function refusalText(text: string): string {
  try {
    const refused = JSON.parse(text) as { message?: string; unread?: { reason: string; detail: string }[] };
    return [refused.message ?? text, ...(refused.unread ?? []).map((u) => `  ${u.reason}: ${u.detail}`)].join('\n');
  } catch {
    return text;
  }
}

export function unreachable(command: string, base: string, error: unknown): string {
  return `certwatch ${command}: ${base} did not answer (${(error as { cause?: Error }).cause?.message ?? (error as Error).message}); is the service running? (--url, CERTWATCH_URL)`;
}
