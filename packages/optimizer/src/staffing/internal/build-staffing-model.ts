import type { LinearModel, LinearTerm } from '../../solver/linear-model.js';
import { createLinearModelBuilder } from '../../solver/linear-model-builder.js';
import type { ParsedStaffingOptions } from '../staffing-options.js';
import { maximalCliques } from './maximal-cliques.js';
import { contractedMinimum, dayLimit, type StaffingIndex, shiftsConflict } from './staffing-index.js';

type SoftRules = NonNullable<ParsedStaffingOptions['soft']>;

/** Penalties that turn hard rules into priced ones; the elastic explanation model sets the first two. */
export interface StaffingModelPricing {
  readonly uncoveredPenaltyPerHour?: number | undefined;
  readonly minHoursShortfallPenaltyPerHour?: number | undefined;
  readonly overtime?: SoftRules['overtime'];
  readonly preferences?: SoftRules['preferences'];
  readonly fairnessPenaltyPerPoint?: number | undefined;
}

/** The MIP of a staffing problem and where each decision lives in it. */
export interface StaffingModel {
  readonly model: LinearModel;
  /** `x[e,s]` variable index by `employee * shiftCount + shift`. */
  readonly assignmentVariable: ReadonlyMap<number, number>;
  /** `y[e,d]` (works that day, continuous in [0,1]) by `employee * days + day`. */
  readonly dayVariable: ReadonlyMap<number, number>;
  readonly overtimeVariable: readonly (number | undefined)[];
  readonly shortfallVariable: readonly (number | undefined)[];
  readonly uncoveredVariable: readonly (number | undefined)[];
  readonly fairnessVariables: { readonly highest: number; readonly lowest: number } | undefined;
  /** Full variable vector of a roster given as `assigned[employee] = shift indices`. */
  toValues(assigned: readonly (readonly number[])[]): number[];
}

const cliqueLimitPerEmployee = 5000;

/**
 * Builds the staffing MIP: binary `x[e,s]` for eligible pairs only; coverage rows; weekly hours; no overlap
 * and rest as maximal-clique rows (per day linked to the day indicator `y[e,d]` when days are limited,
 * which is tighter than `x <= y` per shift); max days; contracted minimum hours; optional priced slack for
 * the soft rules. Rows that can never bind (hours or day limits above what the eligible shifts allow) are
 * left out. No explicit symmetry-breaking rows: ordering interchangeable employees by hours made one HiGHS
 * run on shift-core-20x50 take 7.3 s instead of 1.5 s (busy shared machine, single runs), probably by
 * interfering with HiGHS's own symmetry detection.
 */
export function buildStaffingModel(index: StaffingIndex, pricing: StaffingModelPricing): StaffingModel {
  const { problem } = index;
  const shiftCount = problem.shifts.length;
  const days = problem.horizon.days;
  const builder = createLinearModelBuilder('minimize');
  const assignmentVariable = new Map<number, number>();
  const dayVariable = new Map<number, number>();
  const preferredDays = new Set<number>();
  const avoidedDays = new Map<number, number>();
  const shiftPreferenceCost = new Map<number, number>();
  let offset = 0;
  for (const preference of pricing.preferences ?? []) {
    const employee = index.employeeIndexById.get(preference.employeeId);
    if (employee === undefined) continue;
    if (preference.shiftId !== undefined) {
      const shift = index.shiftIndexById.get(preference.shiftId);
      if (shift === undefined) continue;
      const key = employee * shiftCount + shift;
      // prefer: pay penalty * (1 - x) = penalty - penalty * x.
      const sign = preference.kind === 'avoid' ? 1 : -1;
      if (preference.kind === 'prefer') offset += preference.penalty;
      shiftPreferenceCost.set(key, (shiftPreferenceCost.get(key) ?? 0) + sign * preference.penalty);
    } else if (preference.day !== undefined) {
      const key = employee * days + preference.day;
      if (preference.kind === 'avoid') avoidedDays.set(key, (avoidedDays.get(key) ?? 0) + preference.penalty);
      else {
        preferredDays.add(key);
        offset += preference.penalty;
        avoidedDays.set(key, (avoidedDays.get(key) ?? 0) - preference.penalty);
      }
    }
  }

  problem.employees.forEach((employee, employeeIndex) => {
    for (const shiftIndex of index.eligibleShifts[employeeIndex] ?? []) {
      const shift = problem.shifts[shiftIndex];
      if (shift === undefined) continue;
      const key = employeeIndex * shiftCount + shiftIndex;
      assignmentVariable.set(
        key,
        builder.addVariable({
          name: `x[${employee.id},${shift.id}]`,
          integer: true,
          upper: 1,
          cost: employee.rate * shift.hours + (shiftPreferenceCost.get(key) ?? 0),
        }),
      );
    }
  });
  const x = (employee: number, shift: number) => assignmentVariable.get(employee * shiftCount + shift);

  // Coverage.
  const uncoveredVariable = problem.shifts.map((shift, shiftIndex) => {
    const slack =
      pricing.uncoveredPenaltyPerHour === undefined || shift.minStaff === 0
        ? undefined
        : builder.addVariable({
            name: `uncovered[${shift.id}]`,
            upper: shift.minStaff,
            cost: pricing.uncoveredPenaltyPerHour * shift.hours,
          });
    const terms: LinearTerm[] = (index.eligibleEmployees[shiftIndex] ?? []).flatMap((employee) => {
      const variable = x(employee, shiftIndex);
      return variable === undefined ? [] : [{ variable, coefficient: 1 }];
    });
    if (slack !== undefined) terms.push({ variable: slack, coefficient: 1 });
    if (shift.minStaff > 0)
      builder.addConstraint({ name: `cover[${shift.id}]`, terms, lower: shift.minStaff });
    return slack;
  });

  const overtimeVariable: (number | undefined)[] = [];
  const shortfallVariable: (number | undefined)[] = [];
  const hoursTerms: LinearTerm[][] = [];
  problem.employees.forEach((employee, employeeIndex) => {
    const shifts = index.eligibleShifts[employeeIndex] ?? [];
    const terms: LinearTerm[] = shifts.flatMap((shiftIndex) => {
      const variable = x(employeeIndex, shiftIndex);
      const hours = problem.shifts[shiftIndex]?.hours ?? 0;
      return variable === undefined ? [] : [{ variable, coefficient: hours }];
    });
    hoursTerms.push(terms);
    const eligibleHours = terms.reduce((sum, term) => sum + term.coefficient, 0);
    const overtime =
      pricing.overtime === undefined || eligibleHours <= employee.maxHours
        ? undefined
        : builder.addVariable({
            name: `overtime[${employee.id}]`,
            upper: pricing.overtime.maxExtraHours,
            cost: (pricing.overtime.multiplier - 1) * employee.rate,
          });
    overtimeVariable.push(overtime);
    if (eligibleHours > employee.maxHours) {
      builder.addConstraint({
        name: `maxHours[${employee.id}]`,
        terms: overtime === undefined ? terms : [...terms, { variable: overtime, coefficient: -1 }],
        upper: employee.maxHours,
      });
    }
    const minimum = contractedMinimum(problem, employee);
    const shortfall =
      minimum > 0 && pricing.minHoursShortfallPenaltyPerHour !== undefined
        ? builder.addVariable({
            name: `shortfall[${employee.id}]`,
            upper: minimum,
            cost: pricing.minHoursShortfallPenaltyPerHour,
          })
        : undefined;
    shortfallVariable.push(shortfall);
    if (minimum > 0) {
      builder.addConstraint({
        name: `minHours[${employee.id}]`,
        terms: shortfall === undefined ? terms : [...terms, { variable: shortfall, coefficient: 1 }],
        lower: minimum,
      });
    }

    // Day indicators only where something uses them.
    const limit = dayLimit(problem, employee);
    const workableDays = new Set(shifts.map((shiftIndex) => problem.shifts[shiftIndex]?.day ?? 0));
    const limitBinds = limit !== undefined && limit < workableDays.size;
    for (const day of workableDays) {
      const key = employeeIndex * days + day;
      if (limitBinds || avoidedDays.has(key)) {
        dayVariable.set(
          key,
          builder.addVariable({
            name: `works[${employee.id},${day}]`,
            upper: 1,
            cost: avoidedDays.get(key) ?? 0,
          }),
        );
      }
    }
    if (limitBinds && limit !== undefined) {
      builder.addConstraint({
        name: `maxDays[${employee.id}]`,
        terms: [...workableDays].flatMap((day) => {
          const variable = dayVariable.get(employeeIndex * days + day);
          return variable === undefined ? [] : [{ variable, coefficient: 1 }];
        }),
        upper: limit,
      });
    }

    // Conflict cliques: same-day ones (singletons included) carry the day indicator.
    const local = shifts;
    const sameDay = local.map(() => new Set<number>());
    const all = local.map(() => new Set<number>());
    local.forEach((first, a) => {
      for (let b = a + 1; b < local.length; b += 1) {
        const firstShift = problem.shifts[first];
        const secondShift = problem.shifts[local[b] ?? 0];
        if (firstShift === undefined || secondShift === undefined) continue;
        const conflict = shiftsConflict(problem.rules, firstShift, secondShift);
        if (conflict === null) continue;
        all[a]?.add(b);
        all[b]?.add(a);
        if (conflict === 'overlap') {
          sameDay[a]?.add(b);
          sameDay[b]?.add(a);
        }
      }
    });
    const toTerms = (clique: readonly number[]): LinearTerm[] =>
      clique.flatMap((position) => {
        const variable = x(employeeIndex, local[position] ?? 0);
        return variable === undefined ? [] : [{ variable, coefficient: 1 }];
      });
    const dayCliques = maximalCliques(sameDay, cliqueLimitPerEmployee) ?? pairwise(sameDay);
    dayCliques.forEach((clique, cliqueIndex) => {
      const day = problem.shifts[local[clique[0] ?? 0] ?? 0]?.day ?? 0;
      const indicator = dayVariable.get(employeeIndex * days + day);
      if (indicator !== undefined) {
        builder.addConstraint({
          name: `day[${employee.id},${day},${cliqueIndex}]`,
          terms: [...toTerms(clique), { variable: indicator, coefficient: -1 }],
          upper: 0,
        });
      } else if (clique.length > 1) {
        builder.addConstraint({
          name: `overlap[${employee.id},${cliqueIndex}]`,
          terms: toTerms(clique),
          upper: 1,
        });
      }
    });
    const hasRestConflicts = all.some((set, position) => set.size > (sameDay[position]?.size ?? 0));
    if (hasRestConflicts) {
      const restCliques = maximalCliques(all, cliqueLimitPerEmployee) ?? pairwise(all);
      restCliques.forEach((clique, cliqueIndex) => {
        const daysInClique = new Set(clique.map((position) => problem.shifts[local[position] ?? 0]?.day));
        if (daysInClique.size > 1) {
          builder.addConstraint({
            name: `rest[${employee.id},${cliqueIndex}]`,
            terms: toTerms(clique),
            upper: 1,
          });
        }
      });
    }
    for (const day of workableDays) {
      const key = employeeIndex * days + day;
      const indicator = dayVariable.get(key);
      if (indicator === undefined || !preferredDays.has(key)) continue;
      // A preferred day is only "granted" when a shift is actually worked that day.
      builder.addConstraint({
        name: `granted[${employee.id},${day}]`,
        terms: [
          { variable: indicator, coefficient: 1 },
          ...local.flatMap((shiftIndex) => {
            const variable = x(employeeIndex, shiftIndex);
            return problem.shifts[shiftIndex]?.day === day && variable !== undefined
              ? [{ variable, coefficient: -1 }]
              : [];
          }),
        ],
        upper: 0,
      });
    }
  });

  // Fairness: spread of utilisation in percentage points.
  let fairnessVariables: StaffingModel['fairnessVariables'];
  if (pricing.fairnessPenaltyPerPoint !== undefined && problem.employees.length > 1) {
    const highest = builder.addVariable({ name: 'utilisation.max', cost: pricing.fairnessPenaltyPerPoint });
    const lowest = builder.addVariable({
      name: 'utilisation.min',
      upper: 100,
      cost: -pricing.fairnessPenaltyPerPoint,
    });
    fairnessVariables = { highest, lowest };
    problem.employees.forEach((employee, employeeIndex) => {
      const scaled = (hoursTerms[employeeIndex] ?? []).map((term) => ({
        variable: term.variable,
        coefficient: (100 * term.coefficient) / employee.maxHours,
      }));
      builder.addConstraint({
        name: `fairHigh[${employee.id}]`,
        terms: [...scaled, { variable: highest, coefficient: -1 }],
        upper: 0,
      });
      builder.addConstraint({
        name: `fairLow[${employee.id}]`,
        terms: [...scaled, { variable: lowest, coefficient: -1 }],
        lower: 0,
      });
    });
  }

  const base = builder.build();
  const model: LinearModel = { ...base, objectiveOffset: offset };
  return {
    model,
    assignmentVariable,
    dayVariable,
    overtimeVariable,
    shortfallVariable,
    uncoveredVariable,
    fairnessVariables,
    toValues(assigned) {
      const values = new Array<number>(model.variables.length).fill(0);
      const counts = new Array<number>(shiftCount).fill(0);
      const utilisation: number[] = [];
      problem.employees.forEach((employee, employeeIndex) => {
        let hours = 0;
        for (const shiftIndex of assigned[employeeIndex] ?? []) {
          const variable = x(employeeIndex, shiftIndex);
          const shift = problem.shifts[shiftIndex];
          if (variable === undefined || shift === undefined) continue;
          values[variable] = 1;
          hours += shift.hours;
          counts[shiftIndex] = (counts[shiftIndex] ?? 0) + 1;
          const day = dayVariable.get(employeeIndex * days + shift.day);
          if (day !== undefined) values[day] = 1;
        }
        const overtime = overtimeVariable[employeeIndex];
        if (overtime !== undefined) values[overtime] = Math.max(0, hours - employee.maxHours);
        const shortfall = shortfallVariable[employeeIndex];
        if (shortfall !== undefined)
          values[shortfall] = Math.max(0, contractedMinimum(problem, employee) - hours);
        utilisation.push((100 * hours) / employee.maxHours);
      });
      problem.shifts.forEach((shift, shiftIndex) => {
        const slack = uncoveredVariable[shiftIndex];
        if (slack !== undefined) values[slack] = Math.max(0, shift.minStaff - (counts[shiftIndex] ?? 0));
      });
      if (fairnessVariables !== undefined) {
        values[fairnessVariables.highest] = Math.max(...utilisation);
        values[fairnessVariables.lowest] = Math.max(0, Math.min(...utilisation));
      }
      return values;
    },
  };
}

function pairwise(neighbours: readonly ReadonlySet<number>[]): number[][] {
  const pairs: number[][] = neighbours.map((_, node) => [node]);
  neighbours.forEach((set, node) => {
    for (const other of set) if (other > node) pairs.push([node, other]);
  });
  return pairs;
}
