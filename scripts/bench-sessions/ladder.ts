// The session ladder of `npm run bench:load`: steps up the number of authenticated sessions held (bounded), spread
// over as many client and target processes as the descriptor limit demands, and prints the marginal memory per
// added session (the slope between steps) and what limits the machine: descriptors, ports, CPU, memory.
import { cpus, freemem, totalmem } from 'node:os';
import { formatDuration } from '../../src/format/duration.ts';
import { ephemeralPorts, fdLimitsOf, mayRaiseHardLimits } from './proc-figures.ts';
import { runStep, type StepResult, type StepSettings } from './step.ts';

// Descriptors a process keeps for itself beyond its sessions (stdio, IPC, the event loop, logins, files).
const FD_RESERVE = 1000;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const int = (n: number): string => n.toLocaleString('en-US');
const pad = (text: string, width: number): string => text.padEnd(width);

export interface LadderSettings extends Omit<StepSettings, 'processes'> {
  steps: number[];
  /** Client and target processes (default: as many as the descriptor limit demands for the top step). */
  processes?: number;
}

/** Sessions one process may hold: its descriptor limit less a reserve (each session is one socket). */
export function sessionsPerProcess(fdSoft: number): number {
  return Math.max(1, fdSoft - FD_RESERVE);
}

export async function runLadder(settings: LadderSettings): Promise<void> {
  const limits = fdLimitsOf('self');
  const ports = ephemeralPorts();
  const top = Math.max(...settings.steps);
  const perProcess = sessionsPerProcess(limits?.soft ?? 1024);
  // One count for every step, so that the processes' own base memory cancels out of the slope between steps.
  const processes = settings.processes ?? Math.ceil(top / perProcess);
  console.log(
    `\n== concurrent authenticated sessions (login per user, ${settings.connectsPerS} connects/s, held ${settings.holdS} s, ` +
      `heartbeat every ${settings.pingEveryS} s; ${processes} client + ${processes} target processes) ==`,
  );
  console.log(
    'VUs     held    peak open  handshake fails  handshake p95 (worst process)  pings/pongs         client heap/session  client RSS  target RSS  CPU client/target (cores)  load average',
  );
  const held: StepResult[] = [];
  let stopped: string | undefined;
  for (const vus of settings.steps) {
    const r = await runStep(vus, { ...settings, processes });
    const total = (f: (s: StepResult['shards'][number]) => number): number =>
      r.shards.reduce((t, s) => t + f(s), 0);
    const worst = r.shards.reduce((w, s) => (s.handshakeP95 > w.handshakeP95 ? s : w));
    const [heldN, pings, pongs] = [total((s) => s.held), total((s) => s.pings), total((s) => s.pongs)];
    console.log(
      pad(int(vus), 8) +
        pad(int(heldN), 8) +
        pad(int(total((s) => s.peakOpen)), 11) +
        pad(String(total((s) => s.handshakeFails)), 17) +
        pad(
          `${formatDuration(worst.handshakeP95, { unit: 'ms' })} (n=${int(total((s) => s.handshakeN))})`,
          31,
        ) +
        pad(`${int(pings)}/${int(pongs)}`, 20) +
        pad(kib(r.client.heapGrowth / vus), 21) +
        pad(mib(r.client.rss), 12) +
        pad(mib(r.target.rss), 12) +
        pad(`${r.client.cores.toFixed(2)} / ${r.target.cores.toFixed(2)}`, 27) +
        r.loadAverage,
    );
    // Held: every session open to the end, no failed handshake, heartbeats answered.
    const ok = heldN === vus && total((s) => s.handshakeFails) === 0 && pongs >= 0.99 * pings;
    if (!ok) {
      const problems = r.shards.flatMap((s) => s.problems).slice(0, 3);
      stopped = `step ${int(vus)} did not hold every session: ${problems.join('; ') || 'no problem recorded'}`;
      console.log(`  ${stopped}`);
      held.push(r);
      break;
    }
    held.push(r);
  }
  printSlopes(held);
  printLimits(held, { limits, ports, processes, perProcess, stopped, top });
}

/** Sessions held to the end of a step: what the slopes count (every VU, when the step held). */
const held = (step: StepResult): number => step.shards.reduce((t, s) => t + s.held, 0);

/** CPU milliseconds a kind of process used over a step. */
const cpuMs = (p: { cores: number }, step: StepResult): number => p.cores * step.wallS * 1000;

function printSlopes(steps: StepResult[]): void {
  console.log(
    '\nmarginal cost per added session held (slope of the sum over processes between steps; memory at the hold, CPU over the step):',
  );
  for (let i = 1; i < steps.length; i++) {
    const [a, b] = [steps[i - 1], steps[i]] as [StepResult, StepResult];
    const per = (f: (s: StepResult) => number): number => (f(b) - f(a)) / (held(b) - held(a));
    console.log(
      `  ${pad(`${int(held(a))} → ${int(held(b))}:`, 18)}client RSS ${pad(kib(per((s) => s.client.rss)), 11)}` +
        `target RSS ${pad(kib(per((s) => s.target.rss)), 11)}client heap ${pad(kib(per((s) => s.client.heapUsed)), 11)}` +
        `CPU client ${per((s) => cpuMs(s.client, s)).toFixed(2)} ms, target ${per((s) => cpuMs(s.target, s)).toFixed(2)} ms`,
    );
  }
  const [first, last] = [steps[0], steps.at(-1)];
  if (first && last && last.vus > first.vus) {
    const added = held(last) - held(first);
    console.log(
      `MARGINAL ${int(held(first))} → ${int(held(last))} sessions held: client ${kib((last.client.rss - first.client.rss) / added)} RSS per session, ` +
        `target ${kib((last.target.rss - first.target.rss) / added)} RSS per session`,
    );
  }
}

interface LimitFacts {
  limits: { soft: number; hard: number } | undefined;
  ports: { low: number; high: number; count: number } | undefined;
  processes: number;
  perProcess: number;
  stopped: string | undefined;
  top: number;
}

function printLimits(steps: StepResult[], f: LimitFacts): void {
  const last = steps.at(-1);
  if (!last) return;
  const ok = f.stopped === undefined;
  console.log('\nlimits:');
  console.log(
    `  file descriptors: ulimit -n soft ${f.limits?.soft ?? '?'}, hard ${f.limits?.hard ?? '?'} in each process (Node raises ` +
      `the soft limit to the hard one at start); raising the hard one needs CAP_SYS_RESOURCE: ` +
      `${mayRaiseHardLimits() ? 'held, but not used' : 'not held here'}. A session is one descriptor in the client ` +
      `and one in the target, so one process holds at most ${int(f.perProcess)} (${int(FD_RESERVE)} kept for ` +
      `itself): ${int(f.top)} sessions take ${f.processes} client and ${f.processes} target processes; at ${int(last.vus)}: ` +
      `${int(last.client.fds)} descriptors open in the clients, ${int(last.target.fds)} in the targets`,
  );
  const perSession = (cores: number): string => ((cores * last.wallS * 1000) / last.vus).toFixed(2);
  const busiest = Math.max(...last.pairs.map((p) => p.sessions));
  console.log(
    `  ports: ${f.ports ? `${f.ports.low}–${f.ports.high} = ${int(f.ports.count)} ephemeral ports` : 'ephemeral range unknown'} ` +
      `per (client address, target address:port) pair; targets on ${last.pairs.map((p) => p.host).join(', ')}; ` +
      `at ${int(last.vus)} the busiest pair carries ${int(busiest)}` +
      (f.ports ? ` (${((100 * busiest) / f.ports.count).toFixed(0)} % of its ports)` : '') +
      (f.ports && last.vus > f.ports.count ? `; ${int(last.vus)} is past one pair's ports` : ''),
  );
  console.log(
    `  CPU at ${int(last.vus)}: clients ${last.client.cores.toFixed(2)} cores, targets ${last.target.cores.toFixed(2)} cores ` +
      `(averaged over ${formatDuration(last.wallS * 1000, { unit: 's', digits: 0 })}), load average ${last.loadAverage} ` +
      `on ${cpus().length} cores; CPU per session (its handshake, answer and heartbeats): clients ` +
      `${perSession(last.client.cores)} ms, targets ${perSession(last.target.cores)} ms`,
  );
  console.log(
    `  memory at ${int(last.vus)}: clients ${mib(last.client.rss)} + targets ${mib(last.target.rss)} RSS of ${mib(totalmem())} ` +
      `(${mib(freemem())} free now)`,
  );
  console.log(
    ok
      ? `most sessions held: ${int(last.vus)} (the ladder's top step; every one authenticated, answered once, heartbeats answered)`
      : `stopped: ${f.stopped ?? ''}; most sessions held: ${steps.length > 1 ? int(steps.at(-2)?.vus ?? 0) : 'none'}`,
  );
}
