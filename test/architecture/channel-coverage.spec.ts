import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNEL_DEFINITIONS } from '@/modules/channels';
import { SCENARIOS } from '../chaos/chaos-scenarios';

/*
 * Every channel carries the checks the project keeps for channels: a walk over HTTP (test/e2e), an access
 * matrix (every user action from every state, by every caller), hostile input on its actions and drafts, a
 * sample draft (tools/samples/drafts.ts, used by the OpenAPI client check, the demo and the benches) and a
 * chaos scenario. A channel added without them fails here. (The OpenAPI client check asks a sample body of
 * every payload; the lifecycle-docs spec, a generated document per channel.)
 */

const ROOT = join(__dirname, '..', '..');
const E2E = join(ROOT, 'test', 'e2e');
const specs = readdirSync(E2E)
  .filter((f) => f.endsWith('.e2e-spec.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(E2E, f), 'utf8') }));

/**
 * Where a channel's access matrix and hostile input live when not in the shared files
 * (access-control-<channel>, hostile-input-<channel>): MLA's in the route-wide suites, where they began.
 */
const ROUTE_WIDE: Record<string, { access: string; hostile: string }> = {
  mla: { access: 'access-control.e2e-spec.ts', hostile: 'hostile-input.e2e-spec.ts' },
  'contact-24-7': { access: 'contact-24-7.e2e-spec.ts', hostile: 'contact-24-7.e2e-spec.ts' },
};

describe('every channel carries the project checks', () => {
  const channels = CHANNEL_DEFINITIONS.map((d) => d.channel);

  it.each(channels)('%s: walked over HTTP in a test/e2e spec of its own', (channel) => {
    expect(
      specs.some((s) => s.file.startsWith(channel) || s.file === `${channel}-lifecycle.e2e-spec.ts`),
    ).toBe(true);
  });

  it.each(channels)('%s: an access matrix and hostile input', (channel) => {
    const files = ROUTE_WIDE[channel] ?? {
      access: `access-control-${channel}.e2e-spec.ts`,
      hostile: `hostile-input-${channel}.e2e-spec.ts`,
    };
    const access = specs.find((s) => s.file === files.access);
    const hostile = specs.find((s) => s.file === files.hostile);
    expect(access?.text).toMatch(/every (user )?action|accessMatrix\(/);
    expect(hostile?.text).toMatch(/[Hh]ostile/);
  });

  it.each(channels)('%s: a sample draft in tools/samples/drafts.ts', (channel) => {
    const samples = readFileSync(join(ROOT, 'tools', 'samples', 'drafts.ts'), 'utf8');
    expect(samples).toContain(`channel: '${channel}'`);
  });

  it.each(channels)('%s: a scenario in the chaos run', (channel) => {
    expect(SCENARIOS.some((s) => s.channel === channel)).toBe(true);
  });

  it('should find the files it names', () => {
    for (const f of Object.values(ROUTE_WIDE).flatMap((x) => [x.access, x.hostile])) {
      expect(existsSync(join(E2E, f))).toBe(true);
    }
  });
});
