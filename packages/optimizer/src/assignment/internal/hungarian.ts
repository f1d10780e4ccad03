/**
 * Minimum-cost assignment of every row to a distinct column for `rows <= columns` (shortest augmenting paths
 * with potentials, O(rows^2 x columns)). Returns the column of each row.
 */
export function hungarian(cost: readonly (readonly number[])[], rows: number, columns: number): number[] {
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(columns + 1);
  // rowOfColumn[j] = row (1-based) matched to column j; column 0 is the virtual start.
  const rowOfColumn = new Int32Array(columns + 1);
  const way = new Int32Array(columns + 1);
  for (let row = 1; row <= rows; row += 1) {
    rowOfColumn[0] = row;
    let column0 = 0;
    const minimum = new Float64Array(columns + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(columns + 1);
    do {
      used[column0] = 1;
      const row0 = rowOfColumn[column0] ?? 0;
      let delta = Number.POSITIVE_INFINITY;
      let column1 = 0;
      for (let column = 1; column <= columns; column += 1) {
        if (used[column] === 1) continue;
        const reduced = (cost[row0 - 1]?.[column - 1] ?? 0) - (u[row0] ?? 0) - (v[column] ?? 0);
        if (reduced < (minimum[column] ?? 0)) {
          minimum[column] = reduced;
          way[column] = column0;
        }
        if ((minimum[column] ?? 0) < delta) {
          delta = minimum[column] ?? 0;
          column1 = column;
        }
      }
      for (let column = 0; column <= columns; column += 1) {
        if (used[column] === 1) {
          const matched = rowOfColumn[column] ?? 0;
          u[matched] = (u[matched] ?? 0) + delta;
          v[column] = (v[column] ?? 0) - delta;
        } else {
          minimum[column] = (minimum[column] ?? 0) - delta;
        }
      }
      column0 = column1;
    } while ((rowOfColumn[column0] ?? 0) !== 0);
    do {
      const column1 = way[column0] ?? 0;
      rowOfColumn[column0] = rowOfColumn[column1] ?? 0;
      column0 = column1;
    } while (column0 !== 0);
  }
  const columnOfRow = new Array<number>(rows).fill(-1);
  for (let column = 1; column <= columns; column += 1) {
    const row = rowOfColumn[column] ?? 0;
    if (row > 0) columnOfRow[row - 1] = column - 1;
  }
  return columnOfRow;
}
