import { createHash } from 'node:crypto';
import { type DyocenseDatabase, tenantChangeChannel } from '@dyocense/core/db';

/** Default memory bound of a server's read cache: 64 MiB of response bodies and keys. */
export const defaultReadCacheBytes = 64 * 1024 * 1024;

/** Raw URLs remembered with the key of their validated input (a URL maps to one key whatever the tenant). */
const maxRawKeys = 10_000;

/** Bytes an entry costs besides its body: the key (UTF-16) and the objects around it, a rough upper bound. */
const entryOverheadBytes = 256;

/** One cached answer: the serialised success body and its entity tag. */
export interface CachedBody {
  /** Exactly the bytes the route answered (`JSON.stringify` of its result). */
  readonly body: Buffer;
  /** Strong entity tag of `body` for this tenant (quoted, for the `ETag` header). */
  readonly etag: string;
}

interface Entry extends CachedBody {
  readonly key: string;
  readonly tenant: string;
  readonly bytes: number;
}

interface TenantState {
  readonly keys: Set<string>;
  /** Bumped by every invalidation of the tenant: a read that started before must not store its answer. */
  generation: number;
  /** Reads of this tenant between {@link ReadCache.begin} and {@link ReadCache.finish}. */
  pending: number;
}

/** A read in flight, from {@link ReadCache.begin}: what the cache looked like when it asked the database. */
export interface ReadTicket {
  readonly tenant: string;
  readonly generation: number;
  readonly epoch: number;
}

/** Counters of a {@link ReadCache}. */
export interface ReadCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly hits: number;
  readonly misses: number;
  /** Answers not stored because the tenant changed (or the cache was not listening) while they were read. */
  readonly skipped: number;
  readonly evictions: number;
  /** Whether invalidations are heard: off, nothing is served or stored. */
  readonly listening: boolean;
}

/** Entity tag of `body` for `tenant`: the tenant is hashed in, so two tenants' tags never match each other. */
function entityTag(tenant: string, body: Buffer): string {
  return `"${createHash('sha1').update(tenant).update('\0').update(body).digest('base64url')}"`;
}

/**
 * Serialised answers of read routes, per tenant, bounded in bytes (least recently used first out).
 *
 * Correctness rests on three rules: a key always starts with the verified tenant id; every write to a tenant's
 * data drops that tenant's entries (in this process directly, in every process through PostgreSQL's
 * `LISTEN`/`NOTIFY`, see {@link listenForTenantChanges}); and an answer read while its tenant was invalidated
 * (the generation moved) or while no invalidation could be heard is served but not stored, so a read racing a
 * write can never pin the old data.
 */
export class ReadCache {
  readonly maxBytes: number;
  readonly #maxEntryBytes: number;
  readonly #entries = new Map<string, Entry>();
  readonly #tenants = new Map<string, TenantState>();
  readonly #rawKeys = new Map<string, string>();
  #bytes = 0;
  #epoch = 0;
  #listening = false;
  #hits = 0;
  #misses = 0;
  #skipped = 0;
  #evictions = 0;

  /** `maxBytes`: the memory bound; one answer may take at most an eighth of it. */
  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
    this.#maxEntryBytes = Math.floor(maxBytes / 8);
  }

  /** The key {@link rememberKey} recorded for a raw URL: a hit then skips validating the query again. */
  keyOf(rawKey: string): string | undefined {
    return this.#rawKeys.get(rawKey);
  }

  /** Records that `rawKey` (route and raw URL) validated to `key`; the same URL always validates the same way. */
  rememberKey(rawKey: string, key: string): void {
    if (this.#rawKeys.size >= maxRawKeys) this.#rawKeys.clear();
    this.#rawKeys.set(rawKey, key);
  }

  /** The cached answer of `key` for `tenant`, marked most recently used; undefined when absent. */
  lookup(tenant: string, key: string): CachedBody | undefined {
    const fullKey = `${tenant}\0${key}`;
    const entry = this.#entries.get(fullKey);
    if (entry === undefined) {
      this.#misses += 1;
      return undefined;
    }
    // Map order is the LRU order: re-inserting moves the entry to the young end.
    this.#entries.delete(fullKey);
    this.#entries.set(fullKey, entry);
    this.#hits += 1;
    return entry;
  }

  /** Call before reading the database for a miss; pass the ticket to {@link finish} or {@link abandon}. */
  begin(tenant: string): ReadTicket {
    const state = this.#tenantState(tenant);
    state.pending += 1;
    return { tenant, generation: state.generation, epoch: this.#epoch };
  }

  /**
   * Stores `body` as the answer of `key` when nothing invalidated the ticket's tenant since {@link begin}, and
   * returns it with its entity tag either way.
   */
  finish(ticket: ReadTicket, key: string, body: Buffer): CachedBody {
    const etag = entityTag(ticket.tenant, body);
    const state = this.#release(ticket);
    const bytes = body.byteLength + 2 * (ticket.tenant.length + key.length) + entryOverheadBytes;
    const current = this.#listening && ticket.epoch === this.#epoch && state.generation === ticket.generation;
    if (!current || bytes > this.#maxEntryBytes) {
      this.#skipped += 1;
      this.#dropIfIdle(ticket.tenant, state);
      return { body, etag };
    }
    const fullKey = `${ticket.tenant}\0${key}`;
    this.#remove(fullKey);
    const entry: Entry = { key: fullKey, tenant: ticket.tenant, body, etag, bytes };
    this.#entries.set(fullKey, entry);
    state.keys.add(fullKey);
    this.#bytes += bytes;
    while (this.#bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#remove(oldest);
      this.#evictions += 1;
    }
    return { body, etag };
  }

  /** Ends a ticket whose read failed. */
  abandon(ticket: ReadTicket): void {
    this.#dropIfIdle(ticket.tenant, this.#release(ticket));
  }

  /** Drops every answer of `tenant`; reads of it in flight will not be stored. */
  invalidateTenant(tenant: string): void {
    const state = this.#tenants.get(tenant);
    if (state === undefined) return;
    state.generation += 1;
    for (const key of state.keys) this.#remove(key);
    this.#dropIfIdle(tenant, state);
  }

  /** Drops every answer; reads in flight will not be stored. */
  clear(): void {
    this.#epoch += 1;
    this.#entries.clear();
    this.#bytes = 0;
    for (const [tenant, state] of this.#tenants) {
      state.keys.clear();
      this.#dropIfIdle(tenant, state);
    }
  }

  /**
   * Whether invalidations are heard. Both transitions clear the cache: notifications may have been missed while
   * no connection listened, and while not listening nothing is stored.
   */
  setListening(listening: boolean): void {
    this.#listening = listening;
    this.clear();
  }

  /** Current counters. */
  stats(): ReadCacheStats {
    return {
      entries: this.#entries.size,
      bytes: this.#bytes,
      maxBytes: this.maxBytes,
      hits: this.#hits,
      misses: this.#misses,
      skipped: this.#skipped,
      evictions: this.#evictions,
      listening: this.#listening,
    };
  }

  #tenantState(tenant: string): TenantState {
    let state = this.#tenants.get(tenant);
    if (state === undefined) {
      state = { keys: new Set(), generation: 0, pending: 0 };
      this.#tenants.set(tenant, state);
    }
    return state;
  }

  #release(ticket: ReadTicket): TenantState {
    const state = this.#tenantState(ticket.tenant);
    // A state dropped and re-created meanwhile starts at generation 0 again; a higher one was bumped. Either
    // way a moved generation is caught because a state with pending reads is never dropped.
    state.pending = Math.max(0, state.pending - 1);
    return state;
  }

  #remove(fullKey: string): void {
    const entry = this.#entries.get(fullKey);
    if (entry === undefined) return;
    this.#entries.delete(fullKey);
    this.#bytes -= entry.bytes;
    const state = this.#tenants.get(entry.tenant);
    if (state === undefined) return;
    state.keys.delete(fullKey);
    this.#dropIfIdle(entry.tenant, state);
  }

  /** Forgets a tenant with no entries and no read in flight, so the map does not grow with every tenant seen. */
  #dropIfIdle(tenant: string, state: TenantState): void {
    if (state.keys.size === 0 && state.pending === 0) this.#tenants.delete(tenant);
  }
}

/** Where a server hears that tenants' data changed: a {@link DyocenseDatabase} (PostgreSQL or PGlite). */
export type TenantChangeSource = Pick<DyocenseDatabase, 'listen'>;

/**
 * Keeps `cache` in step with every process's writes: `LISTEN` on core's tenant change channel (its triggers
 * notify the tenant of every committed write to metric points, rollups and KPI definitions; '' means unknown,
 * so everything goes). The cache serves and stores only while the listen connection is up.
 *
 * @returns a function that stops listening.
 */
export function listenForTenantChanges(cache: ReadCache, source: TenantChangeSource): () => Promise<void> {
  const subscription = source.listen(tenantChangeChannel, {
    onNotification: (payload) => {
      if (payload === '') cache.clear();
      else cache.invalidateTenant(payload.toLowerCase());
    },
    onListening: (listening) => cache.setListening(listening),
  });
  return async () => {
    cache.setListening(false);
    await subscription.close();
  };
}

/** Whether an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 asks for this header). */
export function matchesEntityTag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  for (const part of ifNoneMatch.split(',')) {
    const tag = part.trim();
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === etag) return true;
  }
  return false;
}
