import { describe, expect, it } from 'vitest';
import { pruneMembers } from './prune-members.js';

const scores: Record<string, number> = { ets: 1, arima: 0.8, theta: 2.3 };

describe('pruneMembers', () => {
  it('leaves out members scoring worse than twice the best', () => {
    expect(pruneMembers(['ets', 'arima', 'theta'], (name) => scores[name])).toEqual({
      kept: ['ets', 'arima'],
      dropped: ['theta'],
    });
  });

  it('keeps a member exactly at the limit', () => {
    expect(pruneMembers(['a', 'b'], (name) => (name === 'a' ? 1 : 2)).kept).toEqual(['a', 'b']);
  });

  it('follows the factor', () => {
    expect(pruneMembers(['ets', 'arima', 'theta'], (name) => scores[name], 1.2).kept).toEqual(['arima']);
  });

  it('keeps every member when a score is missing or not finite', () => {
    expect(pruneMembers(['ets', 'theta'], (name) => (name === 'ets' ? 1 : undefined)).dropped).toEqual([]);
    expect(pruneMembers(['ets', 'theta'], (name) => (name === 'ets' ? 1 : Number.NaN)).dropped).toEqual([]);
  });

  it('keeps every member when the best score is zero and the others too', () => {
    expect(pruneMembers(['a', 'b'], () => 0).kept).toEqual(['a', 'b']);
  });

  it('rejects a factor below 1 and negative scores', () => {
    expect(() => pruneMembers(['a'], () => 1, 0.5)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => pruneMembers(['a'], () => -1)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
