import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNEL_DEFINITIONS } from '@/modules/channels';

/**
 * The action dialogs explain each action (`actionHelp.*`) and each described payload field (`hint.*`) from the
 * base catalogue, in every language (console-catalogues.spec.ts checks that every language has the English
 * keys). The actions come from the channels' lifecycle tables and the fields from the payload schemas the
 * console builds its forms from, so a new action or a new described field fails here until it is translated.
 * A key without a channel serves every channel only where the text is the same in all of them.
 */
const CONSOLE = join(__dirname, '..', '..', 'console', 'src');
const en = JSON.parse(readFileSync(join(CONSOLE, 'i18n', 'en.json'), 'utf8')) as Record<string, string>;

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  description?: string;
  $ref?: string;
}
const SCHEMAS = JSON.parse(readFileSync(join(CONSOLE, 'api', 'payload-schemas.json'), 'utf8')) as Record<
  string,
  JsonSchema
>;

const actions = CHANNEL_DEFINITIONS.flatMap((def) =>
  def.machine.transitions.map((t) => ({
    channel: def.channel,
    action: t.action,
    description: t.description,
    payload: t.payload?.name,
  })),
);

function resolve(schema: JsonSchema): JsonSchema {
  return schema.$ref ? (SCHEMAS[schema.$ref.replace('#/components/schemas/', '')] ?? {}) : schema;
}

/** Every property of an action's payload, nested ones included, as the dialog shows them (by name). */
function fieldsOf(schema: JsonSchema): { name: string; description?: string }[] {
  return Object.entries(resolve(schema).properties ?? {}).flatMap(([name, sub]) => {
    const s = resolve(sub);
    return [{ name, description: s.description }, ...fieldsOf(s), ...(s.items ? fieldsOf(s.items) : [])];
  });
}

const fields = actions.flatMap(({ channel, action, payload }) =>
  payload && SCHEMAS[payload] ? fieldsOf(SCHEMAS[payload]).map((f) => ({ channel, action, ...f })) : [],
);

/** True when every occurrence has the same text (none without one): then one key serves them all. */
function sameEverywhere(texts: (string | undefined)[]): boolean {
  return texts.every((t) => t !== undefined && t === texts[0]);
}

describe('console action help and field hints', () => {
  it('has a payload schema for every payload an action takes (else run `npm run console:api-types`)', () => {
    const missing = actions.filter((a) => a.payload && !SCHEMAS[a.payload]).map((a) => a.payload);
    expect(missing).toEqual([]);
  });

  it("explains every action of every channel, in English with the engine's description", () => {
    const problems: string[] = [];
    for (const { channel, action, description } of actions) {
      const own = en[`actionHelp.${channel}.${action}`];
      const shared = sameEverywhere(actions.filter((a) => a.action === action).map((a) => a.description))
        ? en[`actionHelp.${action}`]
        : undefined;
      const text = own ?? shared;
      if (text === undefined) {
        problems.push(
          `${channel} ${action}: no actionHelp.${channel}.${action} (or a shared actionHelp.${action})`,
        );
      } else if (text !== description) {
        problems.push(`${channel} ${action}: "${text}" is not the engine's "${description}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no actionHelp key for an action no channel has, nor a shared one where the channels differ', () => {
    const problems = Object.keys(en)
      .filter((k) => k.startsWith('actionHelp.'))
      .filter((key) => {
        const parts = key.split('.');
        if (parts.length === 3) {
          return !actions.some((a) => a.channel === parts[1] && a.action === parts[2]);
        }
        const same = actions.filter((a) => a.action === parts[1]).map((a) => a.description);
        return same.length === 0 || !sameEverywhere(same);
      });
    expect(problems).toEqual([]);
  });

  it('gives a hint for every described payload field', () => {
    const problems = fields
      .filter((f) => f.description !== undefined)
      .filter(({ channel, action, name }) => {
        const shared = sameEverywhere(fields.filter((f) => f.name === name).map((f) => f.description));
        return !(`hint.${channel}.${action}.${name}` in en) && !(shared && `hint.${name}` in en);
      })
      .map(({ channel, action, name }) => `${channel} ${action} ${name}`);
    expect(problems).toEqual([]);
  });

  it('has no hint key for a field no payload has, nor a shared one where the payloads differ', () => {
    const problems = Object.keys(en)
      .filter((k) => k.startsWith('hint.'))
      .filter((key) => {
        const parts = key.split('.');
        if (parts.length === 4) {
          return !fields.some((f) => f.channel === parts[1] && f.action === parts[2] && f.name === parts[3]);
        }
        const same = fields.filter((f) => f.name === parts[1]).map((f) => f.description);
        return parts.length !== 2 || same.length === 0 || !sameEverywhere(same);
      });
    expect(problems).toEqual([]);
  });
});
