import { describe } from 'vitest';
import { createPgliteTestDatabase } from './internal/engines.js';
import { defineDataLayerSuite } from './internal/isolation-suite.js';

describe('data layer on PGlite', () => {
  defineDataLayerSuite(createPgliteTestDatabase);
});
