import type { FieldV1, StreamV1 } from '../spec/connector-v1.js';

const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function fieldProblem(field: FieldV1, value: unknown): string | undefined {
  if (value === null) return field.nullable ? undefined : 'is null but the field is not nullable';
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? undefined : `is ${typeof value}, expected a string`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `is ${String(value)}, expected a finite number`;
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : `is ${String(value)}, expected a safe integer`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `is ${typeof value}, expected a boolean`;
    case 'timestamp':
      return typeof value === 'string' && timestampPattern.test(value) && Number.isFinite(Date.parse(value))
        ? undefined
        : `is ${JSON.stringify(value)}, expected an ISO 8601 date-time with an offset`;
    case 'date':
      return typeof value === 'string' && isValidDate(value)
        ? undefined
        : `is ${JSON.stringify(value)}, expected an ISO 8601 date (YYYY-MM-DD)`;
  }
}

/** Problems of one record's data against its stream: every declared field present and typed, no extras. */
export function recordProblems(stream: StreamV1, data: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const declared = new Set(stream.fields.map((field) => field.name));
  for (const field of stream.fields) {
    if (!Object.hasOwn(data, field.name)) {
      problems.push(`field "${field.name}" is missing`);
      continue;
    }
    const problem = fieldProblem(field, data[field.name]);
    if (problem !== undefined) problems.push(`field "${field.name}" ${problem}`);
  }
  for (const name of Object.keys(data)) {
    if (!declared.has(name)) problems.push(`field "${name}" is not declared by the stream`);
  }
  return problems;
}
