import type { PluginLoggerV1 } from '../spec/context-v1.js';

const mask = '[redacted]';

function redactText(text: string, secrets: ReadonlySet<string>): string {
  let result = text;
  for (const secret of secrets) if (secret !== '') result = result.split(secret).join(mask);
  return result;
}

function redactValue(value: unknown, secrets: ReadonlySet<string>, depth: number): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, redactValue(item, secrets, depth + 1)]),
  );
}

/** Wraps a logger so that every known secret value in messages and fields is replaced by `[redacted]`. */
export function createRedactingLogger(logger: PluginLoggerV1, secrets: ReadonlySet<string>): PluginLoggerV1 {
  const wrap =
    (level: keyof PluginLoggerV1) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      const text = redactText(String(message), secrets);
      if (fields === undefined) logger[level](text);
      else logger[level](text, redactValue(fields, secrets, 0) as Record<string, unknown>);
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

/** A logger that discards everything. */
export const silentLogger: PluginLoggerV1 = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
});
