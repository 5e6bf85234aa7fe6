/** Something that reports progress of long work: a bar on a terminal, log lines elsewhere. */
export interface Progress {
  update(label: string, done: number, total: number): void;
  done(): void;
}

/** Writes either a redrawn bar (TTY) or a plain line every `intervalMs` (pipes, CI logs). */
export function createProgress(
  stream: { write(text: string): unknown; isTTY?: boolean },
  intervalMs = 5000,
  /** What is counted, and its rate's short form (`pages`, `pages/s`). */
  unit: { name: string; rate: string } = { name: 'events', rate: 'ev/s' },
): Progress {
  const started = Date.now();
  let lastLine = 0;
  let drawn = false;
  return {
    update(label, done, total) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = done / seconds;
      const eta = rate > 0 && total > done ? Math.ceil((total - done) / rate) : 0;
      const figures = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit.name}  ${Math.round(rate).toLocaleString('en-US')} ${unit.rate}  ETA ${eta}s`;
      if (stream.isTTY) {
        const width = 30;
        const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
        stream.write(`\r${label.padEnd(9)} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${figures}\u001b[K`);
        drawn = true;
      } else if (Date.now() - lastLine >= intervalMs) {
        lastLine = Date.now();
        stream.write(`${label}: ${figures}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
