import { parentPort } from 'node:worker_threads';
import { DyocenseError } from '@dyocense/core';
import { scheduleShifts } from '../../staffing/schedule-shifts.js';
import { solve } from '../solve.js';
import type { WorkerReply, WorkerTask } from './worker-task.js';

parentPort?.once('message', async (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    const result =
      task.kind === 'solve'
        ? await solve(task.model, task.options)
        : await scheduleShifts(task.problem, task.options);
    reply = { ok: true, result };
  } catch (error) {
    reply = {
      ok: false,
      error: DyocenseError.isInstance(error)
        ? { code: error.code, message: error.message, details: { ...error.details, issues: error.issues } }
        : { code: 'internal', message: error instanceof Error ? error.message : String(error) },
    };
  }
  parentPort?.postMessage(reply);
});
