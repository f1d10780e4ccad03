import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { LatencyHistogram, LatencySeries } from './latency-histogram.js';

const operations = ['select', 'insert', 'update', 'delete', 'merge', 'raw', 'other'] as const;
type Operation = (typeof operations)[number];

function operationOf(node: RootOperationNode): Operation {
  switch (node.kind) {
    case 'SelectQueryNode':
      return 'select';
    case 'InsertQueryNode':
      return 'insert';
    case 'UpdateQueryNode':
      return 'update';
    case 'DeleteQueryNode':
      return 'delete';
    case 'MergeQueryNode':
      return 'merge';
    case 'RawNode':
      return 'raw';
    default:
      return 'other';
  }
}

interface Started {
  at: number;
  series: LatencySeries;
}

/**
 * A Kysely plugin timing every query into `histogram` (label `operation`), on both engines: from the query's
 * compilation (just before it is sent) to its result, so waiting for a pooled connection counts, as the app
 * feels it. Queries that fail are not timed (their errors reach the request metrics as 5xx). Add it with
 * `db.withPlugin(createQueryTimingPlugin(metrics.dbQueries))`; transactions inherit it.
 */
export function createQueryTimingPlugin(histogram: LatencyHistogram): KyselyPlugin {
  const series = new Map<Operation, LatencySeries>(operations.map((name) => [name, histogram.series(name)]));
  // Keyed by the query's id object, which Kysely hands to both calls; a failed query's entry is collected.
  const started = new WeakMap<object, Started>();
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      started.set(args.queryId, {
        at: performance.now(),
        series: series.get(operationOf(args.node)) as LatencySeries,
      });
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const entry = started.get(args.queryId);
      if (entry !== undefined) {
        started.delete(args.queryId);
        entry.series.observe((performance.now() - entry.at) / 1000);
      }
      return args.result;
    },
  };
}
