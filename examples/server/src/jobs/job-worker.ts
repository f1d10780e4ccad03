// Entry of a job worker thread: runs tasks one at a time and answers each with a result or a serialised error.
import { parentPort } from 'node:worker_threads';
import { DyocenseError } from '@dyocense/core';
import { runJobTask, type SerializedError, type WorkerMessage, type WorkerRequest } from './job-task.js';

function serialize(error: unknown): SerializedError {
  if (DyocenseError.isInstance(error)) {
    return { code: error.code, message: error.message, issues: error.issues, details: { ...error.details } };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), issues: [] };
}

parentPort?.on('message', async ({ taskId, task }: WorkerRequest) => {
  const send = (message: WorkerMessage) => parentPort?.postMessage(message);
  try {
    const result = await runJobTask(task, (stage) => send({ taskId, type: 'progress', stage }));
    send({ taskId, type: 'result', result });
  } catch (error) {
    send({ taskId, type: 'error', error: serialize(error) });
  }
});
