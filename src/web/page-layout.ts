// The frame of every web page: plain server-rendered HTML with inline styles, readable without JavaScript.
import { html, SafeHtml } from '../render/html.js';

/** The pages run nothing and load nothing but their inline styles; forms post only to certwatch itself. */
export const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3em 0.6em; border-bottom: 1px solid #ddd; vertical-align: top; }
tr.expired td { background: #fde2e1; }
tr.soon td { background: #fff4d6; }
.mark { font-weight: bold; white-space: nowrap; }
nav a, form { margin-right: 1em; }
.summary { font-size: 1.1em; }
`;

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - certwatch</title><style>${new SafeHtml(STYLE)}</style></head>
<body><nav><a href="/expiries">What expires next</a><a href="/docs">API</a></nav>
<h1>${title}</h1>
${body}
</body></html>
`.toString();
}
