import { readFileSync } from 'node:fs';
import type { Split } from './deliveries/index.js';

/** An edge as the evaluation compares them: source item, type, target (item id or identity). */
export interface Edge {
  from: string;
  type: string;
  to: string;
}

/** The hand-written targets (`expected/*.txt`). */
export interface Expected {
  /** Live items, with the split whose deliveries create them. */
  items: Map<string, Split>;
  /** Items the story deletes. */
  removed: Map<string, Split>;
  edges: (Edge & { split: Split })[];
}

export const edgeKey = (edge: Edge): string => `${edge.from} ${edge.type} ${edge.to}`;

function lines(name: string): { split: Split | null; text: string; line: number }[] {
  const content = readFileSync(new URL(`./expected/${name}`, import.meta.url), 'utf8');
  let split: Split | null = null;
  const out: { split: Split | null; text: string; line: number }[] = [];
  content.split('\n').forEach((raw, index) => {
    const text = raw.trim();
    if (text === '## tuning') split = 'tuning';
    else if (text === '## held-out') split = 'held-out';
    else if (text !== '' && !text.startsWith('#')) out.push({ split, text, line: index + 1 });
  });
  return out;
}

/** Reads `expected/items.txt` and `expected/edges.txt`, failing loudly on a line it cannot read. */
export function readExpected(): Expected {
  const items = new Map<string, Split>();
  const removed = new Map<string, Split>();
  for (const { split, text, line } of lines('items.txt')) {
    if (!split) throw new Error(`expected/items.txt:${line}: an item before any '## tuning' or '## held-out'`);
    const [first, second] = text.split(/\s+/);
    if (first === 'removed' && second) removed.set(second, split);
    else items.set(first as string, split);
  }
  const names = new Map<string, string>();
  const resolve = (word: string, line: number) => {
    if (!word.startsWith('@')) return word;
    const id = names.get(word.slice(1));
    if (!id) throw new Error(`expected/edges.txt:${line}: '${word}' is not defined`);
    return id;
  };
  const edges: Expected['edges'] = [];
  for (const { split, text, line } of lines('edges.txt')) {
    const definition = /^@(\S+)\s*=\s*(\S+)$/.exec(text);
    if (definition) {
      names.set(definition[1] as string, definition[2] as string);
      continue;
    }
    const words = text.split(/\s+/);
    if (words.length !== 3 || !split)
      throw new Error(`expected/edges.txt:${line}: expected '<source> <TYPE> <target>' under a split, got '${text}'`);
    const from = resolve(words[0] as string, line);
    if (!items.has(from)) throw new Error(`expected/edges.txt:${line}: ${from} is not in expected/items.txt`);
    edges.push({ from, type: words[1] as string, to: resolve(words[2] as string, line), split });
  }
  return { items, removed, edges };
}
