// A red verdict → one Slack-compatible JSON POST (text + fields), bounded, retried once; never throws.
import { setTimeout as pause } from 'node:timers/promises';
import { request } from 'undici';
import { describeNetworkError } from '../clients/errors.ts';
import type { Verdict } from './verdict.ts';

export interface AlertPayload {
  text: string;
  attachments: Array<{ color: string; fields: Array<{ title: string; value: string; short: boolean }> }>;
  /** The same facts, structured, for receivers that are not Slack. */
  goldenPath: {
    environment: string;
    verdict: Verdict['verdict'];
    exitCode: number;
    failingSlas: Array<{ id: string; message: string }>;
    failedTests: string[];
    likelyCauses: string[];
    reasons: string[];
    reportUrl?: string;
  };
}

const HEADLINE = { ship: 'SHIP', 'dont-ship': "DON'T SHIP", 'harness-error': 'HARNESS ERROR' } as const;
/** Slack truncates long fields; the verdict file has everything. */
const MAX_ITEMS = 10;

function list(items: readonly string[], none: string): string {
  if (items.length === 0) return none;
  const shown = items.slice(0, MAX_ITEMS).map((i) => `• ${i}`);
  return [...shown, ...(items.length > MAX_ITEMS ? [`… and ${items.length - MAX_ITEMS} more`] : [])].join(
    '\n',
  );
}

export function alertPayload(v: Verdict, reportUrl?: string): AlertPayload {
  const failingSlas = v.slas.filter((s) => !s.pass).map((s) => ({ id: s.id, message: s.message }));
  const causes = v.likelyCauses.map((c) => c.name);
  const summary =
    v.verdict === 'harness-error'
      ? (v.reasons[0] ?? 'the gate could not judge the run')
      : `${failingSlas.length} failing SLA(s)${failingSlas.length ? ` (${failingSlas.map((s) => s.id).join(', ')})` : ''}, ${v.tests.failed} failed test(s)`;
  const text = [
    `:red_circle: golden-path gate on *${v.environment}*: ${HEADLINE[v.verdict]} (exit ${v.exitCode}) — ${summary}.`,
    ...(causes.length ? [`Likely cause: ${causes.join('; ')}.`] : []),
    ...(reportUrl ? [`Report: ${reportUrl}`] : []),
  ].join(' ');
  return {
    text,
    attachments: [
      {
        color: 'danger',
        fields: [
          { title: 'Environment', value: v.environment, short: true },
          { title: 'Verdict', value: `${v.verdict} (exit ${v.exitCode})`, short: true },
          {
            title: 'Failing SLAs',
            value: list(
              failingSlas.map((s) => s.message),
              'none',
            ),
            short: false,
          },
          {
            title: 'Failed tests',
            value: list(
              v.failures.map((f) => f.title),
              'none',
            ),
            short: false,
          },
          { title: 'Likely causes', value: list(causes, 'not classified'), short: false },
          ...(reportUrl ? [{ title: 'Report', value: reportUrl, short: false }] : []),
        ],
      },
    ],
    goldenPath: {
      environment: v.environment,
      verdict: v.verdict,
      exitCode: v.exitCode,
      failingSlas,
      failedTests: v.failures.map((f) => f.title),
      likelyCauses: causes,
      reasons: v.reasons,
      ...(reportUrl ? { reportUrl } : {}),
    },
  };
}

export interface AlertResult {
  delivered: boolean;
  attempts: number;
  /** Why not delivered; never contains the webhook URL (it is a secret). */
  error?: string;
}

export interface SendOptions {
  timeoutMs?: number;
  retryDelayMs?: number;
}

/** POST once, and once more after a short pause if the first try failed (network error, timeout, non-2xx). */
export async function sendAlert(
  webhookUrl: string,
  payload: AlertPayload,
  options: SendOptions = {},
): Promise<AlertResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let error = 'not attempted';
  for (let attempt = 1; attempt <= 2; attempt++) {
    if (attempt > 1) await pause(options.retryDelayMs ?? 1000);
    try {
      const res = await request(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await res.body.text();
      if (res.statusCode >= 200 && res.statusCode < 300) return { delivered: true, attempts: attempt };
      error = `the webhook answered HTTP ${res.statusCode}`;
    } catch (e) {
      const timedOut =
        (e as { name?: string }).name === 'TimeoutError' ||
        (e as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT';
      error = timedOut
        ? `no answer within ${timeoutMs} ms`
        : describeNetworkError(e).replace(/https?:\/\/\S+/g, '[webhook]');
    }
  }
  return { delivered: false, attempts: 2, error };
}
