// The fields of an action's payload, built from its JSON schema (generated from /docs-json into
// payload-schemas.json): text, long text, dates, numbers, yes/no, one of a list, several of a list (refusal
// grounds with their article), and lists of entries (conditions, evidence items). Labels come from the
// catalogues; API errors are shown next to the field whose path they name. Also the new-request wizard's
// fields (a draft's common fields and each channel's `details`): nested objects, plain dates, and its own labels.
import { createContext, useContext, useRef } from 'react';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  Checkbox,
  CheckboxGroup,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  Input,
  Label,
  NumberField,
  Popover,
  Radio,
  RadioGroup,
  Text,
  TextArea,
  TextField,
  type DateValue,
} from 'react-aria-components';
import payloadSchemas from '../api/payload-schemas.json';
import { useDynamicT, useT } from '../i18n/t';
import { useLocale } from '../i18n/locale';

export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: string[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  maxLength?: number;
  $ref?: string;
  /** A reference with a description of its own (`{ description, allOf: [{ $ref }] }`, as Nest's Swagger writes it). */
  allOf?: JsonSchema[];
}

export type FormValue = unknown;

const SCHEMAS = payloadSchemas as Record<string, JsonSchema>;

/**
 * Where labels are looked up first (`<prefix>field.<name>`, `<prefix>hint.<name>`, `<prefix>enum.<value>`,
 * then the base catalogue's), and whether fields the schema leaves optional are marked so (a draft's fields
 * are all optional until submission, so the wizard does not mark them).
 */
export const SchemaLabels = createContext<{ prefix: string; markOptional: boolean }>({
  prefix: '',
  markOptional: true,
});

/**
 * Fields whose value is one of a known list rather than free text, by field name: the parties of a
 * multi-party request (a team member's party, an activity's host party), each shown by its name.
 */
export interface Choice {
  value: string;
  label: string;
}
export const FieldChoices = createContext<Record<string, Choice[]>>({});

export function resolve(schema: JsonSchema | undefined): JsonSchema {
  if (schema?.allOf?.length === 1) {
    const inner = resolve(schema.allOf[0]);
    return { ...inner, description: schema.description ?? inner.description };
  }
  if (schema?.$ref) {
    return SCHEMAS[schema.$ref.replace('#/components/schemas/', '')] ?? {};
  }
  return schema ?? {};
}

export function payloadSchema(name: string | null | undefined): JsonSchema | null {
  return name ? (SCHEMAS[name] ?? null) : null;
}

/** A DOM id for a field path ("conditions[0].text" -> "f-conditions-0-text"). */
export function fieldId(path: string): string {
  return `f-${path.replace(/[[\].]+/g, '-').replace(/-$/, '')}`;
}

/** What the form starts with: empty strings, false, empty lists. */
export function initialValue(schema: JsonSchema): FormValue {
  const s = resolve(schema);
  if (s.type === 'object' || s.properties) {
    return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, initialValue(v)]));
  }
  if (s.type === 'array') {
    return [];
  }
  if (s.type === 'boolean') {
    return false;
  }
  return s.type === 'number' || s.type === 'integer' || s.format === 'date-time' ? null : '';
}

/** The body sent: optional fields left empty are omitted, dates as ISO instants. */
export function toBody(schema: JsonSchema, value: FormValue): unknown {
  const s = resolve(schema);
  if (s.type === 'object' || s.properties) {
    const record = (value ?? {}) as Record<string, FormValue>;
    const out: Record<string, unknown> = {};
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      const v = toBody(sub, record[k]);
      const required = s.required?.includes(k) ?? false;
      if (v === undefined || (!required && (v === '' || v === null))) {
        continue;
      }
      out[k] = v;
    }
    return out;
  }
  if (s.type === 'array') {
    return ((value as FormValue[]) ?? []).map((v) => toBody(s.items ?? {}, v));
  }
  if (s.format === 'date-time') {
    const date = value as DateValue | null;
    return date ? date.toDate(Intl.DateTimeFormat().resolvedOptions().timeZone).toISOString() : undefined;
  }
  return value;
}

interface FieldsProps {
  schema: JsonSchema;
  value: FormValue;
  onChange: (value: FormValue) => void;
  errorsFor: (path: string) => string[];
  channel: string;
  action: string;
  path?: string;
}

/** The fields of an object schema. */
export function SchemaFields({
  schema,
  value,
  onChange,
  errorsFor,
  channel,
  action,
  path = '',
}: FieldsProps) {
  const s = resolve(schema);
  const record = (value ?? {}) as Record<string, FormValue>;
  // Two fields may change before the next render (a number committed on blur, then the checkbox clicked):
  // each change builds on the latest record, not on this render's.
  const latest = useRef(record);
  latest.current = record;
  const change = (name: string, v: FormValue) => {
    latest.current = { ...latest.current, [name]: v };
    onChange(latest.current);
  };
  return (
    <>
      {Object.entries(s.properties ?? {}).map(([name, sub]) => (
        <SchemaField
          key={name}
          name={name}
          path={path ? `${path}.${name}` : name}
          schema={sub}
          required={s.required?.includes(name) ?? false}
          value={record[name]}
          onChange={(v) => change(name, v)}
          errorsFor={errorsFor}
          channel={channel}
          action={action}
        />
      ))}
    </>
  );
}

interface FieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  required: boolean;
  value: FormValue;
  onChange: (value: FormValue) => void;
  errorsFor: (path: string) => string[];
  channel: string;
  action: string;
}

function SchemaField({
  name,
  path,
  schema,
  required,
  value,
  onChange,
  errorsFor,
  channel,
  action,
}: FieldProps) {
  const t = useT();
  const dt = useDynamicT();
  const { locale } = useLocale();
  const { prefix, markOptional } = useContext(SchemaLabels);
  const choices = useContext(FieldChoices)[name];
  const s = resolve(schema);
  // The area's own label, then the action's own where a field name means different things in different
  // payloads (the evidence items of results, the electronic data of a 24/7 answer), as for the hints below.
  const ownOrShared = dt(
    `field.${channel}.${action}.${name}`,
    dt(`field.${name}`, name.replace(/([A-Z])/g, ' $1').toLowerCase()),
  );
  // The area's label of this channel's field where the name means something else in the shared fields
  // (a team's purpose, not the request's), then the area's.
  const label = prefix
    ? dt(`${prefix}field.${channel}.${name}`, dt(`${prefix}field.${name}`, ownOrShared))
    : ownOrShared;
  const labelText = required || !markOptional ? label : `${label} ${t('dialog.optional')}`;
  // The catalogue's hint: the area's own for this channel, the area's own, this action's own (where a field name means different things in
  // different payloads), the field's; without one, the schema's English description for English readers only
  // (not when it only repeats the label).
  const described =
    locale === 'en' && s.description?.toLowerCase() !== label.toLowerCase() ? s.description : undefined;
  const hint =
    dt(`${prefix}hint.${channel}.${name}`, '') ||
    dt(`${prefix}hint.${name}`, '') ||
    dt(`hint.${channel}.${action}.${name}`, '') ||
    dt(`hint.${name}`, '') ||
    described;
  const errors = errorsFor(path);
  const invalid = errors.length > 0;
  const id = fieldId(path);
  const enumLabel = (v: string) => dt(`${prefix}enum.${v}`, dt(`ground.${v}`, dt(`enum.${v}`, v)));

  if (s.type === 'array' && resolve(s.items).enum) {
    const options = resolve(s.items).enum ?? [];
    const isGrounds = name === 'grounds';
    return (
      <CheckboxGroup
        className="field"
        id={id}
        value={(value as string[]) ?? []}
        onChange={onChange}
        isInvalid={invalid}
        validationBehavior="aria"
      >
        <Label>{labelText}</Label>
        {isGrounds && action === 'refuse' && (
          <Text slot="description" className="forbidden-grounds">
            {channel === 'extradition'
              ? t('dialog.forbiddenGroundsExtradition')
              : t('dialog.forbiddenGrounds')}
          </Text>
        )}
        <FieldError>{errors.join(' ')}</FieldError>
        {options.map((o) => (
          <Checkbox key={o} value={o}>
            <span className="checkbox-box" aria-hidden="true" />
            {enumLabel(o)}
          </Checkbox>
        ))}
      </CheckboxGroup>
    );
  }

  if (s.type === 'array') {
    const list = (value as FormValue[]) ?? [];
    const itemName = dt(`${prefix}field.${name}.item`, dt(`field.${name}.item`, name));
    return (
      <fieldset className="field list-field" id={id} tabIndex={-1}>
        <legend>{labelText}</legend>
        {hint && <p className="hint">{hint}</p>}
        {invalid && <p className="field-error">{errors.join(' ')}</p>}
        {list.map((entry, i) => {
          const entryPath = `${path}[${i}]`;
          const item = resolve(s.items);
          const remove = (
            <Button className="button link" onPress={() => onChange(list.filter((_, j) => j !== i))}>
              {t('dialog.remove')}{' '}
              <span className="visually-hidden">{t('dialog.entry', { label: itemName, n: i + 1 })}</span>
            </Button>
          );
          if (item.type === 'object' || item.properties) {
            return (
              <fieldset key={i} className="list-entry">
                <legend>{t('dialog.entry', { label: itemName, n: i + 1 })}</legend>
                <SchemaFields
                  schema={item}
                  value={entry}
                  onChange={(v) => onChange(list.map((e, j) => (j === i ? v : e)))}
                  errorsFor={errorsFor}
                  channel={channel}
                  action={action}
                  path={entryPath}
                />
                {remove}
              </fieldset>
            );
          }
          return (
            <div key={i} className="list-entry">
              <SchemaField
                name={`${name}.item`}
                path={entryPath}
                schema={item}
                required
                value={entry}
                onChange={(v) => onChange(list.map((e, j) => (j === i ? v : e)))}
                errorsFor={errorsFor}
                channel={channel}
                action={action}
              />
              {remove}
            </div>
          );
        })}
        <Button className="button secondary" onPress={() => onChange([...list, initialValue(s.items ?? {})])}>
          {t('dialog.add', { label: itemName })}
        </Button>
      </fieldset>
    );
  }

  if (s.type === 'object' || s.properties) {
    return (
      <fieldset className="field list-field" id={id} tabIndex={-1}>
        <legend>{labelText}</legend>
        {hint && <p className="hint">{hint}</p>}
        {invalid && <p className="field-error">{errors.join(' ')}</p>}
        <SchemaFields
          schema={s}
          value={value ?? initialValue(s)}
          onChange={onChange}
          errorsFor={errorsFor}
          channel={channel}
          action={action}
          path={path}
        />
      </fieldset>
    );
  }

  if (s.enum) {
    return (
      <RadioGroup
        className="field"
        id={id}
        value={(value as string) || null}
        onChange={onChange}
        isInvalid={invalid}
        isRequired={required}
        validationBehavior="aria"
      >
        <Label>{labelText}</Label>
        {hint && <Text slot="description">{hint}</Text>}
        <FieldError>{errors.join(' ')}</FieldError>
        {s.enum.map((o) => (
          <Radio key={o} value={o}>
            <span className="radio-dot" aria-hidden="true" />
            {enumLabel(o)}
          </Radio>
        ))}
      </RadioGroup>
    );
  }

  if (s.type === 'boolean') {
    return (
      <div className="field">
        <Checkbox id={id} isSelected={value === true} onChange={onChange} isInvalid={invalid}>
          <span className="checkbox-box" aria-hidden="true" />
          {label}
        </Checkbox>
        {hint && <p className="hint">{hint}</p>}
        {invalid && <p className="field-error">{errors.join(' ')}</p>}
      </div>
    );
  }

  if (s.type === 'number' || s.type === 'integer') {
    return (
      <NumberField
        className="field"
        value={typeof value === 'number' ? value : NaN}
        onChange={(n) => onChange(Number.isNaN(n) ? null : n)}
        isInvalid={invalid}
        isRequired={required}
        validationBehavior="aria"
        formatOptions={{ useGrouping: false, maximumFractionDigits: 2 }}
      >
        <Label>{labelText}</Label>
        {hint && <Text slot="description">{hint}</Text>}
        <FieldError>{errors.join(' ')}</FieldError>
        <Input id={id} />
      </NumberField>
    );
  }

  if (s.format === 'date-time') {
    return (
      <DatePicker
        id={id}
        className="field"
        granularity="minute"
        value={(value as DateValue | null) ?? null}
        onChange={onChange}
        isInvalid={invalid}
        isRequired={required}
        validationBehavior="aria"
      >
        <Label>{labelText}</Label>
        {hint && <Text slot="description">{hint}</Text>}
        <FieldError>{errors.join(' ')}</FieldError>
        <Group className="date-group">
          <DateInput className="date-input">
            {(segment) => <DateSegment segment={segment} className="date-segment" />}
          </DateInput>
          <Button className="button secondary calendar-button">
            <svg aria-hidden="true" width="18" height="18" viewBox="0 0 18 18" className="icon">
              <rect
                x="1.5"
                y="3"
                width="15"
                height="13.5"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.5"
              />
              <path d="M1.5 7h15M5 1v4M13 1v4" stroke="currentColor" strokeWidth="1.5" />
            </svg>
            <span className="visually-hidden">{label}</span>
          </Button>
        </Group>
        <Popover className="popover">
          <Dialog className="calendar-dialog" aria-label={label}>
            <Calendar>
              <header className="calendar-header">
                <Button slot="previous">
                  <span aria-hidden="true">‹</span>
                </Button>
                <Heading />
                <Button slot="next">
                  <span aria-hidden="true">›</span>
                </Button>
              </header>
              <CalendarGrid>{(date) => <CalendarCell date={date} />}</CalendarGrid>
            </Calendar>
          </Dialog>
        </Popover>
      </DatePicker>
    );
  }

  if (choices && s.type === 'string') {
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    return (
      <div className="field">
        <label htmlFor={id}>{labelText}</label>
        {hint && (
          <p className="hint" id={hintId}>
            {hint}
          </p>
        )}
        {invalid && (
          <p className="field-error" id={errorId}>
            {errors.join(' ')}
          </p>
        )}
        <select
          id={id}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          aria-describedby={
            [hint ? hintId : '', invalid ? errorId : ''].filter(Boolean).join(' ') || undefined
          }
        >
          <option value="">{t('dialog.chooseParty')}</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
    );
  }

  const multiline = s.format !== 'date' && (s.maxLength === undefined || s.maxLength > 500);
  return (
    <TextField
      className="field"
      value={(value as string) ?? ''}
      onChange={onChange}
      isInvalid={invalid}
      isRequired={required}
      validationBehavior="aria"
    >
      <Label>{labelText}</Label>
      {hint && <Text slot="description">{hint}</Text>}
      <FieldError>{errors.join(' ')}</FieldError>
      {/* dir="auto": a name, address or number in Latin script keeps its order in an Arabic page. */}
      {multiline ? <TextArea id={id} rows={4} dir="auto" /> : <Input id={id} dir="auto" />}
    </TextField>
  );
}
