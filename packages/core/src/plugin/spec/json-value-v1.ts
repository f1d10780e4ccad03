/** A JSON-serialisable value: what crosses the boundary between a plugin and its host. */
export type JsonValueV1 =
  | string
  | number
  | boolean
  | null
  | readonly JsonValueV1[]
  | { readonly [key: string]: JsonValueV1 };

/** A JSON object (string keys, JSON values). */
export type JsonObjectV1 = { readonly [key: string]: JsonValueV1 };
