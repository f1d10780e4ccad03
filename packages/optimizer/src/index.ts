// Public API of @dyocense/optimizer: each module's exports are listed here and nowhere else.

export {
  assignTasks,
  type TaskAssignmentProblem,
  type TaskAssignmentResult,
  taskAssignmentProblemSchema,
} from './assignment/assign-tasks.js';
export {
  type AssignmentPair,
  type AssignmentResult,
  solveAssignment,
} from './assignment/solve-assignment.js';
export {
  allocateBudget,
  type BudgetAllocation,
  type BudgetProblem,
  budgetProblemSchema,
  type ChannelAllocation,
} from './budget/allocate-budget.js';
export { type FittedResponse, fitResponseCurve, type ResponseHistory } from './budget/fit-response-curve.js';
export {
  evaluateResponse,
  marginalResponse,
  type ResponseCurve,
  responseCurveSchema,
} from './budget/response-curve.js';
export {
  type AnnualInventoryCost,
  type AnnualInventoryCostInput,
  annualInventoryCost,
} from './inventory/annual-inventory-cost.js';
export { checkOrderPlan, type OrderPlanViolation } from './inventory/check-order-plan.js';
export {
  type ContinuousReviewPolicy,
  type ContinuousReviewPolicyInput,
  continuousReviewPolicy,
} from './inventory/continuous-review-policy.js';
export { type DemandEstimate, demandFromForecast } from './inventory/demand-from-forecast.js';
export {
  type EconomicOrderQuantity,
  type EconomicOrderQuantityInput,
  economicOrderQuantity,
} from './inventory/economic-order-quantity.js';
export {
  type EconomicProductionQuantity,
  type EconomicProductionQuantityInput,
  economicProductionQuantity,
} from './inventory/economic-production-quantity.js';
export { fillRate, type ServiceLevels, safetyStockForFillRate } from './inventory/fill-rate.js';
export {
  evaluateNewsvendor,
  type NewsvendorInput,
  type NewsvendorOutcome,
  newsvendor,
} from './inventory/newsvendor.js';
export {
  type BindingConstraint,
  type InventoryOrderOptions,
  type InventoryOrderPlan,
  optimizeInventoryOrders,
} from './inventory/optimize-inventory-orders.js';
export {
  type InventoryOrderProblem,
  inventoryOrderProblemSchema,
  type ParsedInventoryOrderProblem,
} from './inventory/order-problem.js';
export {
  type PeriodicReviewPolicy,
  type PeriodicReviewPolicyInput,
  periodicReviewPolicy,
} from './inventory/periodic-review-policy.js';
export {
  type PoissonSsPolicy,
  type PoissonSsPolicyInput,
  poissonSsPolicy,
} from './inventory/poisson-s-s-policy.js';
export {
  type PriceBreakCandidate,
  type QuantityDiscountInput,
  type QuantityDiscountOrderQuantity,
  quantityDiscountOrderQuantity,
} from './inventory/quantity-discount-order-quantity.js';
export { type ReorderPoint, reorderPoint } from './inventory/reorder-point.js';
export {
  optimizeReorderPointQuantity,
  type ReorderPointQuantity,
  type ReorderPointQuantityInput,
} from './inventory/reorder-point-quantity.js';
export { type SafetyStock, type SafetyStockInput, safetyStock } from './inventory/safety-stock.js';
export {
  computeLabourCost,
  type DayPay,
  type LabourCost,
  type OvertimeRules,
  overtimeRulesSchema,
} from './labour/compute-labour-cost.js';
export { computeRosterLabourCost, type EmployeePay } from './labour/compute-roster-labour-cost.js';
export {
  checkSolution,
  type SolutionCheck,
  type SolutionViolation,
} from './solver/check-solution.js';
export { configureHighs, type HighsLoadOptions } from './solver/configure-highs.js';
export {
  type LinearConstraint,
  type LinearModel,
  type LinearTerm,
  type LinearVariable,
  linearModelSchema,
} from './solver/linear-model.js';
export { createLinearModelBuilder, type LinearModelBuilder } from './solver/linear-model-builder.js';
export { solve } from './solver/solve.js';
export { type SolveOptions, type SolverBackend, solveOptionsSchema } from './solver/solve-options.js';
export type { SolveResult, SolveStatus } from './solver/solve-result.js';
export { toLpText } from './solver/to-lp-text.js';
export {
  checkSchedule,
  type ScheduleCheckOptions,
  type ScheduleViolation,
  type ShiftAssignment,
} from './staffing/check-schedule.js';
export { scheduleShifts } from './staffing/schedule-shifts.js';
export { type StaffingOptions, staffingOptionsSchema } from './staffing/staffing-options.js';
export { type StaffingProblem, staffingProblemSchema } from './staffing/staffing-problem.js';
export type {
  ContractShortfall,
  CoverageShortfall,
  EmployeeLoad,
  ShiftCoverage,
  StaffingCostBreakdown,
  StaffingExplanation,
  StaffingResult,
} from './staffing/staffing-result.js';
export { toStaffingLinearModel } from './staffing/to-staffing-linear-model.js';
