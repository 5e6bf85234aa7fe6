import { styleText } from 'node:util';
import { prettyFactory } from 'pino-pretty';

/** How `pipe up` prints what its services write. */
export interface ServiceLogOptions {
  /**
   * One readable line per log record (pino-pretty), prefixed by the service; otherwise the JSON
   * lines as the services write them, prefixed by `[service]` (not a terminal, or `--json-logs`).
   */
  pretty: boolean;
  /** Colour the prefix and the level (a terminal that shows colours). */
  colors: boolean;
  write(text: string): unknown;
}

/** Where the services' output goes, and what it remembers of it for crash reports. */
export interface ServiceLog {
  /** A line a service wrote on its stdout or stderr. */
  line(service: string, text: string, stream: 'stdout' | 'stderr'): void;
  /** A line of `pipe up`'s own about a service (a restart, a crash). */
  note(service: string, text: string, level: 'info' | 'warn' | 'error'): void;
  /** The service's last warning and error lines (and anything it wrote that is not a log record), oldest first. */
  lastErrors(service: string): string[];
}

const KEPT_ERROR_LINES = 20;
/**
 * Records a person gains nothing from on a terminal: Fastify's own "Server listening at …" says
 * again what the runtime's "listening" line (with the instance and port) says.
 */
const SAID_TWICE = /^Server listening at /;
const WARN = 40;
const PREFIX_COLOURS = ['cyan', 'magenta', 'blue', 'green', 'yellow'] as const;

/** pino's numeric level of a JSON log line, or null when the line is not one. */
function parseRecord(text: string): { level: number; record: Record<string, unknown> } | null {
  if (!text.startsWith('{')) return null;
  try {
    const record = JSON.parse(text) as Record<string, unknown>;
    return typeof record.level === 'number' ? { level: record.level, record } : null;
  } catch {
    return null;
  }
}

/** See {@link ServiceLog}. */
export function createServiceLog(options: ServiceLogOptions): ServiceLog {
  const pretty = prettyFactory({
    colorize: options.colors,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    // Every line is the service's own; pid, host and trace ids are for log collectors, not people.
    ignore: 'pid,hostname,name,trace_id,span_id,trace_flags,service,instance',
  });
  const errors = new Map<string, string[]>();
  const colours = new Map<string, (typeof PREFIX_COLOURS)[number]>();
  const width = 16;

  const prefix = (service: string) => {
    const label = options.pretty ? service.padEnd(width) : `[${service}]`.padEnd(width);
    if (!options.colors) return label;
    let colour = colours.get(service);
    if (colour === undefined) {
      colour = PREFIX_COLOURS[colours.size % PREFIX_COLOURS.length] ?? 'cyan';
      colours.set(service, colour);
    }
    return styleText(colour, label);
  };
  const remember = (service: string, text: string) => {
    const kept = errors.get(service) ?? [];
    kept.push(text);
    if (kept.length > KEPT_ERROR_LINES) kept.shift();
    errors.set(service, kept);
  };

  return {
    line(service, text, stream) {
      const parsed = parseRecord(text);
      if (parsed === null) {
        if (stream === 'stderr') remember(service, text);
        options.write(`${prefix(service)} ${text}\n`);
        return;
      }
      if (parsed.level >= WARN) remember(service, options.pretty ? pretty(parsed.record).trimEnd() : text);
      if (options.pretty && typeof parsed.record.msg === 'string' && SAID_TWICE.test(parsed.record.msg)) return;
      options.write(`${prefix(service)} ${options.pretty ? pretty(parsed.record).trimEnd() : text}\n`);
    },
    note(service, text, level) {
      if (level !== 'info') remember(service, text);
      const styled = options.colors && level !== 'info' ? styleText(level === 'error' ? 'red' : 'yellow', text) : text;
      options.write(`${prefix(service)} ${styled}\n`);
    },
    lastErrors: (service) => [...(errors.get(service) ?? [])],
  };
}
