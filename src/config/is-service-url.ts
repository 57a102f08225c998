import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Why `value` is not a usable URL of one of `protocols` (host, port 1-65535, database when asked), or null. */
export function serviceUrlProblem(
  value: unknown,
  protocols: readonly string[],
  needsPath: boolean,
): string | null {
  if (typeof value !== 'string') {
    return 'is not a string';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // new URL() rejects a port above 65535 or with letters as a whole: say which part is wrong.
    const port = /^[a-z]+:\/\/(?:[^@/]*@)?[^:/]*:([^/]*)/i.exec(value)?.[1];
    return port !== undefined && !/^\d{1,5}$/.test(port)
      ? `has a port that is not a number: "${port}"`
      : port !== undefined
        ? `has the port ${port}, above 65535`
        : 'is not a URL';
  }
  const protocol = url.protocol.replace(/:$/, '');
  if (!protocols.includes(protocol)) {
    return `must start with ${protocols.map((p) => `${p}://`).join(' or ')} (found ${protocol}://)`;
  }
  if (!url.hostname) {
    return 'names no host';
  }
  if (url.port === '0') {
    return 'has the port 0 (a service listens on 1-65535)';
  }
  if (needsPath && url.pathname.replace(/^\//, '') === '') {
    return 'names no database (postgres://user@host:port/database)';
  }
  return null;
}

/** Validates a service URL (DATABASE_URL, REDIS_URL), with a message that names the variable and the part. */
export function IsServiceUrl(protocols: readonly string[], needsPath = false) {
  return (target: object, property: string): void => {
    registerDecorator({
      name: 'isServiceUrl',
      target: target.constructor,
      propertyName: property,
      validator: {
        validate: (value: unknown) => serviceUrlProblem(value, protocols, needsPath) === null,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${serviceUrlProblem(args.value, protocols, needsPath) ?? 'is invalid'}`,
      },
    });
  };
}
