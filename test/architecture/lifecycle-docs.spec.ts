import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { CHANNEL_DEFINITIONS } from '@/modules/channels';
import * as engine from '@/workflows';
import { type ChannelDefinition, EmptyPayload, type TransitionRule } from '@/workflows';
import {
  GENERATED_MARKER,
  LIFECYCLE_DOCS_DIR,
  renderLifecycleDoc,
  renderLifecycleDocs,
} from '../../scripts/lifecycle-docs';

/*
 * docs/lifecycles/<channel>.md are generated from the lifecycle tables (npm run docs:lifecycles). This spec
 * fails when a committed file differs from what the tables render, as `npm run docs:lifecycles -- --check`
 * does in CI, and checks the renderer on a small table of its own.
 */

const ROOT = join(__dirname, '..', '..');

describe('docs/lifecycles (generated from the lifecycle tables)', () => {
  const rendered = renderLifecycleDocs(CHANNEL_DEFINITIONS);

  it.each(rendered.map((d) => [d.path, d]))(
    'should have %s as the table renders it (else run `npm run docs:lifecycles`)',
    (_path, doc) => {
      const file = join(ROOT, doc.path);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(doc.content);
    },
  );

  it('should hold a generated file for every channel and none for a channel that is gone', () => {
    const generated = readdirSync(join(ROOT, LIFECYCLE_DOCS_DIR))
      .filter((f) => f.endsWith('.md'))
      .filter((f) => readFileSync(join(ROOT, LIFECYCLE_DOCS_DIR, f), 'utf8').includes(GENERATED_MARKER))
      .map((f) => `${LIFECYCLE_DOCS_DIR}/${f}`)
      .sort();
    expect(generated).toEqual(rendered.map((d) => d.path).sort());
  });

  it('should render the same text every time (no dates, stable order)', () => {
    expect(renderLifecycleDocs(CHANNEL_DEFINITIONS)).toEqual(rendered);
  });

  it('should name every check, write, target choice, condition and clock function but the engine-made ones', () => {
    const engineExports = new Set<unknown>(Object.values(engine));
    const unnamed: string[] = [];
    const look = (where: string, holder: object, keys: readonly string[]): void => {
      for (const key of keys) {
        const fn: unknown = Reflect.get(holder, key);
        if (typeof fn === 'function' && (fn.name === '' || fn.name === key)) {
          unnamed.push(`${where} ${key}`);
        }
      }
    };
    for (const def of CHANNEL_DEFINITIONS) {
      for (const t of def.machine.transitions) {
        look(`${def.channel} ${t.action}`, t, ['guard', 'apply', 'pickTarget']);
        if (t.availableWhen) {
          look(`${def.channel} ${t.action} availableWhen`, t.availableWhen, ['test']);
        }
        for (const e of (t.effects ?? []).filter((x) => !engineExports.has(x))) {
          look(`${def.channel} ${t.action} ${e.job}`, e, ['when', 'runAt', 'params', 'validWhile']);
        }
      }
    }
    // The engine's building blocks (sendAndDeliver, the shared effects) name their functions too.
    expect(unnamed).toEqual([]);
  });
});

describe('renderLifecycleDoc', () => {
  class NotePayload {
    @IsString()
    @MaxLength(100)
    text!: string;

    @IsOptional()
    @IsInt()
    pages?: number;

    @IsIn(['low', 'high'])
    weight!: string;
  }

  /** Names the record it writes. */
  function recordNote(): void {}
  function atNoon(): Date {
    return new Date(0);
  }

  const rows: TransitionRule[] = [
    {
      action: 'send',
      from: ['DRAFT'],
      to: ['SENT'],
      actors: [{ side: 'requesting', roles: ['officer'] }],
      basis: 'Art. 1',
      description: 'Send it',
      payload: EmptyPayload,
      requiresComplete: true,
    },
    {
      action: 'note',
      from: ['SENT'],
      to: [],
      keepsStatus: true,
      actors: [
        { side: 'requested', roles: ['officer'] },
        { side: 'requested', roles: ['approver'] },
      ],
      system: true,
      basis: 'Art. 2 | para. 3',
      description: 'Note it',
      payload: NotePayload,
      apply: recordNote,
      effects: [
        {
          job: 'NoteRemind',
          systemAction: 'close',
          runAt: atNoon,
          timer: { label: 'Noon', basis: 'Art. 3' },
        },
      ],
    },
    {
      action: 'close',
      from: ['SENT'],
      to: ['DONE'],
      actors: [],
      system: true,
      basis: 'Art. 4',
      description: 'End',
    },
  ];
  const def = {
    channel: 'sample',
    title: 'A sample channel',
    requestedAuthorityKinds: ['central'],
    machine: {
      channel: 'sample',
      initial: 'DRAFT',
      states: ['DRAFT', 'SENT', 'DONE'],
      terminal: ['DONE'],
      transitions: rows,
    },
  } as unknown as ChannelDefinition;
  const doc = renderLifecycleDoc(def);

  it('should start with the title and the generated-file marker', () => {
    expect(doc.split('\n')[0]).toBe('# A sample channel');
    expect(doc).toContain(GENERATED_MARKER);
  });

  it('should mark the initial and the terminal states', () => {
    expect(doc).toContain('| `DRAFT` | initial | `send` |');
    expect(doc).toContain('| `DONE` | terminal | — |');
  });

  it('should give one row per action with side and role, payload, basis, description and what it does', () => {
    expect(doc).toContain(
      '| `send` | `DRAFT` | `SENT` | requesting officer | none | Art. 1 | Send it | check: the request is complete',
    );
    expect(doc).toMatch(
      /\| `note` \| `SENT` \| status stays \| requested officer or approver, or system \| `text`: text, required<br>`pages`: whole number, optional<br>`weight`: code, required \| Art\. 2 \\\| para\. 3 \| Note it \| writes: `recordNote`<br>then: sets the clock “Noon” → `close` \(job `NoteRemind`\) \|/,
    );
    expect(doc).toContain('| `close` | `SENT` | `DONE` | system | — | Art. 4 | End | — |');
  });

  it('should list each payload field with its rules, read from the class-validator metadata', () => {
    expect(doc).toContain('| `text` | text, at most 100 characters | required | — |');
    expect(doc).toContain('| `pages` | whole number | optional | — |');
    expect(doc).toContain('| `weight` | one of `low`, `high` | required | — |');
  });

  it('should list each legal clock with its label, who sets it, when it is due and its basis', () => {
    expect(doc).toContain('| Noon | `note` | `atNoon` | `close` | — | Art. 3 |');
  });
});
