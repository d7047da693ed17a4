// The HTML frame every page shares: version meta tags, a little CSS, and the page's script inlined.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PUBLIC_DIR = join(import.meta.dirname, '..', 'public');
const scripts = new Map<string, string>();

/** A client script from public/, read once (no build step; inlined so the page makes no other request). */
export function clientScript(name: string): string {
  let text = scripts.get(name);
  if (text === undefined) {
    text = readFileSync(join(PUBLIC_DIR, name), 'utf8');
    scripts.set(name, text);
  }
  return text;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface PageParts {
  readonly title: string;
  readonly version: string;
  readonly commit: string;
  readonly body: string;
  readonly script?: string;
  /** Values the client script reads from <body data-*>, so no data is spliced into script text. */
  readonly data?: Readonly<Record<string, string>>;
  /** An image the page loads by URL (only the ui-asset-500 fault adds one: pages are otherwise inlined). */
  readonly image?: string;
}

/** The web app's faults as its pages see them (from the fault switches, read per request). */
export interface UiFaults {
  /** F5: a stale bundle speaking an older protocol. */
  readonly staleBundle: boolean;
  readonly notConnected: boolean;
  readonly pageError: boolean;
  readonly asset500: boolean;
}

export const LOGO_ASSET = '/assets/logo.svg';

/** The chat page's data attributes and extra image for these faults. */
export function uiFaultParts(f: UiFaults): Pick<PageParts, 'data' | 'image'> {
  return {
    data: {
      'stale-bundle': String(f.staleBundle),
      // What the indicator shows once connected: the ui-not-connected fault's words contain the right ones.
      'connected-label': f.notConnected ? 'Not Connected' : 'Connected',
      'page-error': String(f.pageError),
    },
    ...(f.asset500 ? { image: LOGO_ASSET } : {}),
  };
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 44rem; padding: 0 1rem; color: #1d2330; }
  label { display: block; margin-top: .75rem; font-weight: 600; }
  input, textarea { width: 100%; padding: .5rem; font: inherit; box-sizing: border-box; }
  button { margin-top: .75rem; padding: .5rem 1.25rem; font: inherit; }
  ul.conversation, .messages { list-style: none; padding: 0; }
  ul.conversation li, .messages [role=article] { margin: .5rem 0; padding: .5rem .75rem; border-radius: .5rem; background: #eef1f6; }
  .assistant { background: #e3f4e8 !important; }
  .status { color: #4a5468; font-size: .9rem; }
  [role=alert] { color: #a11; }
`;

export function renderPage(p: PageParts): string {
  const data = Object.entries(p.data ?? {})
    .map(([k, v]) => ` data-${k}="${escapeHtml(v)}"`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="version" content="${escapeHtml(p.version)}">
<meta name="commit" content="${escapeHtml(p.commit)}">
<title>${escapeHtml(p.title)}</title>
<style>${STYLE}</style>
</head>
<body${data}>
${p.image ? `<img src="${escapeHtml(p.image)}" alt="" width="16" height="16">\n` : ''}${p.body}
${p.script ? `<script>\n${p.script}\n</script>` : ''}
</body>
</html>
`;
}
