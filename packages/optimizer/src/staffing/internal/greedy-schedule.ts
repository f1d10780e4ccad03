import { contractedMinimum, dayLimit, type StaffingIndex, shiftsConflict } from './staffing-index.js';

/** A roster as shift indices per employee, with the slots it could not fill. */
export interface HeuristicRoster {
  readonly assigned: number[][];
  /** Staff still missing per shift (0 when covered). */
  readonly missing: number[];
}

/**
 * Constructive roster in milliseconds: most-constrained shift first, cheapest rule-abiding employee (those
 * still short of their contracted minimum first); then one-step ejection repair for unfilled slots, a repair
 * pass for contracted minimum hours, and a cost-improvement pass replacing people with cheaper ones, dropping
 * surplus staff and swapping a dearer person's long shift for a cheaper person's short one. Used as the MIP
 * start and as the fallback plan when the MIP finds nothing in time.
 */
export function greedySchedule(index: StaffingIndex, noise?: () => number): HeuristicRoster {
  const { problem } = index;
  const employees = problem.employees;
  const shifts = problem.shifts;
  const assigned: number[][] = employees.map(() => []);
  const onShift: Set<number>[] = shifts.map(() => new Set());
  const hours = employees.map(() => 0);
  const perDay: number[][] = employees.map(() => new Array<number>(problem.horizon.days).fill(0));
  const eligible = index.eligibleShifts.map((list) => new Set(list));
  const minimum = employees.map((employee) => contractedMinimum(problem, employee));

  const workedDays = (employee: number) => (perDay[employee] ?? []).filter((count) => count > 0).length;
  const canAssign = (employee: number, shiftIndex: number): boolean => {
    const shift = shifts[shiftIndex];
    const person = employees[employee];
    if (shift === undefined || person === undefined) return false;
    if (!(eligible[employee]?.has(shiftIndex) ?? false) || (onShift[shiftIndex]?.has(employee) ?? false))
      return false;
    if ((hours[employee] ?? 0) + shift.hours > person.maxHours + 1e-9) return false;
    const limit = dayLimit(problem, person);
    if (limit !== undefined && (perDay[employee]?.[shift.day] ?? 0) === 0 && workedDays(employee) >= limit) {
      return false;
    }
    for (const other of assigned[employee] ?? []) {
      const otherShift = shifts[other];
      if (otherShift !== undefined && shiftsConflict(problem.rules, shift, otherShift) !== null) return false;
    }
    return true;
  };
  const add = (employee: number, shiftIndex: number) => {
    const shift = shifts[shiftIndex];
    if (shift === undefined) return;
    assigned[employee]?.push(shiftIndex);
    onShift[shiftIndex]?.add(employee);
    hours[employee] = (hours[employee] ?? 0) + shift.hours;
    const days = perDay[employee];
    if (days !== undefined) days[shift.day] = (days[shift.day] ?? 0) + 1;
  };
  const remove = (employee: number, shiftIndex: number) => {
    const shift = shifts[shiftIndex];
    const list = assigned[employee];
    if (shift === undefined || list === undefined) return;
    list.splice(list.indexOf(shiftIndex), 1);
    onShift[shiftIndex]?.delete(employee);
    hours[employee] = (hours[employee] ?? 0) - shift.hours;
    const days = perDay[employee];
    if (days !== undefined) days[shift.day] = (days[shift.day] ?? 0) - 1;
  };
  const needsHours = (employee: number) => (hours[employee] ?? 0) < (minimum[employee] ?? 0) - 1e-9;
  const cheapest = (shiftIndex: number): number | undefined => {
    let best: number | undefined;
    let bestKey = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    for (const employee of index.eligibleEmployees[shiftIndex] ?? []) {
      if (!canAssign(employee, shiftIndex)) continue;
      // Optional noise on the rate diversifies restarts; improvements are still accepted on true costs.
      const key = [needsHours(employee) ? 0 : 1, (employees[employee]?.rate ?? 0) * (1 + (noise?.() ?? 0))];
      if ((key[0] ?? 0) < (bestKey[0] ?? 0) || (key[0] === bestKey[0] && (key[1] ?? 0) < (bestKey[1] ?? 0))) {
        best = employee;
        bestKey = key;
      }
    }
    return best;
  };
  const missing = (shiftIndex: number) =>
    Math.max(0, (shifts[shiftIndex]?.minStaff ?? 0) - (onShift[shiftIndex]?.size ?? 0));

  // 1. Greedy fill, most constrained shifts first.
  const order = shifts
    .map((_, shiftIndex) => shiftIndex)
    .sort((a, b) => {
      const slackA = (index.eligibleEmployees[a]?.length ?? 0) - (shifts[a]?.minStaff ?? 0);
      const slackB = (index.eligibleEmployees[b]?.length ?? 0) - (shifts[b]?.minStaff ?? 0);
      return slackA - slackB || (shifts[b]?.hours ?? 0) - (shifts[a]?.hours ?? 0);
    });
  for (const shiftIndex of order) {
    while (missing(shiftIndex) > 0) {
      const employee = cheapest(shiftIndex);
      if (employee === undefined) break;
      add(employee, shiftIndex);
    }
  }

  // 2. Ejection repair: give the open slot to a blocked employee and hand one of their shifts to someone else.
  for (const shiftIndex of order) {
    for (const employee of index.eligibleEmployees[shiftIndex] ?? []) {
      if (missing(shiftIndex) === 0) break;
      if (onShift[shiftIndex]?.has(employee) ?? true) continue;
      for (const blocking of [...(assigned[employee] ?? [])]) {
        remove(employee, blocking);
        if (canAssign(employee, shiftIndex)) {
          add(employee, shiftIndex);
          const substitute = cheapest(blocking);
          if (substitute !== undefined) {
            add(substitute, blocking);
            break;
          }
          remove(employee, shiftIndex);
        }
        add(employee, blocking);
      }
    }
  }

  // 3. Contracted minimum hours: first take over shifts from people who can spare them (cost-neutral in
  // staff count), and only then add the person as extra staff.
  for (const mode of ['take-over', 'add'] as const) {
    employees.forEach((_, employee) => {
      const candidates = [...(index.eligibleShifts[employee] ?? [])].sort(
        (a, b) => (shifts[b]?.hours ?? 0) - (shifts[a]?.hours ?? 0),
      );
      for (const shiftIndex of candidates) {
        if (!needsHours(employee)) break;
        if (onShift[shiftIndex]?.has(employee) ?? true) continue;
        if (mode === 'add') {
          if (canAssign(employee, shiftIndex)) add(employee, shiftIndex);
          continue;
        }
        const shiftHours = shifts[shiftIndex]?.hours ?? 0;
        const holders = [...(onShift[shiftIndex] ?? [])]
          .filter((holder) => (hours[holder] ?? 0) - shiftHours >= (minimum[holder] ?? 0) - 1e-9)
          .sort((a, b) => (employees[b]?.rate ?? 0) - (employees[a]?.rate ?? 0));
        for (const holder of holders) {
          remove(holder, shiftIndex);
          if (canAssign(employee, shiftIndex)) {
            add(employee, shiftIndex);
            break;
          }
          add(holder, shiftIndex);
        }
      }
    });
  }

  // 4. Improvement: cheaper substitutes, surplus staff dropped, and ejection chains (a cheaper person takes
  // the shift and hands one of their own shifts to a third person) while they lower the cost.
  const rateOf = (employee: number) => employees[employee]?.rate ?? 0;
  const hoursOfShift = (shiftIndex: number) => shifts[shiftIndex]?.hours ?? 0;
  const keepsMinimum = (employee: number, lost: number) =>
    (hours[employee] ?? 0) - lost >= (minimum[employee] ?? 0) - 1e-9;
  const deadline = Date.now() + 1000;
  for (let pass = 0, improved = true; improved && pass < 30 && Date.now() < deadline; pass += 1) {
    improved = false;
    for (const [employee, person] of employees.entries()) {
      for (const shiftIndex of [...(assigned[employee] ?? [])]) {
        const shift = shifts[shiftIndex];
        if (shift === undefined || !keepsMinimum(employee, shift.hours)) continue;
        remove(employee, shiftIndex);
        if ((onShift[shiftIndex]?.size ?? 0) >= shift.minStaff) {
          improved = true;
          continue;
        }
        const substitute = cheapest(shiftIndex);
        if (substitute !== undefined && rateOf(substitute) < person.rate) {
          add(substitute, shiftIndex);
          improved = true;
          continue;
        }
        if (tryChain(employee, shiftIndex, person.rate * shift.hours)) {
          improved = true;
          continue;
        }
        add(employee, shiftIndex);
      }
    }
    if (trySwaps()) improved = true;
  }

  /**
   * Swaps a longer shift of a dearer person with a shorter shift of a cheaper one when both may work the other's
   * shift: coverage is unchanged and the cost falls by (rate gap) x (hours gap). Substitutions alone cannot do
   * this when the cheaper person has no hours to spare.
   */
  function trySwaps(): boolean {
    let any = false;
    for (const [dear, dearPerson] of employees.entries()) {
      for (const dearShift of [...(assigned[dear] ?? [])]) {
        const longHours = hoursOfShift(dearShift);
        for (const cheap of index.eligibleEmployees[dearShift] ?? []) {
          const gap = dearPerson.rate - rateOf(cheap);
          if (gap <= 0 || (onShift[dearShift]?.has(cheap) ?? true)) continue;
          let swapped = false;
          for (const cheapShift of [...(assigned[cheap] ?? [])]) {
            const shortHours = hoursOfShift(cheapShift);
            if (gap * (longHours - shortHours) < 1e-6 || (onShift[cheapShift]?.has(dear) ?? true)) continue;
            if (!(eligible[dear]?.has(cheapShift) ?? false)) continue;
            if (!keepsMinimum(dear, longHours - shortHours)) continue;
            remove(dear, dearShift);
            remove(cheap, cheapShift);
            if (canAssign(cheap, dearShift)) {
              add(cheap, dearShift);
              if (canAssign(dear, cheapShift)) {
                add(dear, cheapShift);
                swapped = true;
                break;
              }
              remove(cheap, dearShift);
            }
            add(cheap, cheapShift);
            add(dear, dearShift);
          }
          if (swapped) {
            any = true;
            break;
          }
        }
      }
    }
    return any;
  }

  /** With `shiftIndex` just vacated by `leaving` (who cost `saved`), tries a cost-lowering two-step chain. */
  function tryChain(leaving: number, shiftIndex: number, saved: number): boolean {
    const hoursHere = hoursOfShift(shiftIndex);
    for (const candidate of index.eligibleEmployees[shiftIndex] ?? []) {
      if (candidate === leaving || (onShift[shiftIndex]?.has(candidate) ?? true)) continue;
      if (rateOf(candidate) * hoursHere >= saved) continue;
      for (const blocking of [...(assigned[candidate] ?? [])]) {
        const blockingHours = hoursOfShift(blocking);
        if (!keepsMinimum(candidate, blockingHours - hoursHere)) continue;
        remove(candidate, blocking);
        if (canAssign(candidate, shiftIndex)) {
          add(candidate, shiftIndex);
          const third = cheapest(blocking);
          const change =
            third === undefined
              ? Number.POSITIVE_INFINITY
              : rateOf(candidate) * hoursHere - saved + (rateOf(third) - rateOf(candidate)) * blockingHours;
          if (third !== undefined && change < -1e-9) {
            add(third, blocking);
            return true;
          }
          remove(candidate, shiftIndex);
        }
        add(candidate, blocking);
      }
    }
    return false;
  }

  return { assigned, missing: shifts.map((_, shiftIndex) => missing(shiftIndex)) };
}
