// What the kernel says about a process and the machine (Linux /proc): RSS, CPU time, open and allowed descriptors,
// the ephemeral port range. The session bench prints these as the limits of what it held.
import { readdirSync, readFileSync } from 'node:fs';

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Resident set size in bytes (VmRSS), or NaN when the process is gone or /proc is absent. */
export function rssOf(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1];
  return kib === undefined ? Number.NaN : Number(kib) * 1024;
}

/** CPU seconds (user + system) the process has used so far. */
export function cpuSecondsOf(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return Number.NaN;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // USER_HZ is 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Descriptors open now. */
export function openFdsOf(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

/** RLIMIT_NOFILE of a process: soft (what it may open now) and hard (what it may raise the soft one to). */
export function fdLimitsOf(pid: number | 'self'): { soft: number; hard: number } | undefined {
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(read(`/proc/${pid}/limits`) ?? '');
  if (!m) return undefined;
  const n = (s: string | undefined): number => (s === 'unlimited' ? Infinity : Number(s));
  return { soft: n(m[1]), hard: n(m[2]) };
}

/** The ephemeral ports connect() picks from: one (source address, target address:port) pair holds this many. */
export function ephemeralPorts(): { low: number; high: number; count: number } | undefined {
  const m = /^(\d+)\s+(\d+)/.exec(read('/proc/sys/net/ipv4/ip_local_port_range') ?? '');
  if (!m) return undefined;
  const low = Number(m[1]);
  const high = Number(m[2]);
  return { low, high, count: high - low + 1 };
}

/** Whether the effective capability set holds CAP_SYS_RESOURCE (bit 24): what raising a hard limit needs. */
export function mayRaiseHardLimits(): boolean {
  const hex = /^CapEff:\s+([0-9a-f]+)/m.exec(read('/proc/self/status') ?? '')?.[1];
  return hex !== undefined && (BigInt(`0x${hex}`) & (1n << 24n)) !== 0n;
}
