// A step's body without the optional sub-objects left blank (a person sought or a warrant not yet known): the
// engine validates a sub-object sent at all, so a blank one would be refused while the draft is still growing.
import { resolve, type JsonSchema } from '../../components/SchemaForm';

function blank(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>).every(blank);
  }
  return false;
}

/** Drops, under the top level, sub-objects whose every answer is blank. */
export function prune(schema: JsonSchema, body: unknown): unknown {
  const s = resolve(schema);
  if (!(s.type === 'object' || s.properties) || typeof body !== 'object' || body === null) {
    return body;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const sub = resolve(s.properties?.[k]);
    const isObject = (sub.type === 'object' || sub.properties) && !Array.isArray(v);
    if (isObject && blank(v)) {
      continue;
    }
    out[k] = isObject ? prune(sub, v) : v;
  }
  return out;
}
