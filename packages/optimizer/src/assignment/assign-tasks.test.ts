import { describe, expect, it } from 'vitest';
import { assignTasks, type TaskAssignmentProblem } from './assign-tasks.js';

// A: cook, 8 h. B: cook + cashier, 6 h. Feasible task sets by hand: {T1,T2,T4} = 225 (A: T1+T4, B: T2) is the
// best; every set with T3 and two cook tasks overflows someone's hours ({T1,T2,T3} needs 9 h on one side).
const problem: TaskAssignmentProblem = {
  workers: [
    { id: 'A', skills: ['cook'], capacity: 8 },
    { id: 'B', skills: ['cook', 'cashier'], capacity: 6 },
  ],
  tasks: [
    { id: 'T1', skill: 'cook', hours: 5, value: 100 },
    { id: 'T2', skill: 'cook', hours: 4, value: 80 },
    { id: 'T3', skill: 'cashier', hours: 3, value: 50 },
    { id: 'T4', skill: 'cook', hours: 3, value: 45 },
  ],
};

describe('assignTasks', () => {
  it('finds the hand-enumerated best value 225, leaving the cashier task', async () => {
    const result = await assignTasks(problem);
    expect(result.status).toBe('optimal');
    expect(result.value).toBe(225);
    expect(result.unassignedTaskIds).toEqual(['T3']);
    for (const worker of result.workers) expect(worker.hours).toBeLessThanOrEqual(worker.capacity);
  });

  it('honours a required task: with T3 required the best is {T1, T3, T4} = 195', async () => {
    const tasks = problem.tasks.map((task) => (task.id === 'T3' ? { ...task, required: true } : task));
    const result = await assignTasks({ ...problem, tasks });
    expect(result.value).toBe(195);
    expect(result.assignments.find((assignment) => assignment.taskId === 'T3')?.workerId).toBe('B');
  });

  it('uses worker-specific values', async () => {
    const result = await assignTasks({ ...problem, values: [{ workerId: 'B', taskId: 'T3', value: 500 }] });
    expect(result.assignments).toContainEqual({ workerId: 'B', taskId: 'T3', value: 500 });
  });

  it('explains a required task nobody can take', async () => {
    const tasks = [...problem.tasks, { id: 'T5', skill: 'cook', hours: 9, value: 10, required: true }];
    const result = await assignTasks({ ...problem, tasks });
    expect(result.status).toBe('infeasible');
    expect(result.explanation).toBe(
      'Required task T5 (9 h, cook) fits no worker: nobody with the skill has 9 h free',
    );
  });

  it('rejects a value for an unknown worker, naming the field', async () => {
    await expect(
      assignTasks({ ...problem, values: [{ workerId: 'Z', taskId: 'T1', value: 1 }] }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [expect.objectContaining({ path: ['values', 0, 'workerId'] })],
    });
  });
});
