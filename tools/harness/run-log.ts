/**
 * The output of a harness run (test:console, test:federation): `say` prints a result line on stdout,
 * `note` a progress line on stderr with the seconds since the run started, only with --verbose.
 */
export interface RunLog {
  started: number;
  say(line: string): void;
  note(line: string): void;
  /** Seconds since the run started, one decimal. */
  elapsed(): string;
}

export function runLog(name: string, verbose: boolean): RunLog {
  const started = Date.now();
  const elapsed = (): string => ((Date.now() - started) / 1000).toFixed(1);
  return {
    started,
    elapsed,
    say: (line) => {
      process.stdout.write(`${line}\n`);
    },
    note: (line) => {
      if (verbose) {
        process.stderr.write(`[${name} ${elapsed()}s] ${line}\n`);
      }
    },
  };
}
