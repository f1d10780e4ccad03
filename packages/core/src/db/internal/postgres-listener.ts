import pg from 'pg';

/** What a notification listener calls back. */
export interface NotificationHandlers {
  /** One notification's payload. */
  onNotification(payload: string): void;
  /**
   * `true` once `LISTEN` is in place (at start and after every reconnection: notifications sent while no
   * connection listened are lost, so a cache must treat this as "anything may have changed"); `false` when the
   * connection is lost.
   */
  onListening?(listening: boolean): void;
}

/** A running `LISTEN`; `close` stops it (and its reconnection attempts). */
export interface NotificationSubscription {
  close(): Promise<void>;
}

const firstRetryMs = 250;
const lastRetryMs = 2_000;

/**
 * `LISTEN channel` on a dedicated connection (a pooled one would be handed to other queries), reconnecting with
 * a backoff of 250 ms doubling to 2 s for as long as the subscription is open. Errors never escape: a lost
 * connection is reported through `onListening(false)`.
 */
export function listenOnPostgres(
  config: pg.ClientConfig,
  channel: string,
  handlers: NotificationHandlers,
): NotificationSubscription {
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let retryMs = firstRetryMs;
  let timer: NodeJS.Timeout | undefined;

  const lost = (lostClient: pg.Client) => {
    if (client !== lostClient) return;
    client = undefined;
    lostClient.end().catch(() => {});
    if (listening) {
      listening = false;
      handlers.onListening?.(false);
    }
    if (closed) return;
    timer = setTimeout(connect, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, lastRetryMs);
  };

  const connect = async () => {
    timer = undefined;
    if (closed) return;
    const next = new pg.Client({ ...config, keepAlive: true });
    client = next;
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.onNotification(message.payload ?? '');
    });
    try {
      await next.connect();
      await next.query(`listen "${channel}"`);
    } catch {
      lost(next);
      return;
    }
    if (client !== next || closed) return;
    retryMs = firstRetryMs;
    listening = true;
    handlers.onListening?.(true);
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      const current = client;
      client = undefined;
      listening = false;
      await current?.end().catch(() => {});
    },
  };
}
