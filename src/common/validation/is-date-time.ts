import { ValidateBy } from 'class-validator';

/**
 * A calendar date-time that JavaScript and Postgres both read the same way (RFC 3339 profile of
 * ISO 8601): 2026-11-22T10:00:00Z, with optional fraction and offset, or a plain date 2026-11-22.
 * ISO week and ordinal dates (2026-W01, 2026-123) and impossible days (2026-02-30) are refused.
 */
const DATE_TIME =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d))?$/;

export function isCalendarDateTime(value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  const m = DATE_TIME.exec(value);
  if (!m) {
    return false;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth && !Number.isNaN(Date.parse(value));
}

/** A real day of the calendar, YYYY-MM-DD (no 31 February: JavaScript would roll it over, PostgreSQL refuses it). */
export function isCalendarDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export function IsDateTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isDateTime',
    validator: {
      validate: (value) => isCalendarDateTime(value),
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be a date-time such as 2026-11-22T10:00:00Z`,
    },
  });
}
