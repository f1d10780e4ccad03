/** How numbers are written in a file. */
export interface NumberFormat {
  /** Decimal mark. */
  readonly decimal: '.' | ',';
  /** Thousands separator; `'auto'` accepts `,` with a `.` decimal mark and `.`/space with a `,` mark. */
  readonly thousands: 'auto' | 'none' | ',' | '.' | ' ' | "'";
}

const plainNumber = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a parser for one number format. The parser returns `undefined` for text that is not a finite number. */
export function createNumberParser(format: NumberFormat): (text: string) => number | undefined {
  const separators =
    format.thousands === 'none'
      ? []
      : format.thousands === 'auto'
        ? format.decimal === '.'
          ? [',']
          : ['.', ' ', '\u00a0', '\u202f']
        : format.thousands === ' '
          ? [' ', '\u00a0', '\u202f']
          : [format.thousands];
  const usable = separators.filter((separator) => separator !== format.decimal);
  const group = usable.length === 0 ? undefined : `[${usable.map(escapeForPattern).join('')}]`;
  const decimal = escapeForPattern(format.decimal);
  const integerPart = group === undefined ? '\\d+' : `(?:\\d{1,3}(?:${group}\\d{3})+|\\d+)`;
  const pattern = new RegExp(`^[-+]?(?:${integerPart}(?:${decimal}\\d*)?|${decimal}\\d+)(?:[eE][-+]?\\d+)?$`);
  const groupGlobal = group === undefined ? undefined : new RegExp(group, 'g');
  return (raw: string): number | undefined => {
    const text = raw.trim();
    if (format.decimal === '.' && plainNumber.test(text)) {
      const value = Number(text);
      return Number.isFinite(value) ? value : undefined;
    }
    if (!pattern.test(text)) return undefined;
    let normalised = groupGlobal === undefined ? text : text.replace(groupGlobal, '');
    if (format.decimal === ',') normalised = normalised.replace(',', '.');
    const value = Number(normalised);
    return Number.isFinite(value) ? value : undefined;
  };
}
