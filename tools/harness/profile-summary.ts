import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  /** Wall time covered by the profile, ms. */
  totalMs: number;
  /** CPU time (not idle), ms. */
  busyMs: number;
  /** Self time by area: our code, each package, node internals, GC. */
  byArea: { area: string; ms: number; pctOfBusy: number }[];
  /**
   * Time on behalf of each package: node internals and native code (socket writes, parsing) are charged
   * to the nearest caller that belongs to a package or to our code.
   */
  onBehalfOf: { area: string; ms: number; pctOfBusy: number }[];
  /** Functions with the most self time. */
  topFunctions: { fn: string; area: string; ms: number; pctOfBusy: number }[];
  /** Time spent in each of our functions and everything it called (inclusive). */
  inclusive: { frame: string; ms: number; pctOfBusy: number }[];
}

/** Which package or part of the process a script URL belongs to. */
export function areaOf(url: string, functionName: string): string {
  if (!url) {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  if (url.startsWith('node:')) {
    return 'node:' + url.slice(5).split('/')[0];
  }
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) {
    return (
      'engine:' +
      url
        .slice(dist + 6)
        .split('/')
        .slice(0, -1)
        .join('/')
    );
  }
  return url;
}

/** Native code and node's own modules: charged to whoever called them. */
function isInternal(area: string): boolean {
  return area === '(native)' || area === '(program)' || area.startsWith('node:');
}

export function summariseProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  let total = 0;
  let idle = 0;
  const areas = new Map<string, number>();
  const behalf = new Map<string, number>();
  const fns = new Map<string, { area: string; ms: number }>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) {
      continue;
    }
    total += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    let owner = area;
    for (let cur = parent.get(id); isInternal(owner) && cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (frame) {
        owner = areaOf(frame.url, frame.functionName);
      }
    }
    behalf.set(owner, (behalf.get(owner) ?? 0) + ms);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${lineNumber + 1}`;
    const f = fns.get(key) ?? { area, ms: 0 };
    f.ms += ms;
    fns.set(key, f);
    // Inclusive time of our own functions: credit each one once per sampled stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (!frame) {
        break;
      }
      const frameArea = areaOf(frame.url, frame.functionName);
      if (!frameArea.startsWith('engine:') || !frame.functionName) {
        continue;
      }
      const label = `${frame.functionName} (${frameArea.slice('engine:'.length)})`;
      if (!seen.has(label)) {
        seen.add(label);
        inclusive.set(label, (inclusive.get(label) ?? 0) + ms);
      }
    }
  }
  const busy = total - idle;
  const pct = (ms: number): number => Math.round((ms / busy) * 1000) / 10;
  return {
    file,
    totalMs: Math.round(total),
    busyMs: Math.round(busy),
    byArea: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([area, ms]) => ({ area, ms: Math.round(ms), pctOfBusy: pct(ms) })),
    onBehalfOf: [...behalf]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([area, ms]) => ({ area, ms: Math.round(ms), pctOfBusy: pct(ms) })),
    topFunctions: [...fns]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([fn, f]) => ({ fn, area: f.area, ms: Math.round(f.ms), pctOfBusy: pct(f.ms) })),
    inclusive: [...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, ms]) => ({ frame, ms: Math.round(ms), pctOfBusy: pct(ms) })),
  };
}

/** Summarises every .cpuprofile in `dir`; `text` is a readable report. */
export function summariseProfiles(dir: string): { profiles: ProfileSummary[]; text: string } {
  if (!existsSync(dir)) {
    return { profiles: [], text: `no profiles in ${dir}` };
  }
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summariseProfile(join(dir, f)));
  const text = profiles
    .map((p) =>
      [
        `CPU profile ${p.file}: ${p.busyMs} ms busy of ${p.totalMs} ms`,
        '  self time by area:',
        ...p.byArea.map((a) => `    ${a.pctOfBusy.toFixed(1).padStart(5)}%  ${a.area}`),
        '  on behalf of (native and node internals charged to their caller):',
        ...p.onBehalfOf.map((a) => `    ${a.pctOfBusy.toFixed(1).padStart(5)}%  ${a.area}`),
        '  top functions (self):',
        ...p.topFunctions.map((f) => `    ${f.pctOfBusy.toFixed(1).padStart(5)}%  ${f.fn}`),
        '  our functions, inclusive of what they call:',
        ...p.inclusive.map((f) => `    ${f.pctOfBusy.toFixed(1).padStart(5)}%  ${f.frame}`),
      ].join('\n'),
    )
    .join('\n\n');
  return { profiles, text };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node build/tools/harness/profile-summary.js <dir with .cpuprofile files>\n');
    process.exit(2);
  }
  process.stdout.write(summariseProfiles(dir).text + '\n');
}
