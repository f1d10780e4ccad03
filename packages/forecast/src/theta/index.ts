export {
  fitOptimizedTheta,
  type OptimizedThetaModel,
  type OptimizedThetaOptions,
} from './fit-optimized-theta.js';
export { fitTheta, type ThetaModel, type ThetaOptions } from './fit-theta.js';
