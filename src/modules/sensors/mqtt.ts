/**
 * Readings over MQTT (issue #11, decision 0016): a subscription to `ingang/{tenant}/{deviceId}/senml`
 * on the broker in MQTT_URL. The broker's access control is the trust boundary: a device's broker
 * account may publish only to its own topic, so the topic names the device; the records must still
 * belong to it (reading-model.ts). Each message is stored like an HTTP pack (ingest.ts) before it is
 * acknowledged (QoS 1), so an acknowledged reading is stored. A refused message is counted and
 * dropped; nothing a device sends can stop the subscription or the process. The client reconnects
 * by itself, and processes share the subscription (`$share/…`) so each message is stored by one.
 * A process subscribes with several connections in the share group (MQTT_SUBSCRIBERS): each stores
 * one message at a time, so the process stores several at once.
 */
import os from 'node:os';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { AppError } from '../../platform/errors.ts';
import type { IngestDevice, IngestResult } from './ingest.ts';

/** The topic filter of every tenant's devices, shared between the processes of the installation. */
export const DEFAULT_TOPICS = ['$share/ingang/ingang/+/+/senml'];
const TOPIC = /^ingang\/([a-z0-9-]{1,63})\/([0-9a-f-]{36})\/senml$/;

export interface MqttLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface MqttSensors {
  deviceOfTopic(tenantSlug: string, deviceId: string): Promise<IngestDevice | undefined>;
  ingest(device: IngestDevice, text: string): Promise<IngestResult>;
}

/** What became of one message. */
export type MqttOutcome =
  | { kind: 'stored'; topic: string; result: IngestResult }
  | { kind: 'refused'; topic: string; code: string }
  | { kind: 'unknownDevice'; topic: string }
  | { kind: 'failed'; topic: string };

export interface MqttIngestOptions {
  url: string;
  sensors: MqttSensors;
  log: MqttLog;
  /** Topic filters to subscribe to (tests narrow them); DEFAULT_TOPICS otherwise. */
  topics?: string[];
  /**
   * Connections to subscribe with (default 1), each storing one message at a time: more store
   * several at once. Above 1 every filter must be a shared subscription.
   */
  connections?: number;
  /**
   * A client id that stays the same across restarts of this process (MQTT_CLIENT_ID; connections
   * after the first add `-2`, `-3` …). With it the broker keeps the sessions for an hour, so a
   * restart resumes them and gets what arrived meanwhile. Without it the id names the process and
   * its sessions end with it (see `sessionExpirySeconds`).
   */
  clientId?: string;
  /** Called after each message is handled (tests await it). */
  onMessage?: (outcome: MqttOutcome) => void;
}

export interface MqttStats {
  received: number;
  stored: number;
  duplicates: number;
  refused: number;
  unknownDevice: number;
  failed: number;
}

export interface MqttIngest {
  /** Resolves once every connection's first subscription is acknowledged. */
  readonly subscribed: Promise<void>;
  stats(): MqttStats;
  close(): Promise<void>;
}

/** The broker's address for logs: never its password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'an invalid MQTT_URL';
  }
}

/** Whether every filter is a shared subscription (`$share/{group}/…`): then each message goes to one session. */
export function allShared(topics: readonly string[]): boolean {
  return topics.every((topic) => topic.startsWith('$share/'));
}

/**
 * How long the broker keeps a session after its connection drops. A stable client id: an hour, so a
 * restarted process resumes its sessions and what arrived meanwhile. An id that names the process
 * (no MQTT_CLIENT_ID): a minute, enough for a reconnect of the running process; after a crash the
 * broker stops queuing that process's share of messages for a session nobody will resume.
 */
export function sessionExpirySeconds(clientId: string | undefined): number {
  return clientId ? 3600 : 60;
}

export function startMqttIngest(options: MqttIngestOptions): MqttIngest {
  const { sensors, log } = options;
  const topics = options.topics ?? DEFAULT_TOPICS;
  const connections = options.connections ?? 1;
  // Each connection has a session of its own; without a share group every one of them would get
  // (and store) every message.
  if (connections > 1 && !allShared(topics))
    throw new Error('several MQTT connections need shared subscriptions ($share/{group}/…)');
  const broker = redactedUrl(options.url);
  const stats: MqttStats = { received: 0, stored: 0, duplicates: 0, refused: 0, unknownDevice: 0, failed: 0 };

  async function handle(packet: IPublishPacket): Promise<MqttOutcome> {
    const topic = packet.topic;
    const match = TOPIC.exec(topic);
    const device = match ? await sensors.deviceOfTopic(match[1] as string, match[2] as string) : undefined;
    if (!device) return { kind: 'unknownDevice', topic };
    try {
      const text = Buffer.isBuffer(packet.payload) ? packet.payload.toString('utf8') : String(packet.payload);
      return { kind: 'stored', topic, result: await sensors.ingest(device, text) };
    } catch (error) {
      if (error instanceof AppError) return { kind: 'refused', topic, code: error.code };
      throw error;
    }
  }

  function count(outcome: MqttOutcome): void {
    stats[outcome.kind] += 1;
    if (outcome.kind === 'stored') stats.duplicates += outcome.result.duplicates;
    if (outcome.kind !== 'stored') log.debug({ outcome }, 'MQTT message dropped');
  }

  /**
   * One subscribing connection. mqtt.js hands a connection's messages over one at a time and sends
   * each PUBACK when the handler calls back, so a connection stores one message at a time; the
   * broker spreads the share group's messages over the connections (decision 0016).
   */
  function connect(index: number) {
    const suffix = index === 0 ? '' : `-${index + 1}`;
    const client: MqttClient = mqtt.connect(options.url, {
      clientId: (options.clientId ?? `ingang-${os.hostname()}-${process.pid}`).slice(0, 60) + suffix,
      protocolVersion: 5,
      // The broker keeps our subscription and unacknowledged messages across a reconnect.
      clean: false,
      properties: { sessionExpiryInterval: sessionExpirySeconds(options.clientId) },
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
    });
    let markSubscribed: () => void = () => undefined;
    const subscribed = new Promise<void>((resolve) => {
      markSubscribed = resolve;
    });

    /**
     * A message that could not be stored (the database is away) is not acknowledged: the connection
     * is dropped, and the broker sends it again after the reconnect (our session outlives it).
     */
    function retryLater(error: unknown, packet: IPublishPacket, callback: (error?: Error) => void) {
      log.error(
        { err: error, topic: packet.topic },
        'MQTT message could not be stored; it will be sent again',
      );
      callback(error instanceof Error ? error : new Error(String(error)));
      setImmediate(() => client.stream?.destroy());
    }

    // Acknowledged only once handled: mqtt.js sends the PUBACK when the callback is called.
    client.handleMessage = (packet, callback) => {
      stats.received += 1;
      handle(packet).then(
        (outcome) => {
          count(outcome);
          options.onMessage?.(outcome);
          callback();
        },
        (error: unknown) => {
          const outcome = { kind: 'failed', topic: packet.topic } as const;
          count(outcome);
          options.onMessage?.(outcome);
          retryLater(error, packet, callback);
        },
      );
    };

    const connection = index + 1;
    client.on('connect', (connack) => {
      log.info({ broker, topics, connection, sessionPresent: connack.sessionPresent }, 'MQTT connected');
      client.subscribe(topics, { qos: 1 }, (error) => {
        if (error) log.error({ err: error, topics, connection }, 'MQTT subscription refused');
        else markSubscribed();
      });
    });
    client.on('reconnect', () => log.info({ broker, connection }, 'MQTT reconnecting'));
    client.on('offline', () => log.warn({ broker, connection }, 'MQTT broker unreachable; reconnecting'));
    // Without a listener an 'error' event would end the process.
    client.on('error', (error) => log.warn({ err: error, broker, connection }, 'MQTT connection error'));
    return { client, subscribed };
  }

  const subscribers = Array.from({ length: connections }, (_, index) => connect(index));
  const summary = setInterval(() => {
    if (stats.received > 0) log.info({ ...stats }, 'MQTT readings since start');
  }, 60_000).unref();

  return {
    subscribed: Promise.all(subscribers.map((subscriber) => subscriber.subscribed)).then(() => undefined),
    stats: () => ({ ...stats }),
    async close() {
      clearInterval(summary);
      // A session named after this process would never be resumed: ending it now makes the broker
      // give its share of the messages to the other processes' sessions at once.
      const disconnect = options.clientId ? {} : { properties: { sessionExpiryInterval: 0 } };
      await Promise.all(subscribers.map((subscriber) => subscriber.client.endAsync(false, disconnect)));
    },
  };
}
