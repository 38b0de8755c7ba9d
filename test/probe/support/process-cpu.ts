// CPU time spent by other processes (each with its descendants), read from /proc: what a benchmark's servers and
// relays used, beside the measuring process's own process.cpuUsage(). Linux only; undefined elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc/<pid>/stat counts CPU time in clock ticks of 1/100 s on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

interface Stat {
  ppid: number;
  ticks: number;
}

function statOf(pid: number): Stat | undefined {
  try {
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // gone, or no /proc
  }
}

/** User + system CPU milliseconds of the processes and all their descendants, now. */
export function processTreeCpuMs(roots: readonly number[]): number | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return undefined;
  }
  const stats = new Map(
    pids.flatMap((pid) => {
      const s = statOf(pid);
      return s === undefined ? [] : [[pid, s] as const];
    }),
  );
  const inTree = new Set(roots);
  // Parents are usually listed before their children; repeat until no process joins.
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, s] of stats)
      if (!inTree.has(pid) && inTree.has(s.ppid)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let ticks = 0;
  for (const pid of inTree) ticks += stats.get(pid)?.ticks ?? 0;
  return (ticks * 1000) / TICKS_PER_SECOND;
}
