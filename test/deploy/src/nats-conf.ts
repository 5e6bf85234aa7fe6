/**
 * A reader for the nats-server configuration format, enough for Pipe's files: `key: value`,
 * `key = value` and `key value`, `{ }` blocks, `[ ]` arrays (items separated by commas or new
 * lines), quoted and bare strings, `#` comments and `//` comments between entries. Values stay strings (`$POD_NAME` too:
 * the server resolves variables from the environment at start). `include` is refused, since the
 * files under test must be self-contained. No npm package parses this format; the authoritative
 * parser is nats-server's own `-t`, which the tests also run when a recent server is installed.
 */
export type NatsConfValue = string | NatsConfValue[] | NatsConfBlock;
export interface NatsConfBlock {
  [key: string]: NatsConfValue;
}

/** The text is not a configuration this reader understands; the message says where. */
export class NatsConfSyntaxError extends Error {
  override readonly name = 'NatsConfSyntaxError';
  readonly code = 'NATS_CONF_SYNTAX';
}

const KEY = /[A-Za-z0-9_.$-]/;

/** Parses a nats-server configuration into nested blocks. Throws NatsConfSyntaxError. */
export function parseNatsConf(text: string): NatsConfBlock {
  let at = 0;
  const fail = (message: string): never => {
    const line = text.slice(0, at).split('\n').length;
    throw new NatsConfSyntaxError(`line ${line}: ${message}`);
  };

  /** Skips blanks and comments; with `newlines` false, stops at the end of the line. */
  const skip = (newlines: boolean): void => {
    while (at < text.length) {
      const char = text[at]!;
      if (char === '#' || (char === '/' && text[at + 1] === '/')) {
        while (at < text.length && text[at] !== '\n') at++;
      } else if (char === ' ' || char === '\t' || char === '\r' || (newlines && char === '\n')) {
        at++;
      } else {
        return;
      }
    }
  };

  const readKey = (): string => {
    const start = at;
    while (at < text.length && KEY.test(text[at]!)) at++;
    if (at === start) fail(`expected a key, found '${text[at] ?? 'end of file'}'`);
    return text.slice(start, at);
  };

  const readQuoted = (): string => {
    const quote = text[at]!;
    const end = text.indexOf(quote, at + 1);
    if (end < 0) fail('unterminated string');
    const value = text.slice(at + 1, end);
    at = end + 1;
    return value;
  };

  /**
   * A bare value runs to the end of the line, a comma, a closing bracket or a `#` comment. Not to
   * `//`, which every URL value (`nats://…`) contains.
   */
  const readBare = (): string => {
    const start = at;
    while (at < text.length && !'\n,]}#'.includes(text[at]!)) at++;
    const value = text.slice(start, at).trim();
    if (value === '') fail('expected a value');
    return value;
  };

  const readValue = (): NatsConfValue => {
    const char = text[at];
    if (char === '{') {
      at++;
      const block = readEntries('}');
      at++;
      return block;
    }
    if (char === '[') {
      at++;
      const items: NatsConfValue[] = [];
      for (;;) {
        skip(true);
        if (text[at] === ']') {
          at++;
          return items;
        }
        if (at >= text.length) fail('unterminated array');
        items.push(readValue());
        skip(false);
        if (text[at] === ',') at++;
      }
    }
    if (char === '"' || char === "'") return readQuoted();
    return readBare();
  };

  const readEntries = (closer: '}' | null): NatsConfBlock => {
    const block: NatsConfBlock = {};
    for (;;) {
      skip(true);
      if (at >= text.length) {
        if (closer !== null) fail(`missing '${closer}'`);
        return block;
      }
      if (text[at] === closer) return block;
      const key = readKey();
      if (key === 'include') fail('include is not supported: keep the file self-contained');
      skip(false);
      if (text[at] === ':' || text[at] === '=') {
        at++;
        skip(false);
      }
      if (key in block) fail(`'${key}' is set twice`);
      block[key] = readValue();
      skip(false);
      if (text[at] === ',' || text[at] === ';') at++;
    }
  };

  return readEntries(null);
}
