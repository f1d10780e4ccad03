import type { TimeSeriesInput } from '@dyocense/core';
import type { ForecastOptions } from '@dyocense/forecast';
import type { StaffingOptions } from '@dyocense/optimizer';

/** Optimisation engines a run may use; the values of `optimization_runs.kind`. */
export const optimizationKinds = ['inventory', 'staffing', 'assignment', 'budget'] as const;
/** One of {@link optimizationKinds}. */
export type OptimizationKind = (typeof optimizationKinds)[number];

/** Inventory models: three closed forms and the multi-product ordering optimisation. */
export const inventoryModels = ['eoq', 'safety-stock', 'reorder-point', 'ordering'] as const;
/** One of {@link inventoryModels}. */
export type InventoryModel = (typeof inventoryModels)[number];

/** Solver limits every optimisation kind understands (the staffing engine also takes soft rules). */
export interface SolveLimits {
  /** Wall-clock seconds. */
  readonly timeLimit?: number | undefined;
  /** Relative MIP gap at which the search stops. */
  readonly gapTolerance?: number | undefined;
}

/** Work sent to a job worker: plain data only (it crosses a thread boundary by structured clone). */
export type JobTask =
  | {
      readonly kind: 'inventory';
      readonly model: InventoryModel;
      readonly input: Record<string, unknown>;
      readonly options: SolveLimits;
    }
  | {
      readonly kind: 'staffing';
      readonly input: Record<string, unknown>;
      readonly options: Omit<StaffingOptions, 'signal'>;
    }
  | {
      readonly kind: 'assignment' | 'budget';
      readonly input: Record<string, unknown>;
      readonly options: SolveLimits;
    }
  | { readonly kind: 'forecast'; readonly series: TimeSeriesInput; readonly options: ForecastOptions };

/** What a forecast task returns (the stored part of the engine's result). */
export interface ForecastTaskResult {
  readonly method: string;
  readonly points: readonly unknown[];
  readonly warnings: readonly string[];
}

/** A serialised DyocenseError (or any failure, as `internal`). */
export interface SerializedError {
  readonly code: string;
  readonly message: string;
  readonly issues: readonly unknown[];
  readonly details?: Record<string, unknown>;
}

/** Messages between the pool and a worker; `taskId` pairs them with the task a worker was given. */
export type WorkerRequest = { readonly taskId: number; readonly task: JobTask };
export type WorkerMessage =
  | { readonly taskId: number; readonly type: 'progress'; readonly stage: string }
  | { readonly taskId: number; readonly type: 'result'; readonly result: unknown }
  | { readonly taskId: number; readonly type: 'error'; readonly error: SerializedError };

/**
 * Runs one task on the calling thread with the engine it names (inside a job worker). Engines are imported on
 * first use, so a worker that only forecasts never loads HiGHS. `progress` reports coarse stages.
 *
 * @throws DyocenseError as the engine does (`invalid_input`, `infeasible`, `solver_timeout`, ...).
 */
export async function runJobTask(task: JobTask, progress: (stage: string) => void): Promise<unknown> {
  if (task.kind === 'forecast') {
    const { forecast } = await import('@dyocense/forecast');
    progress('fitting');
    const fitted = forecast(task.series, task.options);
    return {
      method: fitted.method,
      points: fitted.points,
      warnings: fitted.warnings,
    } satisfies ForecastTaskResult;
  }
  const optimizer = await import('@dyocense/optimizer');
  progress('solving');
  switch (task.kind) {
    case 'inventory':
      if (task.model === 'eoq') return optimizer.economicOrderQuantity(task.input as never);
      if (task.model === 'safety-stock') return optimizer.safetyStock(task.input as never);
      if (task.model === 'reorder-point') return optimizer.reorderPoint(task.input as never);
      return optimizer.optimizeInventoryOrders(task.input as never, task.options);
    case 'staffing':
      return optimizer.scheduleShifts(task.input as never, task.options);
    case 'assignment': {
      const { timeLimit, gapTolerance } = task.options;
      return optimizer.assignTasks(task.input as never, {
        ...(timeLimit === undefined ? {} : { timeLimit }),
        ...(gapTolerance === undefined ? {} : { gapTolerance }),
      });
    }
    case 'budget': {
      const { timeLimit } = task.options;
      return optimizer.allocateBudget(task.input as never, timeLimit === undefined ? {} : { timeLimit });
    }
  }
}
