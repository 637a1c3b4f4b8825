/**
 * Parsers for what `ps` and `pgrep` print, on macOS (Apple's adv_cmds) and on Linux (procps-ng),
 * pure so that they are tested against captured output (testdata/README.md). Formats are from
 * Apple's source, apple-oss-distributions/adv_cmds @ 6bed8737a34dbb54782a18f47dccf933a9967a12
 * (ps/print.c, ps/keyword.c), and procps-ng's, src/ps/output.c @ 619562d36cbd48fb6958043577558cbc32a6ba79.
 */
import type { ProcInfo, ProcState } from './process-source';

/** One process as `ps -o …` prints it, by keyword (lstart's five words joined by one space). */
export type PsRow = Readonly<Record<string, string>>;

/** Words each keyword prints; the last keyword takes the rest of the line (a command may hold spaces). */
const WORDS: Readonly<Record<string, number>> = { lstart: 5 };

/**
 * The rows of `ps -o KW,KW,… -p …` run with headers, by the keywords asked for: both ps name some
 * headers differently (procps prints COMMAND for ucomm), so the header is checked to be there,
 * not read. Only the last keyword may print spaces; lstart prints exactly five words.
 */
export function parsePsTable(text: string, keywords: readonly string[]): PsRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('ps printed nothing, not even its header');
  if (!/^\s*PID\b/.test(lines[0]!)) throw new Error(`ps printed no header: ${JSON.stringify(lines[0]!.slice(0, 80))}`);
  const rows: PsRow[] = [];
  for (const line of lines.slice(1)) {
    const words = line.trim().split(/\s+/);
    const row: Record<string, string> = {};
    let at = 0;
    keywords.forEach((kw, i) => {
      const n = i === keywords.length - 1 ? Math.max(0, words.length - at) : (WORDS[kw] ?? 1);
      if (at + n > words.length)
        throw new Error(`ps printed a row short of ${keywords.join(',')}: ${JSON.stringify(line)}`);
      row[kw] = words.slice(at, at + n).join(' ');
      at += n;
    });
    rows.push(row);
  }
  return rows;
}

/**
 * CPU time as either ps prints it, in ms: macOS `time`/`utime`/`stime` are M:SS.cc with unbounded
 * minutes (print.c cputime), procps `time` is [DD-]HH:MM:SS in whole seconds (output.c pr_time).
 */
export function parseCpuTime(text: string): number | null {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(?:(\d+):)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const [, days, a, b, seconds, fraction] = m;
  // With two colons the first part is hours; with one it is minutes.
  const hours = b !== undefined ? Number(a) : 0;
  const minutes = b !== undefined ? Number(b) : a !== undefined ? Number(a) : 0;
  const ms = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  return ((Number(days ?? 0) * 24 + hours) * 60 + minutes) * 60_000 + Number(seconds) * 1000 + Math.round(ms);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * lstart in the C locale, `Tue Dec  1 14:55:43 2026`, local time to the second: Apple prints
 * strftime("%c") (print.c lstart), procps "%a %b %e %H:%M:%S %Y" (output.c pr_lstart). Read by
 * hand, as Date.parse of this shape is implementation-defined. In the hour a DST change repeats,
 * the earlier instant is taken.
 */
export function parseLstart(text: string): number | null {
  const m = /^[A-Z][a-z]{2}\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d\d):(\d\d):(\d\d)\s+(\d{4})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return null;
  const t = new Date(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])).getTime();
  return Number.isFinite(t) ? t : null;
}

/**
 * The first letter of `stat`: macOS R U S I T H ? Z (print.c state: I is a sleep over 20 s, U
 * uninterruptible), procps R S D I T t Z X W P (I an idle kernel thread, D uninterruptible).
 */
export function parseStat(text: string): ProcState {
  switch (text.charAt(0)) {
    case 'R':
      return 'running';
    case 'S':
    case 'I':
    case 'U':
    case 'D':
      return 'sleeping';
    case 'T':
    case 't':
      return 'stopped';
    case 'Z':
    case 'X':
      return 'zombie';
    default:
      return 'other';
  }
}

function integer(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

/**
 * What one row of the figures query says about a process: ProcInfo's figures but the CPU % (the
 * sampler computes it from cpuTimeMs). `threads` is procps' nlwp, null where ps has no such keyword
 * (macOS: counted from `ps -M` instead).
 */
export type PsFigures = Omit<ProcInfo, 'cpuPercent' | 'figuresAtMs'>;

/**
 * A row of parsePsTable as figures: rss is KiB on both (print.c rss, output.c pr_rss); the CPU
 * time is `time`, or utime + stime where those were asked for; the name is ucomm, else the
 * command's first word.
 */
export function figuresOf(row: PsRow): PsFigures | null {
  const pid = integer(row.pid);
  const ppid = integer(row.ppid);
  if (pid === null || ppid === null) return null;
  const rss = integer(row.rss);
  const split = row.utime !== undefined && row.stime !== undefined;
  const user = split ? parseCpuTime(row.utime!) : null;
  const system = split ? parseCpuTime(row.stime!) : null;
  const cpu = row.time !== undefined ? parseCpuTime(row.time) : user !== null && system !== null ? user + system : null;
  return {
    pid,
    ppid,
    name: row.ucomm ?? row.command?.split(' ')[0] ?? '',
    state: parseStat(row.stat ?? row.state ?? ''),
    startedAtMs: row.lstart !== undefined ? parseLstart(row.lstart) : null,
    rssBytes: rss === null ? null : rss * 1024,
    threads: integer(row.nlwp),
    cpuTimeMs: cpu,
  };
}

const CPU_PERCENT = /^\d+[.,]\d+$/;

/**
 * Threads per pid from macOS `ps -M -p …` (USER PID TT %CPU STAT PRI STIME UTIME COMMAND, one row
 * per thread; ps.c mfmt). A process's first row starts with its user and the later ones with the
 * pid (print.c leaves user, tt and command blank there), so the pid is the second word where the
 * second is not %CPU. A zombie has no thread rows at all, so it is absent.
 */
export function countThreads(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words.length < 2 || words[0] === 'USER') continue;
    const pid = CPU_PERCENT.test(words[1]!) ? integer(words[0]) : integer(words[1]);
    if (pid !== null) counts.set(pid, (counts.get(pid) ?? 0) + 1);
  }
  return counts;
}

/** `pgrep -P PID`: one pid a line (pkill.1: exit 1 when none matched, printing nothing). */
export function parsePgrep(text: string): number[] {
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const pid = integer(line.trim());
    if (pid !== null) pids.push(pid);
  }
  return pids;
}
