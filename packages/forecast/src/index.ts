export type { FittedModel, InformationCriteria, ModelForecast, PredictionInterval } from './model/fitted-model.js';
