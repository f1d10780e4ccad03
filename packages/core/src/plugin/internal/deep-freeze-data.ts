function isPlainData(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Freezes plain objects and arrays recursively and returns the value. Class instances (zod schemas) and
 * functions are left alone: zod caches on its schema objects.
 */
export function deepFreezeData<Value>(value: Value): Value {
  if (!isPlainData(value) || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) {
    deepFreezeData((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
