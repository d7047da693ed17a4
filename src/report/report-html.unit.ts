// Unit tests of the report's self-containment: the analytics Allure embeds are removed, nothing else is touched.
import { expect, test } from '@playwright/test';
import { externalReferences, stripAnalytics } from './report-html.ts';

// The tail of the HTML Allure 3.18's awesome plugin writes (report.tar template), verbatim in shape.
const HTML = `<html><head><link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E"></head><body>
    <div id="app"></div>
    <script>
      window.allure = window.allure || {};
    </script>
    <script   src="app-b3323b2606f19801ef1b.js"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
        gtag('config', 'G-LNDJ3J7WT0', { "report": "awesome" });
    </script>
      <script async>
        window.allureReportDataReady = true;
      </script>
</body></html>`;

test('the analytics tag and its inline script go; the app and its own scripts stay', () => {
  expect(externalReferences(HTML)).toEqual(['https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0']);
  const stripped = stripAnalytics(HTML);
  expect(stripped).not.toMatch(/googletagmanager|gtag|dataLayer/);
  expect(stripped).toContain('<script   src="app-b3323b2606f19801ef1b.js"></script>');
  expect(stripped).toContain('window.allure = window.allure || {};');
  expect(stripped).toContain('window.allureReportDataReady = true;');
  expect(externalReferences(stripped)).toEqual([]);
});

test('any other outside reference is found: stylesheets, images, protocol-relative URLs, CSS url()', () => {
  const html = `<link rel="stylesheet" href="https://fonts.example.com/a.css"><img src="//cdn.example.com/x.png"><style>a{background:url("https://x.example.com/b.png")}</style><a href="https://allurereport.org">ok</a>`;
  expect(externalReferences(html)).toEqual([
    'https://fonts.example.com/a.css',
    '//cdn.example.com/x.png',
    'https://x.example.com/b.png',
  ]);
});
