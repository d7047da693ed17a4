// Makes a generated report self-contained: strips the analytics Allure's HTML embeds, then finds any outside reference.

/** Remove every <script> that loads from another origin, and inline scripts that drive an analytics tag. */
export function stripAnalytics(html: string): string {
  return html
    .replace(/<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\/[^>]*>\s*<\/script>\s*/gi, '')
    .replace(
      /<script\b[^>]*>(?:(?!<\/script>)[\s\S])*?\b(?:gtag|dataLayer|googletagmanager)\b[\s\S]*?<\/script>\s*/gi,
      '',
    );
}

/** XML namespaces are names, not requests. */
const NAMESPACES = /^https?:\/\/www\.w3\.org\//;

/**
 * Absolute URLs the page would load (script/link/img/iframe src or href, CSS url()): a report must make none.
 * Anchors (`<a href>`) are links a reader may follow, not requests, so they do not count.
 */
export function externalReferences(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(
    /<(script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi,
  )) {
    if (m[2] && !NAMESPACES.test(m[2])) found.add(m[2]);
  }
  for (const m of html.matchAll(/url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi)) {
    if (m[1] && !NAMESPACES.test(m[1])) found.add(m[1]);
  }
  return [...found];
}
