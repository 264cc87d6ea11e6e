// Fetches a path of a running certwatch and decodes JSON when the answer is JSON.
export async function fetchJson<T>(
  base: string,
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(base + path, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body: body as T, headers: response.headers };
}
