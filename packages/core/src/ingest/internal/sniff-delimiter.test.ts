import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from './sniff-delimiter.js';

describe('sniffDelimiter', () => {
  it('picks the delimiter whose count is consistent across records', () => {
    expect(sniffDelimiter('a;b;c\n1,5;2;3\n4;5,5;6\n', true)).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n', true)).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3', true)).toBe('|');
  });

  it('ignores delimiters inside quotes, even across lines', () => {
    expect(sniffDelimiter('name,note\n"x","a;b;c\nd;e"\n"y","f"\n', true)).toBe(',');
  });

  it('falls back to a comma for a single column', () => {
    expect(sniffDelimiter('value\n1\n2\n', true)).toBe(',');
  });
});
