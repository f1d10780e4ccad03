// Seeded generator of one-week SMB shift-scheduling instances in the shape of shared/data/staffing/shift-*.json.
// Demand is planted from a hidden roster that obeys every rule, so each instance is feasible.
import type { StaffingProblem } from '../../packages/optimizer/src/index.js';
import { createRandom } from '../internal/create-random.js';

const skills = [
  { id: 'cashier', baseRate: 15 },
  { id: 'barista', baseRate: 16 },
  { id: 'cook', baseRate: 18 },
  { id: 'stock', baseRate: 15.5 },
  { id: 'supervisor', baseRate: 22 },
];
const patterns = {
  any: [6, 24],
  mornings: [6, 16],
  evenings: [12, 24],
  students: [15, 24],
} as const;
// 3-8 h shift templates between 06:00 and 23:00.
const templates: [number, number][] = [];
for (let start = 6; start <= 17; start += 1) {
  for (const length of [3, 4, 5, 6, 8]) if (start + length <= 23) templates.push([start, start + length]);
}

type Employee = StaffingProblem['employees'][number];
type Shift = StaffingProblem['shifts'][number];

/**
 * Generates `employees` x about `shifts` (stops early only if the hidden roster runs out of capacity) with
 * the rules of the shared "rich" instances when `rich`, else only noOverlap.
 */
export function generateStaffingInstance(
  employees: number,
  shifts: number,
  seed: number,
  rich: boolean,
): StaffingProblem {
  const random = createRandom(seed);
  const pick = <Value>(values: readonly Value[]): Value =>
    values[Math.floor(random() * values.length)] as Value;
  const people: Employee[] = [];
  for (let index = 0; index < employees; index += 1) {
    const fullTime = random() < 0.4;
    const count = 1 + Math.floor(random() * 3);
    const own = new Set<string>();
    while (own.size < count) own.add(pick(skills).id);
    const top = Math.max(...[...own].map((id) => skills.find((skill) => skill.id === id)?.baseRate ?? 15));
    const type = fullTime
      ? pick(['any', 'any', 'mornings', 'evenings'] as const)
      : pick(Object.keys(patterns) as (keyof typeof patterns)[]);
    const [from, to] = patterns[type];
    const daysOff = new Set<number>();
    const offCount = Math.floor(random() * 3);
    while (daysOff.size < offCount) daysOff.add(Math.floor(random() * 7));
    const maxHours = fullTime ? 40 : pick([16, 20, 24, 28, 32]);
    people.push({
      id: `e${index}`,
      rate: Math.round((top + random() * 6) * 4) / 4,
      skills: [...own],
      contract: fullTime ? 'full-time' : 'part-time',
      maxHours,
      minHours: fullTime ? 30 : 0,
      maxDays: fullTime ? 5 : Math.min(6, 3 + Math.floor(maxHours / 10)),
      availabilityType: type,
      availability: [0, 1, 2, 3, 4, 5, 6]
        .filter((day) => !daysOff.has(day))
        .map((day) => ({ day, from, to })),
    });
  }
  const hidden = people.map(() => [] as Shift[]);
  const hours = people.map(() => 0);
  const fits = (person: number, shift: Omit<Shift, 'id' | 'minStaff'>): boolean => {
    const employee = people[person];
    if (employee === undefined || !employee.skills.includes(shift.skill)) return false;
    if (
      !employee.availability.some(
        (window) => window.day === shift.day && window.from <= shift.start && shift.end <= window.to,
      )
    ) {
      return false;
    }
    // The hidden roster stays at 90 % of maxHours so the optimiser has room to choose.
    if ((hours[person] ?? 0) + shift.hours > 0.9 * employee.maxHours) return false;
    const mine = hidden[person] ?? [];
    if (mine.some((other) => other.day === shift.day && other.start < shift.end && shift.start < other.end)) {
      return false;
    }
    if (rich) {
      const days = new Set(mine.map((other) => other.day));
      if (!days.has(shift.day) && days.size >= (employee.maxDays ?? 7)) return false;
      for (const other of mine) {
        if (Math.abs(other.day - shift.day) !== 1) continue;
        const [earlier, later] = other.day < shift.day ? [other, shift] : [shift, other];
        if (24 + later.start - earlier.end < 11) return false;
      }
    }
    return true;
  };
  // Fewer multi-person shifts when shifts are many per employee, so that demand fits the hidden capacity.
  const extraStaffProbability = Math.min(0.6, (1.2 * employees) / shifts);
  const result: Shift[] = [];
  for (let attempt = 0; result.length < shifts && attempt < shifts * 50; attempt += 1) {
    // Least-loaded people first, so full-timers reach their contracted minimum.
    const order = people
      .map((_, index) => index)
      .sort(
        (a, b) =>
          (hours[a] ?? 0) / (people[a]?.maxHours ?? 1) -
          (hours[b] ?? 0) / (people[b]?.maxHours ?? 1) +
          (random() - 0.5) * 0.2,
      );
    const first = order[Math.floor(random() * Math.min(order.length, 5))] ?? 0;
    const employee = people[first];
    if (employee === undefined) break;
    const [start, end] = pick(templates);
    const candidate = {
      day: Math.floor(random() * 7),
      start,
      end,
      hours: end - start,
      skill: pick(employee.skills),
    };
    if (!fits(first, candidate)) continue;
    const staff = [first];
    for (const other of order) {
      if (staff.length >= 3 || random() > extraStaffProbability) break;
      if (other !== first && fits(other, candidate)) staff.push(other);
    }
    const shift: Shift = { id: `s${result.length}`, ...candidate, minStaff: staff.length };
    for (const person of staff) {
      hidden[person]?.push(shift);
      hours[person] = (hours[person] ?? 0) + shift.hours;
    }
    result.push(shift);
  }
  result.sort((a, b) => a.day - b.day || a.start - b.start);
  result.forEach((shift, index) => {
    shift.id = `s${index}`;
  });
  // A full-timer the hidden roster could not fill gets a contracted minimum they can actually reach.
  people.forEach((person, index) => {
    if (person.contract === 'full-time') person.minHours = Math.min(30, Math.floor(hours[index] ?? 0));
  });
  return {
    kind: 'shift-scheduling',
    name: `shift-${rich ? 'rich' : 'core'}-${employees}x${shifts}-seed${seed}`,
    seed,
    horizon: { days: 7, dayNames: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] },
    rules: rich
      ? { noOverlap: true, minRestHours: 11, maxDaysPerWeek: true, minHoursFullTime: true }
      : { noOverlap: true },
    skills,
    employees: people,
    shifts: result,
  };
}
