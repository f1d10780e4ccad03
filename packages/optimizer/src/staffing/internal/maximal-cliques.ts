/**
 * Maximal cliques of a small undirected graph (Bron-Kerbosch with Tomita pivoting). Used to turn pairwise
 * "cannot work both" conflicts into the fewest, strongest rows `sum(x over clique) <= 1`.
 *
 * @param neighbours - adjacency sets over node ids `0..n-1`.
 * @param limit - stop after this many cliques (caller falls back to pairwise rows).
 */
export function maximalCliques(neighbours: readonly ReadonlySet<number>[], limit: number): number[][] | null {
  const cliques: number[][] = [];
  let overflow = false;
  const expand = (clique: number[], candidates: Set<number>, excluded: Set<number>): void => {
    if (overflow) return;
    if (candidates.size === 0 && excluded.size === 0) {
      if (clique.length > 0) cliques.push([...clique]);
      if (cliques.length > limit) overflow = true;
      return;
    }
    let pivot = -1;
    let best = -1;
    for (const node of [...candidates, ...excluded]) {
      let count = 0;
      for (const other of neighbours[node] ?? []) if (candidates.has(other)) count += 1;
      if (count > best) {
        best = count;
        pivot = node;
      }
    }
    const pivotNeighbours = neighbours[pivot] ?? new Set<number>();
    for (const node of [...candidates]) {
      if (pivotNeighbours.has(node)) continue;
      const nodeNeighbours = neighbours[node] ?? new Set<number>();
      clique.push(node);
      expand(
        clique,
        new Set([...candidates].filter((other) => nodeNeighbours.has(other))),
        new Set([...excluded].filter((other) => nodeNeighbours.has(other))),
      );
      clique.pop();
      candidates.delete(node);
      excluded.add(node);
    }
  };
  expand([], new Set(neighbours.map((_, index) => index)), new Set());
  return overflow ? null : cliques;
}
